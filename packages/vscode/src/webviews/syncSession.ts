import type * as vscode from 'vscode';
import {
  applyPlan,
  planSync,
  type AttributeMapping,
  type MatchKey,
  type SyncPlan,
} from '@celonis-scim/core';
import { describeError } from '../errors.js';
import type { RequestLog } from '../log.js';
import type { TeamStore } from '../teams.js';
import { syncRequest, type SyncEvent, type SyncRequest } from './messages.js';
import { planView, reportView } from './planView.js';
import { accept, type WebviewPort } from './port.js';
import {
  effectiveMapping,
  initialMapping,
  preview,
  readSource,
  TARGETS,
  type SyncSource,
} from './source.js';

const MAPPINGS_KEY = 'celonisScim.syncMappings';

export interface SyncDeps {
  store: TeamStore;
  log: RequestLog;
  /** Where column mappings are remembered, per file. */
  memento: vscode.Memento;
  /** Redraws the team in the tree after an apply. */
  refreshTree(team: string): void;
}

/** Match keys in core's priority order, among the attributes the mapping fills. */
export function matchKeysFor(mapping: AttributeMapping): MatchKey[] {
  const targets = new Set(Object.values(mapping).map((t) => (typeof t === 'string' ? t : t.path)));
  const keys: MatchKey[] = [];
  if (targets.has('externalId')) keys.push('externalId');
  if (
    targets.has('employeeNumber') ||
    targets.has('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber')
  )
    keys.push('employeeNumber');
  keys.push('userName');
  return keys;
}

/**
 * One "Sync Team from File" view: mapping, plan, apply and report for one file and team. It
 * talks to its webview through a port only, so the same code runs in tests without a panel.
 */
export class SyncSession implements vscode.Disposable {
  private plan: SyncPlan | undefined;
  private applying: AbortController | undefined;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly deps: SyncDeps,
    readonly team: string,
    private readonly source: SyncSource,
    private readonly port: WebviewPort<SyncEvent>,
  ) {
    this.listener = port.onMessage((raw) => void this.receive(raw));
  }

  /** Handles one message; resolves when its work is over (tests await it). */
  async receive(raw: unknown): Promise<void> {
    const msg = accept(syncRequest, raw, this.deps.log, this.port, (message) => ({
      type: 'error' as const,
      message,
    }));
    if (msg) await this.handle(msg);
  }

  private async handle(msg: SyncRequest): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.init();
      case 'plan':
        return this.makePlan(msg.mapping, msg.missing);
      case 'apply':
        return this.apply(msg.confirmUnsafe);
      case 'cancel':
        this.applying?.abort();
        return;
    }
  }

  private remembered(): Record<string, AttributeMapping> {
    return this.deps.memento.get<Record<string, AttributeMapping>>(MAPPINGS_KEY) ?? {};
  }

  private init(): void {
    try {
      const p = preview(this.source);
      this.port.post({
        type: 'init',
        team: this.team,
        file: this.source.name,
        format: this.source.format,
        columns: p.columns,
        rows: p.rows,
        mapping: stringMapping(initialMapping(p.columns, this.remembered()[this.source.key])),
        targets: [...TARGETS],
      });
    } catch (e) {
      this.fail(`${this.source.name} cannot be read: ${describeError(e)}`);
    }
  }

  private async makePlan(
    mapping: Record<string, string>,
    missing: 'deactivate' | 'delete' | 'leave',
  ): Promise<void> {
    if (this.applying) return this.fail('An apply is running; wait for its report.');
    this.plan = undefined;
    this.port.post({ type: 'busy', text: `Reading ${this.source.name} and the team...` });
    try {
      const desired = await readSource(this.source, mapping);
      await this.deps.memento.update(MAPPINGS_KEY, {
        ...this.remembered(),
        [this.source.key]: mapping,
      });
      const client = await this.deps.store.client(this.team);
      const plan = await planSync(client, desired, {
        match: matchKeysFor(effectiveMapping(mapping, this.source.name)),
        missing,
      });
      this.plan = plan;
      this.port.post({ type: 'plan', plan: planView(plan, this.team, this.source.name) });
    } catch (e) {
      this.fail(describeError(e));
    }
  }

  private async apply(confirmUnsafe: boolean): Promise<void> {
    const plan = this.plan;
    if (!plan) return this.fail('Make a plan first.');
    if (this.applying) return this.fail('This plan is being applied already.');
    if (plan.errors.length > 0)
      return this.fail('The plan has errors (listed above); fix the file and plan again.');
    if (!plan.safety.safe && !confirmUnsafe)
      return this.fail(
        `This plan is unsafe (${plan.safety.problems.join('; ')}). Review it, tick the confirmation and apply again.`,
      );
    const controller = new AbortController();
    this.applying = controller;
    const total = plan.actions.length;
    this.port.post({ type: 'progress', done: 0, total });
    let last = 0;
    try {
      const client = await this.deps.store.client(this.team);
      const report = await applyPlan(client, plan, {
        signal: controller.signal,
        allowUnsafe: !plan.safety.safe && confirmUnsafe,
        onProgress: ({ done }) => {
          // A progress message per ~1% keeps a large apply from flooding the view.
          if (done === total || done - last >= Math.max(1, Math.floor(total / 100))) {
            last = done;
            this.port.post({ type: 'progress', done, total });
          }
        },
      });
      this.plan = undefined;
      this.port.post({ type: 'report', report: reportView(plan, report) });
      this.deps.log.info(
        `[${this.team}] sync from ${this.source.name}: ${report.counts.done} done, ${report.counts.conflict} conflict, ${report.counts.failed} failed, ${report.counts.skipped} skipped${report.cancelled ? ' (cancelled)' : ''}`,
      );
    } catch (e) {
      this.fail(describeError(e));
    } finally {
      this.applying = undefined;
      this.deps.refreshTree(this.team);
    }
  }

  private fail(message: string): void {
    this.deps.log.error(`[${this.team}] sync from ${this.source.name}: ${message}`);
    this.port.post({ type: 'error', message });
  }

  dispose(): void {
    this.applying?.abort();
    this.listener.dispose();
  }
}

function stringMapping(m: AttributeMapping): Record<string, string> {
  return Object.fromEntries(
    Object.entries(m).map(([k, v]) => [k, typeof v === 'string' ? v : v.path]),
  );
}
