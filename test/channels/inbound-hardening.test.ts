import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalProfileId, recordProfileField } from '../../src/cdp/index.js';
import { sendWhatsappMessage } from '../../src/channels/whatsapp-cloud/client.js';
import { queryRows } from '../../src/db/index.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { webchatLimits } from '../../src/http/routes/webchat.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, startGraphStandIn, whatsappMessages, whatsappText, type GraphStandIn } from './helpers.js';

let runtime: TestRuntime;
let graph: GraphStandIn;
let agentToken: string;
beforeAll(async () => {
  graph = await startGraphStandIn();
  runtime = await createTestRuntime(channelEnv(graph.url));
  await insertBotCatalog(runtime.db);
  agentToken = await runtime.tokenFor('agent');
});
afterAll(async () => {
  await runtime?.close();
  await graph?.close();
});

async function inboundOf(from: string, channel = 'whatsapp') {
  return queryRows<{ body: string | null; sent_at: Date | string; payload: Record<string, unknown> }>(runtime.db, sql`
    select m.body, m.sent_at, m.payload from messages m join conversations c on c.id = m.conversation_id
     where c.channel = ${channel} and c.external_thread_id = ${from} and m.direction = 'inbound' order by m.sent_at, m.created_at`);
}

async function conversationOf(from: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(runtime.db, sql`select id from conversations where external_thread_id = ${from}`);
  return row!.id;
}

async function deadLetters(): Promise<number> {
  const [row] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from inbound_events where processed_at is null`);
  return row!.count;
}

describe('inbound text cleaning', () => {
  it('stores a whatsapp text with NUL and a lone surrogate', async () => {
    const response = await postSigned(runtime, '/webhooks/whatsapp', whatsappText('6281355500001', 'halo\u0000 kak \ud800'));
    expect(response.status).toBe(200);
    await runtime.jobs.drain();
    const [message] = await inboundOf('6281355500001');
    expect(message!.body).toBe('halo kak \ufffd');
  });

  it('stores an instagram text with NUL', async () => {
    const body = { object: 'instagram', entry: [{ id: '17841400000000000', time: Date.now(), messaging: [
      { sender: { id: '2458317900001' }, recipient: { id: '17841400000000000' }, timestamp: Date.now(), message: { mid: `mid.nul${Date.now()}`, text: 'ada\u0000 \udc00?' } },
    ] }] };
    expect((await postSigned(runtime, '/webhooks/instagram', body)).status).toBe(200);
    await runtime.jobs.drain();
    const [message] = await inboundOf('2458317900001', 'instagram');
    expect(message!.body).toBe('ada \ufffd?');
  });

  it('rejects a web chat text with NUL naming text', async () => {
    const session = await runtime.request('/chat/api/session', { method: 'POST', token: null });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const response = await runtime.request('/chat/api/messages', { method: 'POST', token: null, json: { text: 'halo\u0000\ud800' }, headers: { cookie } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('text');
  });

  it('rejects an agent reply with NUL naming text', async () => {
    await postSigned(runtime, '/webhooks/whatsapp', whatsappText('6281355500002', 'mau ngobrol sama admin'));
    await runtime.jobs.drain();
    const id = await conversationOf('6281355500002');
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'text', text: 'siap\u0000 kak\udbff' } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('text');
    const [row] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from messages where conversation_id = ${id} and author = 'agent'`);
    expect(row!.count).toBe(0);
  });
});

