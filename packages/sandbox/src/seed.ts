import { CELONIS_USER } from './celonis/schema.js';
import { prng } from './faults.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './filter.js';
import type { Row, Store } from './store.js';
import type { JsonObject, TeamConfig } from './types.js';

const FIRST = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Greta',
  'Hannah',
  'Isabel',
  'Jonas',
  'Karim',
  'Lena',
  'Mateo',
  'Nora',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Samir',
  'Tara',
  'Umar',
  'Vera',
  'Wei',
  'Yuki',
  'Zoe',
  'Aisha',
  'Bruno',
  'Chloe',
  'Diego',
  'Elif',
  'Farah',
  'Giulia',
  'Hugo',
  'Ines',
  'Jakob',
  'Kenji',
  'Lucia',
];
const LAST = [
  'Schmidt',
  'Müller',
  'Garcia',
  'Rossi',
  'Dubois',
  'Novak',
  'Kowalski',
  'Silva',
  'Nguyen',
  'Okafor',
  'Tanaka',
  'Johansson',
  'Costa',
  'Weber',
  'Fischer',
  'Martin',
  'Kim',
  'Patel',
  'Haddad',
  'Larsen',
  'Moreau',
  'Becker',
  "O'Brien",
  'Ivanova',
  'Schneider',
  'Romero',
  'Yilmaz',
  'Andersen',
  'Bauer',
  'Chen',
];
const DEPARTMENTS: Array<[string, string[]]> = [
  ['Engineering', ['Software Engineer', 'Senior Software Engineer', 'Engineering Manager', 'SRE']],
  ['Sales', ['Account Executive', 'Sales Manager', 'Solution Consultant']],
  ['Finance', ['Accountant', 'Controller', 'Financial Analyst']],
  ['Operations', ['Process Analyst', 'Operations Manager', 'Supply Chain Planner']],
  ['Marketing', ['Marketing Manager', 'Content Strategist']],
  ['People', ['HR Business Partner', 'Recruiter']],
  ['Data', ['Data Scientist', 'Data Engineer', 'Process Mining Analyst']],
];
const GROUP_NAMES = [
  'Analysts',
  'Data Admins',
  'Viewers',
  'Process Owners',
  'Studio Editors',
  'Auditors',
  'Project Leads',
];

/** Deterministic UUID v4 from the seeded PRNG, so a seed gives the same ids on every run. */
function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

export interface SeedPlan {
  users: number;
  groups: number;
  seed: number;
}

type Rand = () => number;
const BASE_TIME = Date.UTC(2024, 0, 1);

function pickFrom<T>(rand: Rand, xs: T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** One realistic user; the first user of each department becomes its manager. */
function makeUser(
  rand: Rand,
  team: TeamConfig,
  i: number,
  managers: Record<string, { id: string; name: string }>,
): Row {
  const first = pickFrom(rand, FIRST);
  const last = pickFrom(rand, LAST);
  const [dept, titles] = pickFrom(rand, DEPARTMENTS);
  const id = uuid(rand);
  const userName = `${ascii(first)}.${ascii(last)}${i + 1}@${team.name}.example.com`;
  const created = new Date(BASE_TIME + i * 60_000).toISOString();
  const ext: JsonObject = {
    employeeNumber: String(100000 + i),
    department: dept,
    organization: team.name,
    costCenter: `CC-${100 + DEPARTMENTS.findIndex((d) => d[0] === dept)}`,
  };
  const mgr = managers[dept];
  if (mgr) ext.manager = { value: mgr.id, displayName: mgr.name };
  else managers[dept] = { id, name: `${first} ${last}` };
  const data: JsonObject = {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    id,
    externalId: `emp-${100000 + i}`,
    userName,
    name: { givenName: first, familyName: last, formatted: `${first} ${last}` },
    displayName: `${first} ${last}`,
    title: pickFrom(rand, titles),
    active: rand() >= 0.1,
    emails: [{ value: userName, type: 'work', primary: true }],
    locale: pickFrom(rand, ['en-US', 'de-DE', 'fr-FR', 'es-ES']),
    [ENTERPRISE_SCHEMA]: ext,
    meta: { resourceType: 'User', created, lastModified: created },
  };
  if (team.profile === 'celonis') {
    // Without drawing from the PRNG, so a seed gives the same users under both profiles.
    data.schemas = [USER_SCHEMA, ENTERPRISE_SCHEMA, CELONIS_USER];
    data[CELONIS_USER] = { role: i % 5 === 4 ? 'ANALYST' : 'MEMBER' };
  }
  return { id, type: 'User', data, version: 1, created, lastModified: created };
}

function makeGroup(rand: Rand, g: number): Row {
  const id = uuid(rand);
  const displayName = g < GROUP_NAMES.length ? GROUP_NAMES[g]! : `Team ${g + 1}`;
  const created = new Date(BASE_TIME + g * 3_600_000).toISOString();
  const data: JsonObject = {
    schemas: [GROUP_SCHEMA],
    id,
    displayName,
    meta: { resourceType: 'Group', created, lastModified: created },
  };
  return { id, type: 'Group', data, version: 1, created, lastModified: created };
}

/** Fills an empty team with realistic users and groups in one transaction. */
export function seedTeam(
  store: Store,
  team: TeamConfig,
  plan: SeedPlan,
  progress?: (line: string) => void,
): void {
  if (store.count(team.name, 'User') > 0 || store.count(team.name, 'Group') > 0) return;
  // The team name is mixed into the seed so two teams never share ids.
  let h = plan.seed >>> 0;
  for (const ch of team.name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const rand = prng(h);
  store.transaction(() => {
    const managers: Record<string, { id: string; name: string }> = {};
    const ids: string[] = [];
    for (let i = 0; i < plan.users; i++) {
      const row = makeUser(rand, team, i, managers);
      store.insert(team.name, 'User', row);
      ids.push(row.id);
      if (progress && plan.users >= 20_000 && (i + 1) % 20_000 === 0) {
        progress(`seeding ${team.name}: ${i + 1}/${plan.users} users`);
      }
    }
    for (let g = 0; g < plan.groups; g++) {
      const row = makeGroup(rand, g);
      store.insert(team.name, 'Group', row);
      const size = Math.min(ids.length, 2 + Math.floor(rand() * Math.min(50, ids.length)));
      const members = new Set<string>();
      while (members.size < size) members.add(pickFrom(rand, ids));
      store.setMembers(
        team.name,
        row.id,
        [...members].map((value) => ({ value, type: 'User' as const })),
      );
    }
  });
}
