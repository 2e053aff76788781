import { sql } from 'drizzle-orm';
import whatsappWeb from 'whatsapp-web.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  receiveLibraryAck, receiveLibraryMessage, recordSessionState, sendQueuedLibraryMessages, type LibraryClient, type LibraryMessage,
} from '../../src/channels/whatsapp-web/adapter.js';
import { canonicalProfileId } from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, whatsappText } from './helpers.js';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime(channelEnv());
  await insertBotCatalog(runtime.db);
});
afterAll(async () => { await runtime?.close(); });

// The library exports its Message class at run time, but its type declarations only describe the interface.
const LibraryMessageClass = (whatsappWeb as unknown as { Message: new (client: unknown, data: unknown) => unknown }).Message;
const shopId = '6281100000000@c.us';
let sequence = 0;

/** A stand-in for the library's Client: records sends and maps @lid ids as `getContactLidAndPhone` does. */
function fakeClient(lidToPhone: Record<string, string> = {}): LibraryClient & { sent: Array<{ chatId: string; content: string }> } {
  const sent: Array<{ chatId: string; content: string }> = [];
  return {
    sent,
    async getContactLidAndPhone(userIds) {
      return userIds.flatMap((lid) => (lidToPhone[lid] ? [{ lid, pn: lidToPhone[lid]! }] : []));
    },
    async sendMessage(chatId, content) {
      sent.push({ chatId, content });
      sequence += 1;
      return { id: { _serialized: `true_${chatId}_3EB0OUT${sequence}` } };
    },
  };
}

/** The library's own Message object, built from WhatsApp Web's message model as the library receives it. */
function libraryMessage(client: LibraryClient, data: { from: string; to: string; body: string; fromMe?: boolean; type?: string; notifyName?: string; t?: number }): LibraryMessage {
  sequence += 1;
  const fromMe = data.fromMe ?? false;
  const remote = fromMe ? data.to : data.from;
  const key = `3EB0${Date.now().toString(16).toUpperCase()}${sequence}`;
  const model = {
    id: { fromMe, remote, id: key, _serialized: `${fromMe}_${remote}_${key}` },
    body: data.body,
    type: data.type ?? 'chat',
    t: data.t ?? Math.floor(Date.now() / 1000),
    from: data.from,
    to: data.to,
    notifyName: data.notifyName ?? 'Dewi',
    ack: 0,
  };
  return new LibraryMessageClass(client as never, model) as unknown as LibraryMessage;
}

const deps = () => ({ db: runtime.db, jobs: runtime.jobs, logger: runtime.logger });

async function messagesOf(chatId: string) {
  return queryRows<{ id: string; author: string; direction: string; body: string | null; status: string; external_id: string | null; profile_id: string; sent_at: Date | string }>(runtime.db, sql`
    select m.id, m.author, m.direction, m.body, m.status, m.external_id, c.profile_id, m.sent_at from messages m
    join conversations c on c.id = m.conversation_id where c.channel = 'whatsapp_web' and c.external_thread_id = ${chatId} order by m.sent_at, m.created_at`);
}