describe('inbound message time', () => {
  it('falls back to the time received', async () => {
    const before = Date.now();
    const body = whatsappMessages('6281355500003', [
      { type: 'text', text: { body: 'pesan kemarin' }, timestamp: 'yesterday' },
      { type: 'text', text: { body: 'pesan masa depan' }, timestamp: '99999999999999999' },
    ]);
    expect((await postSigned(runtime, '/webhooks/whatsapp', body)).status).toBe(200);
    await runtime.jobs.drain();
    const messages = await inboundOf('6281355500003');
    expect(messages.map((message) => message.body).sort()).toEqual(['pesan kemarin', 'pesan masa depan']);
    for (const message of messages) {
      expect(new Date(message.sent_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(new Date(message.sent_at).getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect(messages.map((message) => message.payload.raw_timestamp).sort()).toEqual(['99999999999999999', 'yesterday']);
    expect(await deadLetters()).toBe(0);
  });
});

describe('agent media reply', () => {
  it.each(['file:///etc/passwd', 'http://127.0.0.1:8080/x.jpg'])('rejects %s naming link', async (link) => {
    await postSigned(runtime, '/webhooks/whatsapp', whatsappText('6281355500004', 'mau ngobrol sama admin'));
    await runtime.jobs.drain();
    const id = await conversationOf('6281355500004');
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'media', media_type: 'image', link } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('link');
  });
});

describe('whatsapp sender name', () => {
  async function profileName(from: string): Promise<string | null> {
    const [row] = await queryRows<{ profile_id: string }>(runtime.db, sql`select profile_id from conversations where external_thread_id = ${from}`);
    const canonical = await canonicalProfileId(runtime.db, row!.profile_id);
    const [profile] = await queryRows<{ display_name: string | null }>(runtime.db, sql`select display_name from profiles where id = ${canonical}`);
    return profile!.display_name;
  }

  it('records the contact name', async () => {
    await postSigned(runtime, '/webhooks/whatsapp', whatsappMessages('6281355500005', [{ type: 'text', text: { body: 'halo' } }], 'Dewi Lestari'));
    await runtime.jobs.drain();
    expect(await profileName('6281355500005')).toBe('Dewi Lestari');
  });

  it('keeps a manual edit', async () => {
    const [row] = await queryRows<{ profile_id: string }>(runtime.db, sql`select profile_id from conversations where external_thread_id = '6281355500005'`);
    await recordProfileField(runtime.db, { profileId: row!.profile_id, field: 'display_name', value: 'Bu Dewi', source: 'manual', actor: 'test' });
    await postSigned(runtime, '/webhooks/whatsapp', whatsappMessages('6281355500005', [{ type: 'text', text: { body: 'halo lagi' } }], 'Dewi L'));
    await runtime.jobs.drain();
    expect(await profileName('6281355500005')).toBe('Bu Dewi');
  });
});

describe('outbound failure reason', () => {
  it('names the network cause', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await sendWhatsappMessage({ token: 'secret-token-value', phoneNumberId: '1', graphUrl: `http://127.0.0.1:${port}` }, { to: '1' });
    expect(result.kind).toBe('failed');
    const reason = (result as { reason: string }).reason;
    expect(reason).toContain('ECONNREFUSED');
    expect(reason).not.toContain('secret-token-value');
  });
});

describe('web chat rate limit without a trusted proxy', () => {
  it('ignores a rotated X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= webchatLimits.sessionsPerIp; i += 1) {
      statuses.push((await runtime.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': `198.18.0.${i}` } })).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it('keys on the socket address', async () => {
    const server = await runtime.listen();
    const statuses: number[] = [];
    for (let i = 0; i <= webchatLimits.sessionsPerIp; i += 1) {
      statuses.push((await fetch(`${server}/chat/api/session`, { method: 'POST', headers: { 'x-forwarded-for': `198.18.1.${i}` } })).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('inbound order per sender', () => {
  it('answers a follow-up about the first message', async () => {
    const from = '6281355500006';
    const now = Math.floor(Date.now() / 1000);
    // Meta does not promise the order of messages in a body: the follow-up comes first here, written later.
    const body = whatsappMessages(from, [
      { type: 'text', text: { body: 'harganya berapa?' }, timestamp: String(now) },
      { type: 'text', text: { body: 'kak, kemeja batik parang navy L ready?' }, timestamp: String(now - 1) },
    ]);
    expect((await postSigned(runtime, '/webhooks/whatsapp', body)).status).toBe(200);
    await runtime.jobs.drain();
    const rows = await queryRows<{ author: string; body: string; reply_to_external_id: string | null; external_id: string | null }>(runtime.db, sql`
      select m.author, m.body, m.reply_to_external_id, m.external_id from messages m join conversations c on c.id = m.conversation_id
       where c.external_thread_id = ${from}`);
    const [second, first] = (body.entry as any)[0].changes[0].value.messages.map((message: { id: string }) => message.id);
    const followUp = rows.find((row) => row.author === 'bot' && row.reply_to_external_id === second);
    expect(rows.find((row) => row.author === 'bot' && row.reply_to_external_id === first)).toBeDefined();
    expect(followUp?.body).toMatch(/Batik Parang/i);
    expect(followUp?.body).toMatch(/Rp\d{3}\.000/);
  });
});
