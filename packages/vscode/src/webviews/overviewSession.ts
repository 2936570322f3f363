import type * as vscode from 'vscode';
import { describeError } from '../errors.js';
import type { RequestLog } from '../log.js';
import type { TeamStore } from '../teams.js';
import { overviewRequest, type OverviewEvent } from './messages.js';
import { computeOverview, type SnapshotStore } from './overview.js';
import { accept, type WebviewPort } from './port.js';

export interface OverviewDeps {
  store: TeamStore;
  log: RequestLog;
  snapshots: SnapshotStore;
}

export const DEFAULT_STALE_DAYS = 90;

/** One Team Overview: reads the team when the view asks, and keeps the snapshot for next time. */
export class OverviewSession implements vscode.Disposable {
  private readonly listener: vscode.Disposable;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: OverviewDeps,
    readonly team: string,
    private readonly port: WebviewPort<OverviewEvent>,
  ) {
    this.listener = port.onMessage((raw) => void this.receive(raw));
  }

  async receive(raw: unknown): Promise<void> {
    const msg = accept(overviewRequest, raw, this.deps.log, this.port, (message) => ({
      type: 'error' as const,
      message,
    }));
    if (!msg) return;
    // One read at a time: a second click while reading waits for the first.
    if (this.running) return this.running;
    this.running = this.load(msg.type === 'refresh' ? msg.staleDays : DEFAULT_STALE_DAYS);
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async load(staleDays: number): Promise<void> {
    this.port.post({ type: 'busy', text: `Reading team ${this.team}...` });
    try {
      const client = await this.deps.store.client(this.team);
      const previous = await this.deps.snapshots.load(this.team);
      const { data, snapshot } = await computeOverview(client, this.team, {
        staleDays,
        previous,
      });
      await this.deps.snapshots.save(this.team, snapshot);
      this.port.post({ type: 'overview', data });
    } catch (e) {
      const message = `The overview of ${this.team} could not be read: ${describeError(e)}`;
      this.deps.log.error(message);
      this.port.post({ type: 'error', message });
    }
  }

  dispose(): void {
    this.listener.dispose();
  }
}
