import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { channelEnv, postSigned, startGraphStandIn, whatsappText, type GraphStandIn } from '../channels/helpers.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';

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

async function customerSays(from: string, text: string): Promise<string> {
  expect((await postSigned(runtime, '/webhooks/whatsapp', whatsappText(from, text))).status).toBe(200);
  await runtime.jobs.drain();
  const [row] = await queryRows<{ id: string }>(runtime.db, sql`select id from conversations where channel = 'whatsapp' and external_thread_id = ${from}`);
  return row!.id;
}

async function conversation(id: string) {
  const response = await runtime.request(`/api/conversations/${id}`, { token: agentToken });
  expect(response.status).toBe(200);
  return jsonOf(response);
}

describe('inbox handoff', () => {
  it('shows the bot handoff to agents', async () => {
    const id = await customerSays('6281300000001', 'mau ngobrol sama admin');
    const body = await conversation(id);
    expect(body.owner).toBe('agent');
    expect(body.handoff_reason).toBe('requested');
    const bot = body.messages.filter((message: any) => message.author === 'bot');
    expect(bot).toHaveLength(1);
    expect(bot[0].status).toBe('sent');
    const list = await jsonOf(await runtime.request('/api/conversations?owner=agent', { token: agentToken }));
    expect(list.items.map((item: any) => item.id)).toContain(id);
  });

  it('keeps the bot quiet after takeover', async () => {
    const id = await customerSays('6281300000002', 'kemeja batik parang navy L ready?');
    const takeover = await runtime.request(`/api/conversations/${id}/takeover`, { method: 'POST', token: agentToken });
    expect((await jsonOf(takeover)).owner).toBe('agent');
    await customerSays('6281300000002', 'kalau yang hitam?');
    const body = await conversation(id);
    expect(body.messages.filter((message: any) => message.author === 'bot')).toHaveLength(1);
  });

  it('lets the bot answer after handback', async () => {
    const id = await customerSays('6281300000003', 'mau ngobrol sama admin');
    const handback = await runtime.request(`/api/conversations/${id}/handback`, { method: 'POST', token: agentToken });
    expect((await jsonOf(handback)).owner).toBe('bot');
    await customerSays('6281300000003', 'kaos polos hitam M ada?');
    const body = await conversation(id);
    expect(body.messages.filter((message: any) => message.author === 'bot')).toHaveLength(2);
  });

  it('reopens a resolved conversation', async () => {
    const id = await customerSays('6281300000004', 'halo');
    const resolved = await jsonOf(await runtime.request(`/api/conversations/${id}/resolve`, { method: 'POST', token: agentToken }));
    expect(resolved.status).toBe('resolved');
    const list = await jsonOf(await runtime.request('/api/conversations?status=resolved', { token: agentToken }));
    expect(list.items.map((item: any) => item.id)).toContain(id);
    await customerSays('6281300000004', 'halo lagi');
    expect((await conversation(id)).status).toBe('open');
  });
});

