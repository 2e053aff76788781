import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalProfileId } from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { createOrder } from '../../src/inventory/index.js';
import { webchatLimits } from '../../src/http/routes/webchat.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, whatsappText } from './helpers.js';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime({ ...channelEnv(), SATU_TRUST_PROXY: 'true' });
  await insertBotCatalog(runtime.db);
});
afterAll(async () => { await runtime?.close(); });

let ipCounter = 0;
/** Each visitor gets its own address, so that the per-IP limit only bites where a test wants it. */
async function newVisitor(): Promise<{ cookie: string; visitorId: string; ip: string }> {
  ipCounter += 1;
  const ip = `198.51.100.${ipCounter}`;
  const response = await runtime.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': ip } });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, visitorId: (await jsonOf(response)).visitor_id, ip };
}

function send(visitor: { cookie: string; ip: string }, body: unknown): Promise<Response> {
  return runtime.request('/chat/api/messages', { method: 'POST', token: null, json: body, headers: { cookie: visitor.cookie, 'x-forwarded-for': visitor.ip } });
}

async function history(visitor: { cookie: string; ip: string }) {
  const response = await runtime.request('/chat/api/messages', { token: null, headers: { cookie: visitor.cookie, 'x-forwarded-for': visitor.ip } });
  expect(response.status).toBe(200);
  return (await jsonOf(response)).items as Array<{ direction: string; author: string; body: string; status: string }>;
}

