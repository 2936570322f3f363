import type { Row } from '../store.js';
import { CELONIS_USER } from './schema.js';

/** One invitation the Celonis profile would have e-mailed; recorded, never sent. */
export interface Invitation {
  team: string;
  userId: string;
  userName: string;
  email: string;
  role: string;
  invitedAt: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The address an invitation goes to: the primary e-mail, else the first, else the userName. */
export function emailOf(data: Record<string, unknown>): string {
  const emails = Array.isArray(data.emails) ? (data.emails as Array<Record<string, unknown>>) : [];
  const primary = emails.find((e) => e.primary === true) ?? emails[0];
  return str(primary?.value) ?? str(data.userName) ?? '';
}

/** Invitations of every team, in memory, in the order they were made. */
export class Invitations {
  private readonly all: Invitation[] = [];

  record(team: string, row: Row): void {
    const ext = row.data[CELONIS_USER] as Record<string, unknown> | undefined;
    this.all.push({
      team,
      userId: row.id,
      userName: str(row.data.userName) ?? '',
      email: emailOf(row.data),
      role: str(ext?.role) ?? 'MEMBER',
      invitedAt: row.created,
    });
  }

  list(team?: string): Invitation[] {
    return this.all.filter((i) => team === undefined || i.team === team).map((i) => ({ ...i }));
  }

  clear(team?: string): void {
    for (let i = this.all.length - 1; i >= 0; i--)
      if (team === undefined || this.all[i]!.team === team) this.all.splice(i, 1);
  }
}