describe('whatsapp-web.js adapter', () => {
  it('answers a @c.us message through the phone', async () => {
    const client = fakeClient();
    const chat = '6281700000001@c.us';
    const t = Math.floor(Date.UTC(2026, 11, 2, 8, 0, 0) / 1000);
    expect(await receiveLibraryMessage(deps(), client, libraryMessage(client, { from: chat, to: shopId, body: 'kemeja batik parang navy L ready?', t }))).toBe('stored');
    await runtime.jobs.drain();
    let rows = await messagesOf(chat);
    expect(rows).toHaveLength(2);
    expect(new Date(rows[0]!.sent_at).getTime()).toBe(t * 1000);
    expect(rows[1]!.status).toBe('queued');

    expect(await sendQueuedLibraryMessages(deps(), client)).toBe(1);
    expect(client.sent).toEqual([{ chatId: chat, content: rows[1]!.body }]);
    rows = await messagesOf(chat);
    expect(rows[1]!.status).toBe('sent');
    expect(rows[1]!.external_id).toMatch(/^true_6281700000001@c\.us_/);
  });

  it('applies acks as delivery statuses', async () => {
    const client = fakeClient();
    const chat = '6281700000002@c.us';
    await receiveLibraryMessage(deps(), client, libraryMessage(client, { from: chat, to: shopId, body: 'kaos polos hitam M ada?' }));
    await runtime.jobs.drain();
    await sendQueuedLibraryMessages(deps(), client);
    const reply = (await messagesOf(chat))[1]!;
    const key = reply.external_id!.split('_').at(-1)!;
    const sentMessage = new LibraryMessageClass(client as never, {
      id: { fromMe: true, remote: chat, id: key, _serialized: reply.external_id }, body: reply.body, type: 'chat', t: Math.floor(Date.now() / 1000), from: shopId, to: chat,
    }) as unknown as LibraryMessage;
    await receiveLibraryAck(deps(), sentMessage, 2);
    await runtime.jobs.drain();
    expect((await messagesOf(chat))[1]!.status).toBe('delivered');
    await receiveLibraryAck(deps(), sentMessage, 3);
    await runtime.jobs.drain();
    expect((await messagesOf(chat))[1]!.status).toBe('read');
  });

  it('maps an @lid sender to the known phone profile', async () => {
    await postSigned(runtime, '/webhooks/whatsapp', whatsappText('6281700000003', 'halo dari cloud api'));
    await runtime.jobs.drain();
    const [cloud] = await queryRows<{ profile_id: string }>(runtime.db, sql`select profile_id from conversations where channel = 'whatsapp' and external_thread_id = '6281700000003'`);

    const lid = '204918172061771@lid';
    const client = fakeClient({ [lid]: '6281700000003@c.us' });
    await receiveLibraryMessage(deps(), client, libraryMessage(client, { from: lid, to: shopId, body: 'halo dari hp' }));
    await runtime.jobs.drain();
    const rows = await messagesOf(lid);
    expect(rows[0]!.body).toBe('halo dari hp');
    expect(await canonicalProfileId(runtime.db, rows[0]!.profile_id)).toBe(await canonicalProfileId(runtime.db, cloud!.profile_id));
  });

  it('keeps an unresolved @lid sender', async () => {
    const lid = '999918172061771@lid';
    const client = fakeClient();
    await receiveLibraryMessage(deps(), client, libraryMessage(client, { from: lid, to: shopId, body: 'halo' }));
    await runtime.jobs.drain();
    const [event] = await queryRows<{ processed_at: Date | null; error: string | null }>(runtime.db, sql`select processed_at, error from inbound_events where payload->>'chat_id' = ${lid}`);
    expect(event!.processed_at).not.toBeNull();
    expect(event!.error).toBeNull();
    const rows = await messagesOf(lid);
    expect(rows[0]!.body).toBe('halo');
    const response = await runtime.request(`/api/profiles/${rows[0]!.profile_id}`);
    const identities = (await jsonOf(response)).identities as Array<{ type: string; value: string }>;
    expect(identities).toContainEqual(expect.objectContaining({ type: 'whatsapp_lid', value: lid }));
  });

  it('stores the shop phone messages as agent replies', async () => {
    const client = fakeClient();
    const chat = '6281700000004@c.us';
    await receiveLibraryMessage(deps(), client, libraryMessage(client, { from: chat, to: shopId, body: 'mau ngobrol sama admin' }));
    await runtime.jobs.drain();
    await sendQueuedLibraryMessages(deps(), client);
    await receiveLibraryMessage(deps(), client, libraryMessage(client, { from: shopId, to: chat, body: 'Halo kak, ini admin', fromMe: true }));
    await runtime.jobs.drain();
    const rows = await messagesOf(chat);
    const fromPhone = rows.find((row) => row.body === 'Halo kak, ini admin')!;
    expect(fromPhone.direction).toBe('outbound');
    expect(fromPhone.author).toBe('agent');
    expect(rows.filter((row) => row.direction === 'inbound')).toHaveLength(1);
  });

  it('skips group messages', async () => {
    const client = fakeClient();
    const message = libraryMessage(client, { from: '120363025246125486@g.us', to: shopId, body: 'halo grup' });
    expect(await receiveLibraryMessage(deps(), client, message)).toBe('skipped');
  });
});

describe('whatsapp-web.js session page', () => {
  it('shows the QR code to the owner', async () => {
    await recordSessionState(runtime.db, 'whatsapp_web', 'qr', { qr: '2@AbCdEfGhIjKlMnOp,1234567890abcdef,QRS=' });
    const page = await runtime.request('/api/channels/whatsapp-web/qr');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<svg');
    expect(html).toContain('Perangkat tertaut');
    const session = await jsonOf(await runtime.request('/api/channels/whatsapp-web/session'));
    expect(session.state).toBe('qr');
  });

  it('forbids an agent', async () => {
    const agent = await runtime.tokenFor('agent');
    expect((await runtime.request('/api/channels/whatsapp-web/qr', { token: agent })).status).toBe(403);
  });
});
