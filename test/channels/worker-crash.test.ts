import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createApp } from '../../src/http/app.js';
import { BullMqQueue } from '../../src/jobs/index.js';
import { buildJobCatalog } from '../../src/jobs/catalog.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { createTestRuntime, testTarget, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, startGraphStandIn, whatsappText, type GraphStandIn } from './helpers.js';

// A killed worker process leaves its BullMQ job locked; the next worker takes it over once the lock
// expires (30 s by default) and the stalled-job check runs, so this test needs Redis, PostgreSQL and time.
const enabled = testTarget === 'postgres' && Boolean(process.env.REDIS_URL);

let runtime: TestRuntime;
let graph: GraphStandIn;
let producer: BullMqQueue;
let databaseUrl: string;
const prefix = `satu-crash-${randomBytes(4).toString('hex')}`;
const children: ChildProcess[] = [];

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/channels/fixtures/worker.ts'], {
    env: { ...process.env, ...channelEnv(graph.url), DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL!, SATU_TEST_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

beforeAll(async () => {
  if (!enabled) return;
  graph = await startGraphStandIn();
  runtime = await createTestRuntime(channelEnv(graph.url));
  await insertBotCatalog(runtime.db);
  const [row] = await queryRows<{ name: string }>(runtime.db, sql`select current_database() as name`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${row!.name}`;
  databaseUrl = url.toString();
  producer = new BullMqQueue(buildJobCatalog(), { db: runtime.db, config: runtime.config, logger: runtime.logger }, { redisUrl: process.env.REDIS_URL!, prefix });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await producer?.close();
  await runtime?.close();
  await graph?.close();
});

describe.runIf(enabled)('worker crash', () => {
  it('processes a message once after restart', { timeout: 180_000 }, async () => {
    // Only the child workers consume this prefix; the webhook enqueues through the producer.
    const app = createApp({ ...runtime, jobs: producer });
    const request = { ...runtime, request: (path: string, init: RequestInit = {}) => app.request(path, init) } as TestRuntime;

    // Hold a lock the job needs, so that the first worker is stopped mid-job, after identity resolution.
    const locker = new pg.Client({ connectionString: databaseUrl });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table conversations in share row exclusive mode');

    const first = await startWorker();
    const body = whatsappText('6281500000001', 'kemeja batik parang navy L ready?');
    const externalId = (body.entry as any)[0].changes[0].value.messages[0].id as string;
    expect((await postSigned(request, '/webhooks/whatsapp', body)).status).toBe(200);

    await waitFor(async () => {
      const [row] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      return row!.count > 0;
    }, 'the worker to block inside the job', 30_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    await locker.query('rollback');
    await locker.end();

    await startWorker();
    await waitFor(async () => {
      const [row] = await queryRows<{ status: string }>(runtime.db, sql`select status from messages where author = 'bot' and reply_to_external_id = ${externalId}`);
      return row?.status === 'sent';
    }, 'the restarted worker to answer', 150_000);

    const inbound = await queryRows<{ id: string }>(runtime.db, sql`select id from messages where external_id = ${externalId}`);
    expect(inbound).toHaveLength(1);
    const replies = await queryRows<{ id: string }>(runtime.db, sql`select id from messages where reply_to_external_id = ${externalId} and author = 'bot'`);
    expect(replies).toHaveLength(1);
    expect(graph.requests.filter((item) => item.method === 'POST')).toHaveLength(1);
    const [event] = await queryRows<{ processed_at: Date | null }>(runtime.db, sql`select processed_at from inbound_events where external_id = ${externalId}`);
    expect(event!.processed_at).not.toBeNull();
  });
});
