import * as vscode from 'vscode';
import type { RequestLogEntry } from '@celonis-scim/core';

/**
 * The request log: method, path, status and time per request. The core logger never passes
 * headers or bodies, so no credential can reach this channel through it.
 */
export class RequestLog implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('Celonis SCIM', { log: true });
  }

  request(team: string, e: RequestLogEntry): void {
    const status = e.status ?? e.error ?? 'error';
    const retry = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
    this.channel.info(`[${team}] ${e.method} ${e.path} -> ${status} in ${e.ms} ms${retry}`);
  }

  info(message: string): void {
    this.channel.info(message);
  }

  error(message: string): void {
    this.channel.error(message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