describe('web chat page', () => {
  it('speaks Indonesian by default', async () => {
    const response = await runtime.request('/chat', { token: null });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('Chat dengan toko');
  });

  it('switches to English', async () => {
    const html = await (await runtime.request('/chat?lang=en', { token: null })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Chat with the shop');
  });

  it('serves the widget script', async () => {
    const response = await runtime.request('/chat/widget.js', { token: null });
    expect(response.headers.get('content-type')).toContain('javascript');
    const script = await response.text();
    expect(script).toContain("/chat?embed=1&lang=");
  });
});

describe('web chat api', () => {
  it('answers a visitor question', async () => {
    const visitor = await newVisitor();
    const response = await send(visitor, { text: 'kemeja batik parang navy L ready?', client_message_id: 'c-00000001' });
    expect(response.status).toBe(202);
    await runtime.jobs.drain();
    const items = await history(visitor);
    expect(items).toHaveLength(2);
    expect(items[0]!.direction).toBe('inbound');
    expect(items[1]!.author).toBe('bot');
    expect(items[1]!.status).toBe('sent');
    expect(items[1]!.body).toContain('Rp249.000');
  });

  it('answers in English when chosen', async () => {
    const visitor = await newVisitor();
    await send(visitor, { text: 'is the navy batik parang shirt in size L in stock?', locale: 'en' });
    await runtime.jobs.drain();
    const items = await history(visitor);
    expect(items[1]!.body).toMatch(/in stock|available/i);
  });

  it('stores a resent message once', async () => {
    const visitor = await newVisitor();
    await send(visitor, { text: 'halo', client_message_id: 'c-00000002' });
    await send(visitor, { text: 'halo', client_message_id: 'c-00000002' });
    await runtime.jobs.drain();
    const inbound = (await history(visitor)).filter((item) => item.direction === 'inbound');
    expect(inbound).toHaveLength(1);
  });

  it('rejects a message without a session', async () => {
    const response = await runtime.request('/chat/api/messages', { method: 'POST', token: null, json: { text: 'halo' } });
    expect(response.status).toBe(401);
  });

  it('rejects an empty message naming the field', async () => {
    const visitor = await newVisitor();
    const response = await send(visitor, { text: '   ' });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('text');
    const [row] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from inbound_events where payload->>'visitor_id' = ${visitor.visitorId}`);
    expect(row!.count).toBe(0);
  });

  it('limits messages per visitor', async () => {
    const visitor = await newVisitor();
    const statuses: number[] = [];
    for (let i = 0; i <= webchatLimits.messagesPerVisitor; i += 1) statuses.push((await send(visitor, { text: `pesan ${i}` })).status);
    expect(statuses.slice(0, webchatLimits.messagesPerVisitor).every((status) => status === 202)).toBe(true);
    const last = await send(visitor, { text: 'lagi' });
    expect(last.status).toBe(429);
    expect((await jsonOf(last)).retry_after_seconds).toBeGreaterThan(0);
    await runtime.jobs.drain();
  });

  it('limits requests per address', async () => {
    const ip = '203.0.113.77';
    let status = 0;
    for (let i = 0; i <= webchatLimits.requestsPerIp; i += 1) {
      status = (await runtime.request('/chat/api/messages', { token: null, headers: { 'x-forwarded-for': ip } })).status;
    }
    expect(status).toBe(429);
  });

  it('limits new sessions per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= webchatLimits.sessionsPerIp; i += 1) {
      statuses.push((await runtime.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': '203.0.113.78' } })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect((await runtime.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': '203.0.113.79' } })).status).toBe(200);
  });
});

describe('web chat contact', () => {
  it('keeps a typed phone unverified', async () => {
    await postSigned(runtime, '/webhooks/whatsapp', whatsappText('6281377824519', 'halo kak'));
    await runtime.jobs.drain();
    const [customer] = await queryRows<{ profile_id: string }>(runtime.db, sql`select profile_id from conversations where external_thread_id = '6281377824519'`);
    const order = await createOrder(runtime.db, {
      channelCode: 'whatsapp', externalId: 'WA-20261201-0042', profileId: customer!.profile_id,
      lines: [{ sku: 'KPP-PTH-L', quantity: 1 }], fulfillment: { type: 'delivery', city: 'Bandung' }, actor: 'test',
    });
    expect(order.kind).toBe('created');

    const visitor = await newVisitor();
    const link = await runtime.request('/chat/api/contact', { method: 'POST', token: null, json: { phone: '+62 813 7782 4519' }, headers: { cookie: visitor.cookie, 'x-forwarded-for': visitor.ip } });
    const stranger = await newVisitor();
    const unknown = await runtime.request('/chat/api/contact', { method: 'POST', token: null, json: { phone: '+62 813 0000 1111' }, headers: { cookie: stranger.cookie, 'x-forwarded-for': stranger.ip } });
    expect(link.status).toBe(200);
    // A known and an unknown number get the same answer.
    expect(await jsonOf(link)).toEqual(await jsonOf(unknown));

    await send(visitor, { text: 'pesanan WA-20261201-0042 sudah sampai mana?' });
    await runtime.jobs.drain();
    const items = await history(visitor);
    expect(items.at(-1)!.body).toContain('tidak ketemu');
    expect(items.at(-1)!.body).not.toContain('menunggu pembayaran');

    const [row] = await queryRows<{ id: string; profile_id: string }>(runtime.db, sql`
      select id, profile_id from conversations where channel = 'webchat' and external_thread_id = ${visitor.visitorId}`);
    expect(await canonicalProfileId(runtime.db, row!.profile_id)).not.toBe(await canonicalProfileId(runtime.db, customer!.profile_id));
    const view = await jsonOf(await runtime.request(`/api/conversations/${row!.id}`));
    expect(view.unverified_contact).toMatchObject({ phone: '+6281377824519' });
  });

  it('rejects an invalid phone naming the field', async () => {
    const visitor = await newVisitor();
    const response = await runtime.request('/chat/api/contact', { method: 'POST', token: null, json: { phone: 'abc' }, headers: { cookie: visitor.cookie, 'x-forwarded-for': visitor.ip } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('phone');
  });
});

describe('web chat live updates', () => {
  it('streams the reply over SSE', async () => {
    const visitor = await newVisitor();
    const controller = new AbortController();
    const stream = await runtime.request(`/chat/api/events?visitor=${visitor.visitorId}`, { token: null, signal: controller.signal, headers: { 'x-forwarded-for': visitor.ip } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    await send(visitor, { text: 'kaos polos hitam M ada?' });
    await runtime.jobs.drain();
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 15_000;
    while (!text.includes('"author":"bot"') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    expect(text).toContain('event: message');
    expect(text).toContain('"author":"bot"');
  });
});
