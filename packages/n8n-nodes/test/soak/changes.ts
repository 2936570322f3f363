/** Random changes to a team, made through the core client and recorded in the soak's model. */
import type { ScimClient } from '@celonis-scim/core';
import type { Model } from './model';

export type Random = () => number;

const pick = <T>(rand: Random, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[Math.floor(rand() * items.length)];

const TITLES = ['Analyst', 'Engineer', 'Manager', 'Director', 'Intern'];

export class ChangeMaker {
  private n = 0;
  /** How many changes of each kind were made, for the report. */
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly client: ScimClient,
    private readonly model: Model,
    private readonly rand: Random,
  ) {}

  /** Makes one random change; returns its kind. */
  async one(): Promise<string> {
    const kinds: Array<[string, number, () => Promise<boolean>]> = [
      ['createUser', 5, () => this.createUser()],
      ['updateUser', 4, () => this.updateUser()],
      ['deactivate', 2, () => this.setActive(false)],
      ['reactivate', 2, () => this.setActive(true)],
      ['deleteUser', 2, () => this.deleteUser()],
      ['createGroup', 1, () => this.createGroup()],
      ['renameGroup', 1, () => this.renameGroup()],
      ['deleteGroup', 0.5, () => this.deleteGroup()],
      ['addMember', 4, () => this.addMember()],
      ['removeMember', 3, () => this.removeMember()],
    ];
    const total = kinds.reduce((s, [, w]) => s + w, 0);
    let r = this.rand() * total;
    for (const [kind, weight, make] of kinds) {
      r -= weight;
      if (r <= 0 || kind === 'removeMember') {
        if (!(await make())) return this.createUser().then(() => this.count('createUser'));
        return this.count(kind);
      }
    }
    throw new Error('unreachable');
  }

  private count(kind: string): string {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    return kind;
  }

  private userIds(active?: boolean): string[] {
    return [...this.model.users]
      .filter(([, u]) => active === undefined || u.active === active)
      .map(([id]) => id);
  }

  private async createUser(): Promise<boolean> {
    const userName = `soak.${++this.n}.${Math.floor(this.rand() * 1e6)}@soak.example`;
    const title = pick(this.rand, TITLES)!;
    const u = await this.client.users.create({ userName, title, active: true });
    this.model.users.set(u.id!, { userName, title, active: true });
    return true;
  }

  private async updateUser(): Promise<boolean> {
    const id = pick(this.rand, this.userIds());
    if (!id) return false;
    const title = `${pick(this.rand, TITLES)!} ${this.n++}`;
    await this.client.users.patch(id, [{ op: 'replace', path: 'title', value: title }]);
    this.model.users.get(id)!.title = title;
    return true;
  }

  private async setActive(active: boolean): Promise<boolean> {
    const id = pick(this.rand, this.userIds(!active));
    if (!id) return false;
    await (active ? this.client.users.activate(id) : this.client.users.deactivate(id));
    this.model.users.get(id)!.active = active;
    return true;
  }

  private async deleteUser(): Promise<boolean> {
    const id = pick(this.rand, this.userIds());
    if (!id) return false;
    await this.client.users.delete(id);
    this.model.users.delete(id);
    for (const g of this.model.groups.values()) g.members.delete(id);
    return true;
  }

  private async createGroup(): Promise<boolean> {
    const displayName = `Soak group ${++this.n}`;
    const first = pick(this.rand, this.userIds());
    const g = await this.client.groups.create({
      displayName,
      ...(first ? { members: [{ value: first }] } : {}),
    });
    this.model.groups.set(g.id!, { displayName, members: new Set(first ? [first] : []) });
    return true;
  }

  private async renameGroup(): Promise<boolean> {
    const id = pick(this.rand, [...this.model.groups.keys()]);
    if (!id) return false;
    const displayName = `Soak group ${++this.n} (renamed)`;
    await this.client.groups.patch(id, [
      { op: 'replace', path: 'displayName', value: displayName },
    ]);
    this.model.groups.get(id)!.displayName = displayName;
    return true;
  }

  private async deleteGroup(): Promise<boolean> {
    // Keep a few groups around so membership changes have somewhere to go.
    if (this.model.groups.size <= 3) return false;
    const id = pick(this.rand, [...this.model.groups.keys()])!;
    await this.client.groups.delete(id);
    this.model.groups.delete(id);
    return true;
  }

  private async addMember(): Promise<boolean> {
    const groupId = pick(this.rand, [...this.model.groups.keys()]);
    const group = groupId === undefined ? undefined : this.model.groups.get(groupId);
    const userId = pick(
      this.rand,
      this.userIds().filter((id) => !group?.members.has(id)),
    );
    if (!groupId || !group || !userId) return false;
    await this.client.groups.addMembers(groupId, [userId]);
    group.members.add(userId);
    return true;
  }

  private async removeMember(): Promise<boolean> {
    const withMembers = [...this.model.groups].filter(([, g]) => g.members.size > 0);
    const entry = pick(this.rand, withMembers);
    if (!entry) return false;
    const [groupId, group] = entry;
    const userId = pick(this.rand, [...group.members])!;
    await this.client.groups.removeMembers(groupId, [userId]);
    group.members.delete(userId);
    return true;
  }
}

/** The starting point, read once; from then on the model follows the soak's own changes. */
export async function readModel(client: ScimClient): Promise<Model> {
  const model: Model = { users: new Map(), groups: new Map() };
  for await (const u of client.users.list({}))
    model.users.set(u.id!, {
      userName: u.userName,
      title: String(u.title ?? ''),
      active: u.active !== false,
    });
  for await (const g of client.groups.list({}))
    model.groups.set(g.id!, {
      displayName: g.displayName,
      members: new Set((g.members ?? []).map((m) => m.value)),
    });
  return model;
}
