import { badRequest } from '../errors.js';
import type { Store } from '../store.js';
import type { JsonObject } from '../types.js';
import type { CelonisTeamConfig } from './options.js';
import { CELONIS_USER } from './schema.js';

/** Where a user stands for the licence: active or not, and its role. */
export interface Seat {
  active: boolean;
  role: string;
}

/** The seat a stored user takes (absent active means active; absent role means MEMBER). */
export function seatOf(data: JsonObject): Seat {
  const ext = data[CELONIS_USER];
  const role = ext && typeof ext === 'object' && !Array.isArray(ext) ? ext.role : undefined;
  return { active: data.active !== false, role: typeof role === 'string' ? role : 'MEMBER' };
}

const ROLE_PATH = `$."${CELONIS_USER}".role`;

/**
 * The team licence: seats for active users, in all and per role. A create, a reactivation or a
 * role change that needs a seat beyond it is refused with 400, as Celonis documents ("it can
 * fail if the license is exceeded"; updates "can also fail, e.g. because of license
 * restrictions"). Counted in SQL so that a large seeded team costs one indexed scan.
 */
export class Licence {
  private readonly st;

  constructor(store: Store) {
    const active = `team = ? AND type = 'User' AND (active IS NULL OR active <> 0) AND id <> ?`;
    this.st = {
      active: store.db.prepare(`SELECT count(*) AS n FROM resources WHERE ${active}`),
      withRole: store.db.prepare(
        `SELECT count(*) AS n FROM resources WHERE ${active}
           AND coalesce(json_extract(data, '${ROLE_PATH}'), 'MEMBER') = ?`,
      ),
    };
  }

  /** Throws 400 when user `id` moving from `before` to `after` needs a seat the team lacks. */
  check(
    team: CelonisTeamConfig & { name: string },
    id: string,
    before: Seat | undefined,
    after: Seat,
  ): void {
    if (!after.active) return;
    const { seats, perRole } = team.licence;
    const newlyActive = !before?.active;
    if (seats !== undefined && newlyActive) {
      const n = (this.st.active.get(team.name, id) as { n: number }).n;
      if (n + 1 > seats)
        throw badRequest(
          'invalidValue',
          `The team license is exceeded: all ${seats} seats of team ${team.name} are taken by active users. Deactivate or delete a user, or extend the license.`,
        );
    }
    const roleSeats = perRole[after.role];
    if (roleSeats !== undefined && (newlyActive || before?.role !== after.role)) {
      const n = (this.st.withRole.get(team.name, id, after.role) as { n: number }).n;
      if (n + 1 > roleSeats)
        throw badRequest(
          'invalidValue',
          `The team license is exceeded: all ${roleSeats} ${after.role} seats of team ${team.name} are taken by active users. Give the user another role, free a seat, or extend the license.`,
        );
    }
  }
}
