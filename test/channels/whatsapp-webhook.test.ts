import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, verifyToken, whatsappMessages, whatsappText } from './helpers.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(channelEnv()); });
afterAll(async () => { await runtime?.close(); });

async function countEvents(): Promise<number> {
  const [row] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from inbound_events`);
  return row!.count;
}

async function countMessages(externalId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from messages where external_id = ${externalId}`);
  return row!.count;
}

describe('whatsapp verification handshake', () => {
  it('echoes the challenge for the right token', async () => {
    const response = await runtime.request(`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`, { token: null });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1158201444');
  });

  it('rejects a wrong token', async () => {
    const response = await runtime.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1', { token: null });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('whatsapp webhook signature', () => {
  it('accepts a valid signature and stores the message', async () => {
    const body = whatsappText('6281234567890', 'halo kak');
    const response = await postSigned(runtime, '/webhooks/whatsapp', body);
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ received: 1 });
    const id = ((body.entry as any)[0].changes[0].value.messages[0].id) as string;
    const rows = await queryRows<{ kind: string }>(runtime.db, sql`select kind from inbound_events where channel = 'whatsapp' and external_id = ${id}`);
    expect(rows).toEqual([{ kind: 'message' }]);
  });

  it('rejects a missing signature', async () => {
    const before = await countEvents();
    const response = await postSigned(runtime, '/webhooks/whatsapp', whatsappText('6281234567890', 'x'), null);
    expect(response.status).toBe(401);
    expect((await jsonOf(response)).type).toMatch(/invalid-signature$/);
    expect(await countEvents()).toBe(before);
  });

  it('rejects a wrong signature', async () => {
    const before = await countEvents();
    const response = await postSigned(runtime, '/webhooks/whatsapp', whatsappText('6281234567890', 'x'), `sha256=${'0'.repeat(64)}`);
    expect(response.status).toBe(401);
    expect(await countEvents()).toBe(before);
  });

  it('rejects a body changed after signing', async () => {
    const body = JSON.stringify(whatsappText('6281234567890', 'asli'));
    const { hubSignature } = await import('../../src/channels/index.js');
    const signature = hubSignature(body, 'test-app-secret');
    const response = await postSigned(runtime, '/webhooks/whatsapp', body.replace('asli', 'palsu'), signature);
    expect(response.status).toBe(401);
  });
});

describe('whatsapp webhook intake', () => {
  it('stores a duplicate delivery once', async () => {
    const body = whatsappText('6281234567891', 'kemeja batik ready?');
    const id = ((body.entry as any)[0].changes[0].value.messages[0].id) as string;
    expect((await postSigned(runtime, '/webhooks/whatsapp', body)).status).toBe(200);
    expect((await postSigned(runtime, '/webhooks/whatsapp', body)).status).toBe(200);
    await runtime.jobs.drain();
    const events = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from inbound_events where external_id = ${id}`);
    expect(events[0]!.count).toBe(1);
    expect(await countMessages(id)).toBe(1);
  });

  it('processes every entry, change and message', async () => {
    const first = whatsappMessages('6281234567892', [{ type: 'text', text: { body: 'satu' } }, { type: 'text', text: { body: 'dua' } }]);
    const second = whatsappMessages('6281234567893', [{ type: 'text', text: { body: 'tiga' } }]);
    const third = whatsappMessages('6281234567894', [{ type: 'text', text: { body: 'empat' } }]);
    const entry = (first.entry as any)[0];
    entry.changes.push((second.entry as any)[0].changes[0]);
    (first.entry as any).push((third.entry as any)[0]);
    const response = await postSigned(runtime, '/webhooks/whatsapp', first);
    expect(await jsonOf(response)).toEqual({ received: 4 });
    await runtime.jobs.drain();
    const rows = await queryRows<{ body: string }>(runtime.db, sql`select body from messages where direction = 'inbound' and body in ('satu', 'dua', 'tiga', 'empat') order by body`);
    expect(rows.map((row) => row.body)).toEqual(['dua', 'empat', 'satu', 'tiga']);
  });

  it('keeps the message time from Meta', async () => {
    const metaTime = Math.floor(Date.UTC(2026, 10, 3, 4, 5, 6) / 1000);
    const body = whatsappText('6281234567895', 'pesan lama', { timestamp: String(metaTime) });
    await postSigned(runtime, '/webhooks/whatsapp', body);
    await runtime.jobs.drain();
    const [row] = await queryRows<{ sent_at: Date | string }>(runtime.db, sql`select sent_at from messages where body = 'pesan lama'`);
    expect(new Date(row!.sent_at).toISOString()).toBe('2026-11-03T04:05:06.000Z');
  });

  it('rejects malformed JSON with nothing stored', async () => {
    const before = await countEvents();
    const response = await postSigned(runtime, '/webhooks/whatsapp', '{"object": "whatsapp_business_account", "entry": [');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await countEvents()).toBe(before);
  });

  it('rejects a body of the wrong shape naming the field', async () => {
    const before = await countEvents();
    const response = await postSigned(runtime, '/webhooks/whatsapp', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: 'no' }] });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('entry.0.changes');
    expect(await countEvents()).toBe(before);
  });

  it('rejects an oversized body with nothing stored', async () => {
    const before = await countEvents();
    const huge = whatsappText('6281234567896', 'x'.repeat(1100 * 1024));
    const response = await postSigned(runtime, '/webhooks/whatsapp', huge);
    expect(response.status).toBe(413);
    expect(await countEvents()).toBe(before);
  });
});
