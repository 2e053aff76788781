import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pg from 'pg';
import { createApiToken, type Role } from '../../src/auth/index.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { openPglite, openPostgres, type Database } from '../../src/db/index.js';
import { createApp } from '../../src/http/app.js';
import { BullMqQueue, type JobQueue } from '../../src/jobs/index.js';
import { buildJobCatalog } from '../../src/jobs/catalog.js';
import { InProcessQueue } from '../../src/jobs/in-process.js';
import { createRateLimits } from '../../src/http/rate-limits.js';
import { createLogger } from '../../src/logger.js';
import type { Runtime } from '../../src/runtime.js';

/** `pglite` (the default) or `postgres`; the vitest projects set it. */
export const testTarget = (process.env.SATU_TEST_TARGET ?? 'pglite') as 'pglite' | 'postgres';

export interface TestRuntime extends Runtime {
  app: ReturnType<typeof createApp>;
  /** An owner token valid in this runtime's database. */
  ownerToken: string;
  /** In-process request through the app, with the owner token unless `token` is given (`null` for none). */
  request(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  /** Creates another token with the given role. */
  tokenFor(role: Role): Promise<string>;
  /** Starts a real HTTP server on a loopback port; closed with the runtime. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

async function createTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (testTarget === 'pglite') {
    const database = await openPglite('memory://');
    return { database, drop: async () => {} };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('SATU_TEST_TARGET=postgres needs DATABASE_URL');
  const name = `satu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Two test files run at once and some open two runtimes, and PostgreSQL allows 100 connections by default.
  const database = await openPostgres(url.toString(), { maxConnections: 12 });
  const drop = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  return { database, drop };
}

/**
 * A fresh database (in-memory PGlite, or a new PostgreSQL database) with migrations applied, a job
 * queue (in-process, or BullMQ under its own Redis prefix on the postgres target), and the HTTP app.
 */
export async function createTestRuntime(
  env: Record<string, string> = {},
  options: { rateLimitPrefix?: string } = {},
): Promise<TestRuntime> {
  const { database, drop } = await createTestDatabase();
  await database.migrate();
  const useRedis = testTarget === 'postgres' && Boolean(process.env.REDIS_URL);
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.SATU_TEST_LOG_LEVEL ?? 'silent',
    SATU_LOAD_DEMO: 'never',
    ...(useRedis ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const deps = { db: database.db, config, logger };
  const jobs: JobQueue = useRedis
    ? new BullMqQueue(buildJobCatalog(), deps, { redisUrl: config.REDIS_URL!, prefix: `satu-test-${randomBytes(4).toString('hex')}` })
    : new InProcessQueue(buildJobCatalog(), deps);
  await jobs.startWorkers();

  // A prefix of its own per runtime unless a test shares one, as two API processes of one shop would.
  const rateLimits = createRateLimits({
    redisUrl: config.REDIS_URL, prefix: options.rateLimitPrefix ?? `satu-test-${randomBytes(4).toString('hex')}`,
  });
  const runtime: Runtime = { config, database, db: database.db, jobs, logger, rateLimits };
  const app = createApp(runtime);
  const { token: ownerToken } = await createApiToken(database.db, { name: 'test owner', role: 'owner' });
  const servers: ServerType[] = [];

  return {
    ...runtime,
    app,
    ownerToken,
    async request(path, init = {}) {
      const { token, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      const bearer = token === undefined ? ownerToken : token;
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      let body = rest.body;
      if (json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(json);
      }
      return app.request(path, { ...rest, headers, ...(body !== undefined ? { body } : {}) });
    },
    async tokenFor(role) {
      return (await createApiToken(database.db, { name: `test ${role}`, role })).token;
    },
    async listen() {
      return new Promise<string>((resolve) => {
        const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
          resolve(`http://127.0.0.1:${info.port}`);
        });
        servers.push(server);
      });
    },
    async close() {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
      await rateLimits.close();
      await jobs.close();
      await database.close();
      await drop();
    },
  };
}

/** The parsed JSON body; `any` so that tests can reach into it and let assertions do the checking. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are checked by assertions
export async function jsonOf(response: Response): Promise<any> {
  return response.json();
}
