import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createApp } from '../../src/http/app.js';
import { BullMqQueue } from '../../src/jobs/index.js';
import { buildJobCatalog } from '../../src/jobs/catalog.js';
import { requeuePendingMessaging } from '../../src/jobs/definitions/messaging.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, startGraphStandIn, whatsappText, type GraphStandIn } from './helpers.js';

// This test starts and stops its own redis-server on a free loopback port; the machine's shared Redis
// is never touched.
const redisInstalled = spawnSync('redis-server', ['--version']).status === 0;

let runtime: TestRuntime;
let graph: GraphStandIn;
let queue: BullMqQueue;
let redis: ChildProcess | undefined;
let port = 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port: found } = server.address() as { port: number };
      server.close(() => resolve(found));
    });
  });
}

async function startRedis(): Promise<void> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  redis = child;
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Ready to accept connections')) resolve(); });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
}

async function stopRedis(): Promise<void> {
  const child = redis!;
  redis = undefined;
  child.kill('SIGKILL');
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

async function replyStatus(externalId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ status: string }>(runtime.db, sql`select status from messages where author = 'bot' and reply_to_external_id = ${externalId}`);
  return row?.status;
}

beforeAll(async () => {
  if (!redisInstalled) return;
  port = await freePort();
  await startRedis();
  graph = await startGraphStandIn();
  runtime = await createTestRuntime(channelEnv(graph.url));
  await insertBotCatalog(runtime.db);
  queue = new BullMqQueue(buildJobCatalog(), { db: runtime.db, config: runtime.config, logger: runtime.logger }, {
    redisUrl: `redis://127.0.0.1:${port}`, prefix: `satu-outage-${randomBytes(4).toString('hex')}`,
  });
  await queue.startWorkers();
});

afterAll(async () => {
  if (redis) await queue?.close();
  if (redis) await stopRedis();
  await runtime?.close();
  await graph?.close();
});

describe.runIf(redisInstalled)('redis outage', () => {
  it('loses no inbound message', { timeout: 120_000 }, async () => {
    const app = createApp({ ...runtime, jobs: queue });
    const client = { ...runtime, request: (path: string, init: RequestInit = {}) => app.request(path, init) } as TestRuntime;

    const before = whatsappText('6281600000001', 'kemeja batik parang navy L ready?');
    const beforeId = (before.entry as any)[0].changes[0].value.messages[0].id as string;
    expect((await postSigned(client, '/webhooks/whatsapp', before)).status).toBe(200);
    await waitFor(async () => (await replyStatus(beforeId)) === 'sent', 'the first answer', 30_000);

    await stopRedis();
    const during = whatsappText('6281600000002', 'kaos polos hitam M ada?');
    const duringId = (during.entry as any)[0].changes[0].value.messages[0].id as string;
    const started = Date.now();
    const response = await postSigned(client, '/webhooks/whatsapp', during);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    const [stored] = await queryRows<{ processed_at: Date | null }>(runtime.db, sql`select processed_at from inbound_events where external_id = ${duringId}`);
    expect(stored).toBeDefined();
    expect(stored!.processed_at).toBeNull();

    // The restarted server is empty (no persistence), as after losing Redis's memory: the sweep that
    // start-up and the periodic sweeper run enqueues the stored event again.
    await startRedis();
    await requeuePendingMessaging({ db: runtime.db, jobs: queue, logger: runtime.logger });
    await waitFor(async () => (await replyStatus(duringId)) === 'sent', 'the answer after the outage', 60_000);

    const inbound = await queryRows<{ id: string }>(runtime.db, sql`select id from messages where external_id = ${duringId}`);
    expect(inbound).toHaveLength(1);
    const replies = await queryRows<{ id: string }>(runtime.db, sql`select id from messages where reply_to_external_id = ${duringId} and author = 'bot'`);
    expect(replies).toHaveLength(1);
  });
});
