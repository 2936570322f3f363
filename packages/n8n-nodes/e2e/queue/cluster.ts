/**
 * A real n8n in queue mode: Redis as the queue, PostgreSQL as the database, one main instance
 * (editor, webhooks, the trigger's polls) and `n8n worker` processes that run the executions.
 * All share the user folder (the community package is installed there once), the database and
 * the encryption key; each process has its own ports and its own n8n log file.
 */
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createN8n, freePort, type N8n } from '../n8n';
import {
  startPostgres,
  startRedis,
  stopChild,
  waitFor,
  type Postgres,
  type Redis,
} from './services';

export interface Cluster {
  n8n: N8n;
  redis: Redis;
  postgres: Postgres;
  /** http://127.0.0.1:<port> of the main instance. */
  base: string;
  startMain(): Promise<void>;
  stopMain(): Promise<void>;
  /** Starts worker number `n` (1-based); resolves once it takes jobs. */
  startWorker(n: number): Promise<void>;
  stopWorker(n: number): Promise<void>;
  /** The n8n log file of a process: "main" or "worker-<n>". */
  logFile(name: string): string;
  dispose(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const redis = await startRedis(tmpdir());
  const postgres = await startPostgres();
  const n8n = await createN8n({
    keepAs: 'n8n-queue',
    env: {
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: '127.0.0.1',
      QUEUE_BULL_REDIS_PORT: String(redis.port),
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: '127.0.0.1',
      DB_POSTGRESDB_PORT: String(postgres.port),
      DB_POSTGRESDB_DATABASE: postgres.database,
      DB_POSTGRESDB_USER: postgres.user,
      DB_POSTGRESDB_PASSWORD: '',
      // n8n's default pool of 2 connections times out under a burst of webhooks on main (found
      // by this suite): every webhook call takes a connection to create its execution.
      DB_POSTGRESDB_POOL_SIZE: '10',
      // Manual runs go to the workers too, as they will in n8n 3.
      OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
      // Every execution is saved (success too): the suite reads their outcome from the database.
      EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
      EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
      N8N_LOG_LEVEL: 'info',
    },
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFile = (name: string) => join(n8n.folder, 'logs', `${name}-n8n.log`);
  let main: ChildProcess | undefined;
  const workers = new Map<number, ChildProcess>();
  // Each process its own task-broker and health ports: they would collide on the defaults.
  const ownPorts = async (name: string): Promise<NodeJS.ProcessEnv> => ({
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
    N8N_LOG_FILE_LOCATION: logFile(name),
  });
  const cluster: Cluster = {
    n8n,
    redis,
    postgres,
    base,
    logFile,
    async startMain() {
      main = n8n.spawn(['start'], 'main', { ...(await ownPorts('main')), N8N_PORT: String(port) });
      const child = main;
      await waitFor('the main instance to serve', 300_000, async () => {
        if (child.exitCode !== null) throw new Error(`n8n main exited with ${child.exitCode}`);
        return fetch(`${base}/healthz/readiness`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        );
      });
    },
    async stopMain() {
      if (main) await stopChild(main);
      main = undefined;
    },
    async startWorker(n) {
      const env = await ownPorts(`worker-${n}`);
      const child = n8n.spawn(['worker', '--concurrency=10'], `worker-${n}`, {
        ...env,
        QUEUE_HEALTH_CHECK_ACTIVE: 'true',
        N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
      });
      workers.set(n, child);
      await waitFor(`worker ${n} to be ready`, 300_000, async () => {
        if (child.exitCode !== null)
          throw new Error(`n8n worker ${n} exited with ${child.exitCode}`);
        return fetch(`http://127.0.0.1:${env.QUEUE_HEALTH_CHECK_PORT}/healthz/readiness`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        );
      });
    },
    async stopWorker(n) {
      const child = workers.get(n);
      if (child) await stopChild(child);
      workers.delete(n);
    },
    async dispose() {
      await Promise.all([...workers.keys()].map((n) => cluster.stopWorker(n)));
      await cluster.stopMain();
      // The secret scan reads the database as plain SQL (execution data included).
      await postgres.dump(join(n8n.folder, 'postgres.sql')).catch(() => undefined);
      await n8n.dispose();
      await postgres.stop();
      await redis.stop();
    },
  };
  return cluster;
}
