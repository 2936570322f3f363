/**
 * A real n8n (from the tool cache, on Node 24) with this package installed the way n8n installs
 * a community package: the packed tarball unpacked under <user folder>/.n8n/nodes/node_modules,
 * listed in <user folder>/.n8n/nodes/package.json.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const PACKAGE_DIR = join(__dirname, '..');
export const PACKAGE_NAME = 'n8n-nodes-celonis-scim';
export const NODE_TYPE = `${PACKAGE_NAME}.celonisScim`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.celonisScimTrigger`;

export function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the suite with "npm run e2e", which installs n8n into the tool cache and sets it`,
    );
  return value;
}

export interface N8n {
  folder: string;
  env: NodeJS.ProcessEnv;
  bin: string;
  cli(args: string[], timeoutMs?: number): Promise<{ stdout: string; stderr: string }>;
  importCredential(credential: object): Promise<void>;
  importCredentials(credentials: object[]): Promise<void>;
  importWorkflow(workflow: object): Promise<void>;
  importWorkflows(workflows: object[]): Promise<void>;
  /** Runs a workflow with `n8n execute`; returns the run data of every node. */
  execute(id: string): Promise<ExecuteResult>;
  start(port: number): Promise<ChildProcess>;
  /** Starts `n8n <args>` (a worker, say) with extra variables; its output goes to logs/<name>.log. */
  spawn(args: string[], name: string, env?: NodeJS.ProcessEnv): ChildProcess;
  dispose(): Promise<void>;
}

export interface ExecuteResult {
  ok: boolean;
  /** node name -> output items (first output, first run). */
  output: Record<string, Array<Record<string, unknown>>>;
  error?: string;
  raw: unknown;
}

/**
 * Where the user folder goes: with E2E_KEEP_DIR set it is created there and kept after the run
 * (CI scans its database, the logs and the CLI output for leaked secrets), else in the temp
 * folder, removed at the end.
 */
async function userFolder(keepAs: string): Promise<{ folder: string; keep: boolean }> {
  const keepDir = process.env.E2E_KEEP_DIR;
  if (!keepDir) {
    const folder = await mkdtemp(join(tmpdir(), 'n8n-e2e-'));
    return { folder, keep: Boolean(process.env.KEEP_N8N_FOLDER) };
  }
  await mkdir(join(keepDir, keepAs), { recursive: true });
  return { folder: await mkdtemp(join(keepDir, keepAs, 'user-')), keep: true };
}

