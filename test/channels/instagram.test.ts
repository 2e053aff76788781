import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, startGraphStandIn, verifyToken, type GraphStandIn } from './helpers.js';

const accountId = '17841400000000000';
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

let sequence = 0;
const mid = () => `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA${Date.now()}${(sequence += 1)}`;

/** An Instagram Messaging webhook body, as Meta documents it, with the given messaging items. */
function instagramBody(items: Array<Record<string, unknown>>): Record<string, unknown> {
  return { object: 'instagram', entry: [{ id: accountId, time: Date.now(), messaging: items }] };
}

function fromCustomer(customer: string, message: Record<string, unknown>, timestamp = Date.now()): Record<string, unknown> {
  return { sender: { id: customer }, recipient: { id: accountId }, timestamp, message: { mid: mid(), ...message } };
}

async function deliver(items: Array<Record<string, unknown>>): Promise<void> {
  expect((await postSigned(runtime, '/webhooks/instagram', instagramBody(items))).status).toBe(200);
  await runtime.jobs.drain();
}

async function messagesOf(customer: string) {
  return queryRows<{ id: string; author: string; direction: string; kind: string; body: string | null; external_id: string | null; status: string; reply_to_external_id: string | null; sent_at: Date | string }>(runtime.db, sql`
    select m.id, m.author, m.direction, m.kind, m.body, m.external_id, m.status, m.reply_to_external_id, m.sent_at from messages m
    join conversations c on c.id = m.conversation_id where c.channel = 'instagram' and c.external_thread_id = ${customer} order by m.sent_at, m.created_at`);
}