describe('inbox agent reply', () => {
  it('sends through the customer channel', async () => {
    const id = await customerSays('6281300000005', 'mau ngobrol sama admin');
    graph.requests.length = 0;
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'text', text: 'Halo kak, saya Rina dari toko.' } });
    expect(response.status).toBe(202);
    await runtime.jobs.drain();
    const post = graph.requests.find((request) => request.method === 'POST')!;
    expect((post.body as any).to).toBe('6281300000005');
    expect((post.body as any).text.body).toBe('Halo kak, saya Rina dari toko.');
    const message = (await conversation(id)).messages.at(-1);
    expect(message.author).toBe('agent');
    expect(message.status).toBe('sent');
  });

  it('refuses free text outside the 24-hour window', async () => {
    const id = await customerSays('6281300000006', 'mau ngobrol sama admin');
    await runtime.db.execute(sql`update conversations set last_inbound_at = now() - interval '25 hours' where id = ${id}`);
    const before = (await conversation(id)).messages.length;
    graph.requests.length = 0;
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'text', text: 'Masih minat kak?' } });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await jsonOf(response);
    expect(problem.template_required).toBe(true);
    expect(problem.detail).toContain('template');
    await runtime.jobs.drain();
    expect(graph.requests).toHaveLength(0);
    expect((await conversation(id)).messages).toHaveLength(before);
    expect((await conversation(id)).reply_window.open).toBe(false);
  });

  it('sends a template outside the window', async () => {
    const id = await customerSays('6281300000007', 'mau ngobrol sama admin');
    await runtime.db.execute(sql`update conversations set last_inbound_at = now() - interval '30 hours' where id = ${id}`);
    graph.requests.length = 0;
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'template', name: 'follow_up', language: 'id' } });
    expect(response.status).toBe(202);
    await runtime.jobs.drain();
    const body = graph.requests.find((request) => request.method === 'POST')!.body as any;
    expect(body.type).toBe('template');
    expect(body.template).toEqual({ name: 'follow_up', language: { code: 'id' } });
  });

  it('sends interactive buttons', async () => {
    const id = await customerSays('6281300000008', 'mau ngobrol sama admin');
    graph.requests.length = 0;
    const interactive = { type: 'button', body: { text: 'Mau diambil di toko mana?' }, action: { buttons: [{ type: 'reply', reply: { id: 'jkt', title: 'Jakarta' } }] } };
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'interactive', interactive } });
    expect(response.status).toBe(202);
    await runtime.jobs.drain();
    const body = graph.requests.find((request) => request.method === 'POST')!.body as any;
    expect(body.type).toBe('interactive');
    expect(body.interactive).toEqual(interactive);
  });

  it('sends media by link', async () => {
    const id = await customerSays('6281300000009', 'mau ngobrol sama admin');
    graph.requests.length = 0;
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'media', media_type: 'image', link: 'https://shop.example/kemeja.jpg', caption: 'Ini fotonya kak' } });
    expect(response.status).toBe(202);
    await runtime.jobs.drain();
    const body = graph.requests.find((request) => request.method === 'POST')!.body as any;
    expect(body.type).toBe('image');
    expect(body.image).toEqual({ link: 'https://shop.example/kemeja.jpg', caption: 'Ini fotonya kak' });
  });

  it('rejects an invalid reply naming the field', async () => {
    const id = await customerSays('6281300000010', 'halo');
    const response = await runtime.request(`/api/conversations/${id}/messages`, { method: 'POST', token: agentToken, json: { type: 'text', text: '' } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('text');
  });
});

describe('inbox api access', () => {
  it('rejects a missing token', async () => {
    expect((await runtime.request('/api/conversations', { token: null })).status).toBe(401);
  });

  it('forbids an integration token', async () => {
    const integration = await runtime.tokenFor('integration');
    expect((await runtime.request('/api/conversations', { token: integration })).status).toBe(403);
  });

  it('answers 404 for an unknown conversation', async () => {
    const response = await runtime.request('/api/conversations/cnv_missing', { token: agentToken });
    expect(response.status).toBe(404);
    const reply = await runtime.request('/api/conversations/cnv_missing/messages', { method: 'POST', token: agentToken, json: { type: 'text', text: 'x' } });
    expect(reply.status).toBe(404);
  });

  it('rejects an invalid filter naming the field', async () => {
    const response = await runtime.request('/api/conversations?owner=robot', { token: agentToken });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('owner');
  });
});

describe('inbox page', () => {
  it('renders for an agent', async () => {
    const response = await runtime.request('/api/inbox', { token: agentToken });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('Ambil alih');
  });

  it('switches to English', async () => {
    const html = await (await runtime.request('/api/inbox?lang=en', { token: agentToken })).text();
    expect(html).toContain('Take over');
  });

  it('rejects a missing token', async () => {
    expect((await runtime.request('/api/inbox', { token: null })).status).toBe(401);
  });
});

describe('inbox bot failure', () => {
  it('hands the conversation to an agent', async () => {
    const broken = await createTestRuntime(channelEnv());
    const { messagingJobs } = await import('../../src/jobs/definitions/messaging.js');
    const inbound = messagingJobs.find((job) => job.name === 'inbound.process')!;
    const original = inbound.backoffMs;
    inbound.backoffMs = 1;
    try {
      await insertBotCatalog(broken.db);
      // With the catalog's variants table out of reach, every query the bot makes fails, on every try.
      await broken.db.execute(sql`alter table variants rename to variants_hidden`);
      const session = await broken.request('/chat/api/session', { method: 'POST', token: null });
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      await broken.request('/chat/api/messages', { method: 'POST', token: null, json: { text: 'kemeja batik parang navy L ready?' }, headers: { cookie } });
      await broken.jobs.drain();
      const [conversation] = await queryRows<{ owner: string; handoff_reason: string }>(broken.db, sql`select owner, handoff_reason from conversations where channel = 'webchat'`);
      expect(conversation!.owner).toBe('agent');
      expect(conversation!.handoff_reason).toBe('bot_error');
      const [event] = await queryRows<{ error: string }>(broken.db, sql`select error from inbound_events where channel = 'webchat'`);
      expect(event!.error).toContain('bot failed');
    } finally {
      inbound.backoffMs = original;
      await broken.close();
    }
  });
});