export interface N8nOptions {
  /** Variables on top of the defaults (queue mode, PostgreSQL). */
  env?: NodeJS.ProcessEnv;
  /** The folder under E2E_KEEP_DIR that keeps the user folder. Default "n8n". */
  keepAs?: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Packs the package (it must be built) and unpacks it into a fresh n8n user folder. */
export async function createN8n(options: N8nOptions = {}): Promise<N8n> {
  const bin = required('N8N_BIN');
  const nodeBin = required('NODE24_BIN');
  const { folder, keep } = await userFolder(options.keepAs ?? 'n8n');
  const nodesDir = join(folder, '.n8n', 'nodes');
  const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
  await mkdir(target, { recursive: true });
  const { stdout } = await exec('npm', ['pack', '--silent', '--pack-destination', folder], {
    cwd: PACKAGE_DIR,
  });
  const tarball = join(folder, stdout.trim().split('\n').pop() as string);
  await exec('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  await writeFile(
    join(nodesDir, 'package.json'),
    JSON.stringify({
      name: 'installed-nodes',
      private: true,
      dependencies: { [PACKAGE_NAME]: '0.1.0' },
    }),
  );
  // The test runner's own variables (NODE_ENV=test, VITEST_*) would change n8n's behaviour.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV'),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'production',
    PATH: `${nodeBin}:${process.env.PATH}`,
    N8N_USER_FOLDER: folder,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_RUNNERS_ENABLED: 'false',
    // n8n opens its task broker even with runners off, on 5679 by default: a second n8n on the
    // machine (another suite, a demo) would make every command fail.
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_HOST: '127.0.0.1',
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_SECURE_COOKIE: 'false',
    DB_SQLITE_POOL_SIZE: '2',
    NODE_OPTIONS: '',
    // n8n's own log also goes to a file in the user folder, where the secret scan reads it.
    N8N_LOG_OUTPUT: 'console,file',
    N8N_LOG_FILE_LOCATION: join(folder, 'logs', 'n8n.log'),
    ...options.env,
  };
  // Every CLI call's output (the run data of `n8n execute` included) and every server's output
  // land in the user folder too, for the same scan.
  const cliLog = join(folder, 'logs', 'cli.log');
  await mkdir(join(folder, 'logs'), { recursive: true });
  const cli = async (args: string[], timeoutMs = 120_000) => {
    const record = (out: { stdout?: string; stderr?: string }) =>
      appendFile(cliLog, `$ n8n ${args.join(' ')}\n${out.stdout ?? ''}${out.stderr ?? ''}\n`);
    try {
      const out = await exec(bin, args, { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
      await record(out);
      return out;
    } catch (e) {
      await record(e as { stdout?: string; stderr?: string });
      throw e;
    }
  };
  const children: ChildProcess[] = [];
  const n8n: N8n = {
    folder,
    env,
    bin,
    cli,
    async importCredential(credential) {
      await n8n.importCredentials([credential]);
    },
    async importCredentials(credentials) {
      // The import file holds the secrets in clear text: it must not outlive the import.
      const file = join(folder, `cred-${Date.now()}.json`);
      await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
      try {
        await cli(['import:credentials', `--input=${file}`]);
      } finally {
        await rm(file, { force: true });
      }
    },
    async importWorkflow(workflow) {
      await n8n.importWorkflows([workflow]);
    },
    async importWorkflows(workflows) {
      const file = join(folder, `wf-${Date.now()}.json`);
      await writeFile(file, JSON.stringify(workflows));
      await cli(['import:workflow', `--input=${file}`]);
    },
    async execute(id) {
      const { stdout } = await cli(['execute', `--id=${id}`, '--rawOutput']).catch(
        (e: { stdout?: string; stderr?: string; message: string }) => ({
          stdout: e.stdout ?? '',
          stderr: e.stderr ?? e.message,
        }),
      );
      return parseRun(stdout);
    },
    async start(port) {
      return n8n.spawn(['start'], `server-${children.length + 1}`, { N8N_PORT: String(port) });
    },
    spawn(args, name, extra = {}) {
      const child = spawn(bin, args, {
        env: { ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Appended: a process started again under the same name (a restart) keeps the first log.
      const log = createWriteStream(join(folder, 'logs', `${name}.log`), { flags: 'a' });
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      child.once('exit', () => log.end());
      children.push(child);
      return child;
    },
    async dispose() {
      for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
      if (!keep) await rm(folder, { recursive: true, force: true });
    },
  };
  return n8n;
}

/** `n8n execute --rawOutput` prints the run as JSON after any log lines. */
export function parseRun(stdout: string): ExecuteResult {
  // The run is pretty-printed: it starts at a line that is just "{" (log lines may hold braces).
  const match = /^\{$/m.exec(stdout);
  const start = match ? match.index : stdout.indexOf('{');
  let raw: unknown;
  try {
    const ends = [...stdout.matchAll(/^\}$/gm)];
    const end = ends.length ? (ends[ends.length - 1]!.index as number) + 1 : stdout.length;
    raw = JSON.parse(stdout.slice(start, end));
  } catch {
    const text = stdout.trim();
    return {
      ok: false,
      output: {},
      error: `${text.slice(0, 1500)} ... ${text.slice(-500)}`,
      raw: stdout,
    };
  }
  const run = raw as {
    data?: { resultData?: { runData?: Record<string, unknown[]>; error?: { message?: string } } };
  };
  const resultData = run.data?.resultData ?? {};
  const output: ExecuteResult['output'] = {};
  for (const [name, runs] of Object.entries(resultData.runData ?? {})) {
    const first = runs[0] as { data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } };
    output[name] = (first?.data?.main?.[0] ?? []).map((i) => i.json);
  }
  return {
    ok: !resultData.error,
    output,
    ...(resultData.error ? { error: resultData.error.message ?? 'failed' } : {}),
    raw,
  };
}

export async function listFiles(dir: string): Promise<string[]> {
  return readdir(dir);
}
