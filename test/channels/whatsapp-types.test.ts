import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { insertBotCatalog } from '../bot/catalog-fixture.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { channelEnv, postSigned, startGraphStandIn, whatsappMessages, type GraphStandIn } from './helpers.js';

let runtime: TestRuntime;
let graph: GraphStandIn;
beforeAll(async () => {
  graph = await startGraphStandIn();
  runtime = await createTestRuntime(channelEnv(graph.url));
  await insertBotCatalog(runtime.db);
  for (const id of ['9001', '9002', '9003', '9004']) graph.media.set(id, { content: Buffer.from(`media-${id}`), mimeType: 'application/octet-stream' });
});
afterAll(async () => {
  await runtime?.close();
  await graph?.close();
});

interface Row { id: string; kind: string; body: string | null; reply_to_external_id: string | null; payload: any; external_id: string }

/** Delivers one message of Meta's documented shape and returns the stored row. */
async function deliver(from: string, message: Record<string, unknown>): Promise<Row> {
  const body = whatsappMessages(from, [message]);
  const id = (body.entry as any)[0].changes[0].value.messages[0].id as string;
  expect((await postSigned(runtime, '/webhooks/whatsapp', body)).status).toBe(200);
  await runtime.jobs.drain();
  const [row] = await queryRows<Row>(runtime.db, sql`select id, kind, body, reply_to_external_id, payload, external_id from messages where external_id = ${id}`);
  expect(row).toBeDefined();
  return row!;
}

describe('whatsapp inbound types', () => {
  it('downloads an image through the media endpoint', async () => {
    graph.media.set('1482619312547384', { content: Buffer.from('fake-jpeg-bytes'), mimeType: 'image/jpeg' });
    const row = await deliver('6281400000001', { type: 'image', image: { caption: 'yang ini ada?', mime_type: 'image/jpeg', sha256: 'abc', id: '1482619312547384' } });
    expect(row.kind).toBe('image');
    expect(row.body).toBe('yang ini ada?');
    const [media] = await queryRows<{ id: string; size_bytes: number; mime_type: string }>(runtime.db, sql`select id, size_bytes, mime_type from message_media where message_id = ${row.id}`);
    expect(media!.size_bytes).toBe('fake-jpeg-bytes'.length);
    expect(media!.mime_type).toBe('image/jpeg');
    const download = await runtime.request(`/api/media/${media!.id}`);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('fake-jpeg-bytes');
    expect(graph.requests.some((request) => request.path === '/v21.0/1482619312547384' && request.authorization === 'Bearer test-whatsapp-token')).toBe(true);
  });

  it.each([
    ['audio', { type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'a', id: '9001', voice: true } }, null],
    ['video', { type: 'video', video: { caption: 'video produk', mime_type: 'video/mp4', sha256: 'b', id: '9002' } }, 'video produk'],
    ['document', { type: 'document', document: { filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'c', id: '9003' } }, 'invoice.pdf'],
    ['sticker', { type: 'sticker', sticker: { mime_type: 'image/webp', sha256: 'd', id: '9004', animated: false } }, null],
    ['location', { type: 'location', location: { latitude: -6.2, longitude: 106.8, name: 'Toko Satu', address: 'Jl. Sudirman' } }, 'Toko Satu, Jl. Sudirman'],
    ['contacts', { type: 'contacts', contacts: [{ name: { formatted_name: 'Budi Santoso', first_name: 'Budi' }, phones: [{ phone: '+62 812 1111 2222', type: 'CELL' }] }] }, 'Budi Santoso'],
    ['interactive', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'size-l', title: 'Ukuran L' } } }, 'Ukuran L'],
    ['interactive', { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'bdg', title: 'Toko Bandung', description: 'Jl. Braga' } } }, 'Toko Bandung'],
    ['button', { type: 'button', button: { payload: 'STOP', text: 'Berhenti promosi' } }, 'Berhenti promosi'],
    ['unsupported', { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }, null],
  ])('stores a %s message', async (kind, message, body) => {
    const row = await deliver(`62814000001${String(Math.floor(Math.random() * 90) + 10)}`, message);
    expect(row.kind).toBe(kind);
    expect(row.body).toBe(body);
  });

  it('keeps a message whose media is gone', async () => {
    const row = await deliver('6281400000005', { type: 'image', image: { mime_type: 'image/jpeg', sha256: 'e', id: '9999' } });
    expect(row.kind).toBe('image');
    const media = await queryRows<{ id: string }>(runtime.db, sql`select id from message_media where message_id = ${row.id}`);
    expect(media).toHaveLength(0);
    expect(await runtime.jobs.listFailed()).toEqual([]);
  });

  it('links a reaction to the earlier message', async () => {
    const earlier = await deliver('6281400000002', { type: 'text', text: { body: 'kemeja batik parang navy L ready?' } });
    const [reply] = await queryRows<{ external_id: string }>(runtime.db, sql`select external_id from messages where reply_to_external_id = ${earlier.external_id} and author = 'bot'`);
    const reaction = await deliver('6281400000002', { type: 'reaction', reaction: { message_id: reply!.external_id, emoji: '👍' } });
    expect(reaction.kind).toBe('reaction');
    expect(reaction.body).toBe('👍');
    expect(reaction.reply_to_external_id).toBe(reply!.external_id);
    const bots = await queryRows<{ id: string }>(runtime.db, sql`select id from messages where reply_to_external_id = ${reaction.external_id}`);
    expect(bots).toHaveLength(0);
  });

  it('keeps the quoted message of a reply', async () => {
    const row = await deliver('6281400000003', { type: 'text', text: { body: 'yang ini kak' }, context: { from: '6281100000000', id: 'wamid.QUOTED1' } });
    expect(row.reply_to_external_id).toBe('wamid.QUOTED1');
  });

  it('names catalog order items from the hub', async () => {
    const row = await deliver('6281400000004', {
      type: 'order',
      order: {
        catalog_id: '1234567890',
        text: '',
        product_items: [
          { product_retailer_id: 'KBP-NAV-L', quantity: '2', item_price: '249000', currency: 'IDR' },
          { product_retailer_id: 'UNKNOWN-SKU', quantity: '1', item_price: '50000', currency: 'IDR' },
        ],
      },
    });
    expect(row.kind).toBe('order');
    expect(row.payload.order_items[0]).toEqual({ sku: 'KBP-NAV-L', name: 'Kemeja Batik Parang navy L', quantity: 2, unit_price: 249000, currency: 'IDR' });
    expect(row.payload.order_items[1].name).toBeNull();
    expect(row.body).toContain('2 × Kemeja Batik Parang navy L @ Rp249.000');
    expect(row.body).toContain('1 × UNKNOWN-SKU');
    const agent = await runtime.tokenFor('agent');
    const [conversation] = await queryRows<{ conversation_id: string }>(runtime.db, sql`select conversation_id from messages where id = ${row.id}`);
    const view = await jsonOf(await runtime.request(`/api/conversations/${conversation!.conversation_id}`, { token: agent }));
    expect(view.messages[0].body).not.toBe('');
  });
});
