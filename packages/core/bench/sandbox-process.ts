/**
 * Runs a sandbox in its own process, so that the benchmark's memory and CPU figures are the
 * client's alone. Started by `startSandboxProcess`; reports its URL and teams over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TeamInfo {
  name: string;
  scimBaseUrl: string;
  apiKey: string;
}

export interface SandboxProcess {
  url: string;
  teams: Record<string, TeamInfo>;
  seedMs: number;
  close(): Promise<void>;
}

interface Ready {
  url: string;
  teams: Record<string, TeamInfo>;
  seedMs: number;
}

export interface SandboxProcessOptions {
  team: string;
  users: number;
  groups?: number;
  /** Team options besides the name (maxResults, etag, bulk, ...). */
  teamOptions?: Record<string, unknown>;
  /** Sandbox fault options, e.g. { latencyMs: 20 }. */
  faults?: Record<string, unknown>;
}

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited with code ${code}`)));
  });
  return {
    ...ready,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const { team, users, groups, teamOptions, faults } = JSON.parse(
    process.argv[2] ?? '{}',
  ) as SandboxProcessOptions;
  let startSandbox;
  try {
    ({ startSandbox } = await import('@celonis-scim/sandbox'));
  } catch (e) {
    throw new Error(
      `cannot load @celonis-scim/sandbox (${(e as Error).message}); build it first: npx turbo run build --filter=@celonis-scim/sandbox`,
    );
  }
  const started = performance.now();
  const sb = await startSandbox({
    teams: [{ ...teamOptions, name: team }],
    seed: { users, groups: groups ?? 0, seed: 1 },
    ...(faults ? { faults } : {}),
  });
  const seedMs = performance.now() - started;
  process.send?.({ url: sb.url, teams: sb.teams, seedMs } satisfies Ready);
  const stop = () => void sb.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
