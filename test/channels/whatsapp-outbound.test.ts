import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { insertBotCatalog, setStock } from '../bot/catalog-fixture.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, phoneNumberId, postSigned, startGraphStandIn, whatsappStatuses, whatsappText, type GraphStandIn } from './helpers.js';

let runtime: TestRuntime;
let graph: GraphStandIn;

beforeAll(async () => {
  graph = await startGraphStandIn();
  runtime = await createTestRuntime(channelEnv(graph.url));
  await insertBotCatalog(runtime.db);
});
afterAll(async () => {
  await runtime?.close();
  await graph?.close();
});

interface StoredMessage { id: string; status: string; external_id: string | null; failure_reason: string | null; body: string | null }

async function lastOutbound(to: string): Promise<StoredMessage> {
  const [row] = await queryRows<StoredMessage>(runtime.db, sql`
    select m.id, m.status, m.external_id, m.failure_reason, m.body from messages m join conversations c on c.id = m.conversation_id
    where c.external_thread_id = ${to} and m.direction = 'outbound' order by m.created_at desc limit 1`);
  return row!;
}

async function ask(from: string, text: string): Promise<void> {
  const response = await postSigned(runtime, '/webhooks/whatsapp', whatsappText(from, text));
  expect(response.status).toBe(200);
  await runtime.jobs.drain();
}

describe('whatsapp reply out', () => {
  it('posts the answer to the Graph API', async () => {
    graph.requests.length = 0;
    await ask('6281234500001', 'kak, kemeja batik parang navy L ready?');
    const posts = graph.requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe(`/v21.0/${phoneNumberId}/messages`);
    expect(posts[0]!.authorization).toBe('Bearer test-whatsapp-token');
    const body = posts[0]!.body as any;
    expect(body.messaging_product).toBe('whatsapp');
    expect(body.to).toBe('6281234500001');
    expect(body.type).toBe('text');
    expect(body.text.body).toContain('249.000');
    const stored = await lastOutbound('6281234500001');
    expect(stored.status).toBe('sent');
    expect(stored.external_id).toMatch(/^wamid\.OUTBOUND/);
  });

  it('answers from the stock at question time', async () => {
    await ask('6281234500002', 'kemeja batik parang navy XL ready?');
    const before = (await lastOutbound('6281234500002')).body!;
    await setStock(runtime.db, 'KBP-NAV-XL', 'WH-JKT', 7); // a delta: 1 unit on hand becomes 8
    await ask('6281234500002', 'kemeja batik parang navy XL ready?');
    const after = (await lastOutbound('6281234500002')).body!;
    expect(before).toContain('stok 1');
    expect(after).toContain('stok 8');
  });

  it('records a Graph error with its reason', async () => {
    graph.failNext(400, { error: { message: '(#131026) Message Undeliverable.', type: 'OAuthException', code: 131026, error_data: { messaging_product: 'whatsapp', details: 'Message Undeliverable.' }, fbtrace_id: 'A1' } });
    await ask('6281234500003', 'kaos polos hitam S ada?');
    const stored = await lastOutbound('6281234500003');
    expect(stored.status).toBe('failed');
    expect(stored.failure_reason).toContain('not on WhatsApp');
    expect(stored.failure_reason).toContain('131026');
  });

  it('records an invalid token', async () => {
    graph.failNext(401, { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'A2' } });
    await ask('6281234500009', 'kaos polos putih L ada?');
    const stored = await lastOutbound('6281234500009');
    expect(stored.status).toBe('failed');
    expect(stored.failure_reason).toContain('WHATSAPP_TOKEN');
    expect(stored.failure_reason).toContain('190');
  });

  it('retries after a rate limit', async () => {
    graph.failNext(429, { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429 } });
    const { messagingJobs } = await import('../../src/jobs/definitions/messaging.js');
    const send = messagingJobs.find((job) => job.name === 'outbound.send')!;
    const original = send.backoffMs;
    send.backoffMs = 10;
    try {
      await ask('6281234500004', 'kaos polos hitam M ada?');
    } finally {
      send.backoffMs = original;
    }
    const stored = await lastOutbound('6281234500004');
    expect(stored.status).toBe('sent');
  });
});

describe('whatsapp delivery statuses', () => {
  it('moves a message to delivered then read', async () => {
    await ask('6281234500005', 'hijab voal putih ready?');
    const stored = await lastOutbound('6281234500005');
    const status = (value: string, seconds: number) => ({ id: stored.external_id, status: value, timestamp: String(seconds), recipient_id: '6281234500005', conversation: { id: 'c1', origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'CBP', category: 'service' } });
    const now = Math.floor(Date.now() / 1000);
    await postSigned(runtime, '/webhooks/whatsapp', whatsappStatuses([status('delivered', now)]));
    await runtime.jobs.drain();
    expect((await lastOutbound('6281234500005')).status).toBe('delivered');
    await postSigned(runtime, '/webhooks/whatsapp', whatsappStatuses([status('read', now + 1)]));
    await runtime.jobs.drain();
    expect((await lastOutbound('6281234500005')).status).toBe('read');
  });

  it('never moves read back to delivered', async () => {
    await ask('6281234500006', 'sepatu sneakers putih 42 ready?');
    const stored = await lastOutbound('6281234500006');
    const now = String(Math.floor(Date.now() / 1000));
    await postSigned(runtime, '/webhooks/whatsapp', whatsappStatuses([
      { id: stored.external_id, status: 'read', timestamp: now, recipient_id: '6281234500006' },
      { id: stored.external_id, status: 'delivered', timestamp: now, recipient_id: '6281234500006' },
    ]));
    await runtime.jobs.drain();
    expect((await lastOutbound('6281234500006')).status).toBe('read');
  });

  it('records error 131047 as failed', async () => {
    await ask('6281234500007', 'celana chino krem 32 ada?');
    const stored = await lastOutbound('6281234500007');
    await postSigned(runtime, '/webhooks/whatsapp', whatsappStatuses([{
      id: stored.external_id,
      status: 'failed',
      timestamp: String(Math.floor(Date.now() / 1000)),
      recipient_id: '6281234500007',
      errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } }],
    }]));
    await runtime.jobs.drain();
    const failed = await lastOutbound('6281234500007');
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toContain('24 hours');
    expect(failed.failure_reason).toContain('template');
  });
});

describe('whatsapp without credentials', () => {
  it('stores the reply as failed', async () => {
    const bare = await createTestRuntime(channelEnv());
    try {
      await insertBotCatalog(bare.db);
      await postSigned(bare, '/webhooks/whatsapp', whatsappText('6281234500008', 'kemeja batik parang navy L ready?'));
      await bare.jobs.drain();
      const [row] = await queryRows<StoredMessage>(bare.db, sql`select status, failure_reason from messages where direction = 'outbound'`);
      expect(row!.status).toBe('failed');
      expect(row!.failure_reason).toBe('channel not configured');
    } finally {
      await bare.close();
    }
  });
});