describe('instagram webhook', () => {
  it('answers the verification handshake', async () => {
    const response = await runtime.request(`/webhooks/instagram?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=42`, { token: null });
    expect(await response.text()).toBe('42');
  });

  it('rejects a wrong signature', async () => {
    const response = await postSigned(runtime, '/webhooks/instagram', instagramBody([fromCustomer('2458317906151', { text: 'halo' })]), `sha256=${'a'.repeat(64)}`);
    expect(response.status).toBe(401);
  });

  it('answers a text message through the Send API', async () => {
    graph.requests.length = 0;
    const at = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    await deliver([fromCustomer('2458317906152', { text: 'kemeja batik parang navy L ready?' }, at)]);
    const rows = await messagesOf('2458317906152');
    expect(rows).toHaveLength(2);
    expect(new Date(rows[0]!.sent_at).getTime()).toBe(at);
    const post = graph.requests.find((request) => request.method === 'POST')!;
    expect(post.path).toBe(`/v21.0/${accountId}/messages`);
    expect(post.authorization).toBe('Bearer test-instagram-token');
    expect((post.body as any).recipient).toEqual({ id: '2458317906152' });
    expect((post.body as any).message.text).toContain('Rp259.000');
    expect(rows[1]!.status).toBe('sent');
    const [identity] = await queryRows<{ value: string }>(runtime.db, sql`select value from identities where type = 'instagram_id' and value = '2458317906152'`);
    expect(identity).toBeDefined();
  });

  it('stores every item of a batch', async () => {
    await deliver([fromCustomer('2458317906153', { text: 'satu' }), fromCustomer('2458317906154', { text: 'dua' })]);
    expect((await messagesOf('2458317906153'))[0]!.body).toBe('satu');
    expect((await messagesOf('2458317906154'))[0]!.body).toBe('dua');
  });

  it('downloads an image attachment', async () => {
    graph.media.set('ig-photo-1', { content: Buffer.from('ig-image'), mimeType: 'image/jpeg' });
    const url = `${graph.url.replace('/v21.0', '')}/files/ig-photo-1`;
    await deliver([fromCustomer('2458317906155', { attachments: [{ type: 'image', payload: { url } }] })]);
    const [row] = await messagesOf('2458317906155');
    expect(row!.kind).toBe('image');
    const [media] = await queryRows<{ size_bytes: number }>(runtime.db, sql`select size_bytes from message_media where message_id = ${row!.id}`);
    expect(media!.size_bytes).toBe('ig-image'.length);
  });

  it('stores story replies and mentions', async () => {
    await deliver([
      fromCustomer('2458317906156', { text: 'ini ready kak?', reply_to: { story: { url: 'https://cdn.example/story.jpg', id: '1790000000' } } }),
      fromCustomer('2458317906156', { attachments: [{ type: 'story_mention', payload: { url: 'https://cdn.example/mention.jpg' } }] }, Date.now() + 1),
    ]);
    const rows = await messagesOf('2458317906156');
    expect(rows.map((row) => row.kind)).toContain('story_reply');
    expect(rows.map((row) => row.kind)).toContain('story_mention');
  });

  it('links a reaction to its message', async () => {
    await deliver([fromCustomer('2458317906157', { text: 'halo kak' })]);
    const [first] = await messagesOf('2458317906157');
    await deliver([{ sender: { id: '2458317906157' }, recipient: { id: accountId }, timestamp: Date.now(), reaction: { mid: first!.external_id, action: 'react', reaction: 'love', emoji: '❤️' } }]);
    const reaction = (await messagesOf('2458317906157')).find((row) => row.kind === 'reaction')!;
    expect(reaction.body).toBe('❤️');
    expect(reaction.reply_to_external_id).toBe(first!.external_id);
  });

  it('never treats an echo as a customer message', async () => {
    const echoId = mid();
    await deliver([{ sender: { id: accountId }, recipient: { id: '2458317906158' }, timestamp: Date.now(), message: { mid: echoId, text: 'Halo kak, dari aplikasi', is_echo: true } }]);
    const rows = await messagesOf('2458317906158');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.direction).toBe('outbound');
    expect(rows[0]!.author).toBe('agent');
  });

  it('keeps one message when the echo beats the send response', async () => {
    graph.beforeAnswer = async (request, messageId) => {
      const text = (request.body as any).message.text as string;
      const echo = instagramBody([{ sender: { id: accountId }, recipient: { id: '2458317906159' }, timestamp: Date.now(), message: { mid: messageId, text, is_echo: true } }]);
      expect((await postSigned(runtime, '/webhooks/instagram', echo)).status).toBe(200);
      for (let i = 0; i < 100; i += 1) {
        const [event] = await queryRows<{ processed_at: Date | null }>(runtime.db, sql`select processed_at from inbound_events where external_id = ${`echo:${messageId}`}`);
        if (event?.processed_at) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('echo was not processed');
    };
    try {
      await deliver([fromCustomer('2458317906159', { text: 'kaos polos hitam M ada?' })]);
    } finally {
      delete graph.beforeAnswer;
    }
    const outbound = (await messagesOf('2458317906159')).filter((row) => row.direction === 'outbound');
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.author).toBe('bot');
    expect(outbound[0]!.status).toBe('sent');
    expect(outbound[0]!.external_id).toMatch(/^aWdf/);
  });

  it('keeps one message when an early echo differs', async () => {
    graph.beforeAnswer = async (_request, messageId) => {
      const echo = instagramBody([{ sender: { id: accountId }, recipient: { id: '24583179061862' }, timestamp: Date.now(), message: { mid: messageId, text: 'teks yang diubah Instagram', is_echo: true } }]);
      expect((await postSigned(runtime, '/webhooks/instagram', echo)).status).toBe(200);
      for (let i = 0; i < 100; i += 1) {
        const [event] = await queryRows<{ processed_at: Date | null }>(runtime.db, sql`select processed_at from inbound_events where external_id = ${`echo:${messageId}`}`);
        if (event?.processed_at) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('echo was not processed');
    };
    try {
      await deliver([fromCustomer('24583179061862', { text: 'kaos polos putih L ada?' })]);
    } finally {
      delete graph.beforeAnswer;
    }
    const outbound = (await messagesOf('24583179061862')).filter((row) => row.direction === 'outbound');
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.author).toBe('bot');
  });

  it('stores a duplicate delivery once', async () => {
    const item = fromCustomer('2458317906160', { text: 'halo' });
    await deliver([item]);
    await deliver([item]);
    expect((await messagesOf('2458317906160')).filter((row) => row.direction === 'inbound')).toHaveLength(1);
  });

  it('records a read receipt', async () => {
    await deliver([fromCustomer('2458317906161', { text: 'hijab voal putih ready?' })]);
    const reply = (await messagesOf('2458317906161')).find((row) => row.direction === 'outbound')!;
    await deliver([{ sender: { id: '2458317906161' }, recipient: { id: accountId }, timestamp: Date.now(), read: { mid: reply.external_id } }]);
    expect((await messagesOf('2458317906161')).find((row) => row.id === reply.id)!.status).toBe('read');
  });

  it('tags an agent reply after 24 hours', async () => {
    await deliver([fromCustomer('24583179061870', { text: 'halo' })]);
    const [conversation] = await queryRows<{ id: string }>(runtime.db, sql`select id from conversations where external_thread_id = '24583179061870'`);
    await runtime.db.execute(sql`update conversations set last_inbound_at = now() - interval '3 days' where id = ${conversation!.id}`);
    graph.requests.length = 0;
    const response = await runtime.request(`/api/conversations/${conversation!.id}/messages`, { method: 'POST', json: { type: 'text', text: 'Maaf telat kak' } });
    expect(response.status).toBe(202);
    await runtime.jobs.drain();
    const body = graph.requests.find((request) => request.method === 'POST')!.body as any;
    expect(body.messaging_type).toBe('MESSAGE_TAG');
    expect(body.tag).toBe('HUMAN_AGENT');
    expect(body.message.text).toBe('Maaf telat kak');
  });

  it('rejects an agent reply after 7 days', async () => {
    await deliver([fromCustomer('24583179061871', { text: 'halo' })]);
    const [conversation] = await queryRows<{ id: string }>(runtime.db, sql`select id from conversations where external_thread_id = '24583179061871'`);
    await runtime.db.execute(sql`update conversations set last_inbound_at = now() - interval '8 days' where id = ${conversation!.id}`);
    const response = await runtime.request(`/api/conversations/${conversation!.id}/messages`, { method: 'POST', json: { type: 'text', text: 'Halo kak' } });
    expect(response.status).toBe(422);
    const problem = await jsonOf(response);
    expect(problem.template_required).toBe(false);
    expect(problem.detail).toContain('7 days');
  });

  it('rejects a body of the wrong shape', async () => {
    const response = await postSigned(runtime, '/webhooks/instagram', { object: 'instagram', entry: 'x' });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('entry');
  });
});
