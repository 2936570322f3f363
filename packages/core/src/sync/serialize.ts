import { hash53 } from '../changes/fingerprint.js';
import { SyncError } from './errors.js';
import { ACTION_KINDS, type SyncAction, type SyncPlan } from './types.js';

type Obj = Record<string, unknown>;

const FORMAT = 'celonis-scim/sync-plan';
const VERSION = 1;
const TOP_KEYS = [
  'format',
  'version',
  'createdAt',
  'baseUrl',
  'server',
  'options',
  'source',
  'team',
  'counts',
  'safety',
  'errors',
  'warnings',
  'actions',
] as const;

/** JSON with object keys sorted and array order kept: the text the checksum covers. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Obj;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Detects edits, not forgery: two 53-bit lanes over the canonical text. A plan file is
 * reviewed by people; what must not happen is applying a file someone changed by hand.
 */
export function planChecksum(plan: SyncPlan | Obj): string {
  const rest: Obj = {};
  for (const k of TOP_KEYS) rest[k] = (plan as Obj)[k];
  const text = stable(rest);
  return `h1:${hash53(text, 1)}${hash53(text, 2)}`;
}

/** The plan as a versioned JSON file: fixed key order, two-space indent, with a checksum. */
export function serializePlan(plan: SyncPlan): string {
  const out: Obj = {};
  for (const k of TOP_KEYS) out[k] = plan[k];
  out.checksum = planChecksum(plan);
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Reads a plan file, refusing one that is not a plan, of another version, or edited by hand. */
export function parsePlan(text: string, options: { file?: string | undefined } = {}): SyncPlan {
  const file = options.file;
  const fail = (message: string, code: 'planFormat' | 'checksum' = 'planFormat'): never => {
    throw new SyncError({ code, file, message });
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    fail(
      `is not valid JSON (${e instanceof Error ? e.message : String(e)}): pass a file written by serializePlan`,
    );
  }
  if (!isObject(doc) || doc.format !== FORMAT)
    fail(`is not a sync plan (expected "format": "${FORMAT}")`);
  const d = doc as Obj;
  if (d.version !== VERSION)
    fail(
      `is a version ${JSON.stringify(d.version)} plan; this library reads version ${VERSION}: make the plan again with this version`,
    );
  if (typeof d.checksum !== 'string') fail('has no checksum: pass a file written by serializePlan');
  if (d.checksum !== planChecksum(d))
    fail(
      'was changed after it was written (checksum mismatch): make a new plan rather than editing one',
      'checksum',
    );
  checkShape(d, fail);
  const plan: Obj = {};
  for (const k of TOP_KEYS) plan[k] = d[k];
  return plan as unknown as SyncPlan;
}

function checkShape(d: Obj, fail: (m: string) => never): void {
  if (typeof d.baseUrl !== 'string') fail('has no baseUrl');
  if (typeof d.createdAt !== 'string' || !Number.isFinite(Date.parse(d.createdAt)))
    fail('has no valid createdAt');
  for (const k of ['server', 'options', 'safety', 'counts'] as const)
    if (!isObject(d[k])) fail(`has no "${k}" object`);
  for (const k of ['errors', 'warnings', 'actions'] as const)
    if (!Array.isArray(d[k])) fail(`has no "${k}" list`);
  const ids = new Set<string>();
  (d.actions as unknown[]).forEach((a, i) => {
    const where = `actions[${i}]`;
    if (
      !isObject(a) ||
      typeof a.id !== 'string' ||
      !ACTION_KINDS.includes(a.kind as SyncAction['kind'])
    )
      fail(`${where} is not an action (needs an id and a kind of ${ACTION_KINDS.join(', ')})`);
    const act = a as Obj;
    const id = String(act.id); // a string: checked above
    if (ids.has(id)) fail(`${where}: id ${id} occurs twice`);
    ids.add(id);
    const need = (k: string, ok: (v: unknown) => boolean) => {
      if (!ok(act[k])) fail(`${where} (${String(act.id)}): "${k}" is missing or malformed`);
    };
    const str = (v: unknown) => typeof v === 'string' && v !== '';
    switch (act.kind) {
      case 'createGroup':
        need('displayName', str);
        break;
      case 'create':
        need('userName', str);
        need('user', isObject);
        break;
      case 'delete':
        need('userId', str);
        need('planned', isObject);
        break;
      case 'addMembers':
      case 'removeMembers':
        need('group', isObject);
        need('members', Array.isArray);
        break;
      default:
        need('userId', str);
        need('patch', Array.isArray);
        need('changes', Array.isArray);
        need('planned', isObject);
    }
  });
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
