/**
 * Redis and PostgreSQL for n8n's queue mode: Debian's binaries (installed by the tool script),
 * each started on a free loopback port in a folder of its own, never as a system service.
 * PostgreSQL refuses to run as root: as root, initdb and pg_ctl run through `runuser` as the
 * unprivileged `postgres` user that Debian's package creates, on a folder owned by that user.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, required } from '../n8n';

const exec = promisify(execFile);

export interface Redis {
  port: number;
  stop(): Promise<void>;
}

export async function startRedis(dir: string): Promise<Redis> {
  const bin = required('REDIS_SERVER_BIN');
  const port = await freePort();
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: dir, stdio: 'ignore' },
  );
  await waitFor(`redis on port ${port}`, 20_000, async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const { stdout } = await exec('redis-cli', ['-p', String(port), 'ping']).catch(() => ({
      stdout: '',
    }));
    return stdout.trim() === 'PONG' || undefined;
  });
  return { port, stop: () => stopChild(child) };
}

export interface Postgres {
  port: number;
  database: string;
  user: string;
  /** Runs one SQL statement; rows as tab-separated lines. */
  query(sql: string): Promise<string[][]>;
  /** A plain-SQL dump of the database (n8n's execution data included) into `file`. */
  dump(file: string): Promise<void>;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL server binary as the unprivileged user when we are root. */
function pgExec(bin: string, args: string[]) {
  return asRoot
    ? exec('runuser', ['-u', 'postgres', '--', bin, ...args])
    : exec(bin, args, { maxBuffer: 256 * 1024 * 1024 });
}

export async function startPostgres(): Promise<Postgres> {
  const binDir = required('POSTGRES_BIN_DIR');
  const port = await freePort();
  // The data folder is never kept: the dump (plain SQL) is what the secret scan reads.
  const data = await mkdtemp(join(tmpdir(), 'n8n-queue-pg-'));
  if (asRoot) {
    const { stdout } = await exec('id', ['-u', 'postgres']);
    const { stdout: gid } = await exec('id', ['-g', 'postgres']);
    await chown(data, Number(stdout.trim()), Number(gid.trim()));
  }
  const user = 'n8n';
  const database = 'n8n';
  await pgExec(join(binDir, 'initdb'), ['-D', data, '-A', 'trust', '-U', user, '--no-sync']);
  await pgExec(join(binDir, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(data, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const psql = (args: string[]) =>
    exec('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-X', ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
  await psql(['-d', 'postgres', '-c', `CREATE DATABASE ${database}`]);
  return {
    port,
    database,
    user,
    async query(sql) {
      const { stdout } = await psql(['-d', database, '-At', '-F', '\t', '-c', sql]);
      return stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t'));
    },
    async dump(file) {
      const { stdout } = await exec(
        'pg_dump',
        ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database],
        { maxBuffer: 512 * 1024 * 1024 },
      );
      await writeFile(file, stdout);
    },
    async stop() {
      await pgExec(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch(
        () => undefined,
      );
      await rm(data, { recursive: true, force: true });
    },
  };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `probe` every 250 ms until it returns a value, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
