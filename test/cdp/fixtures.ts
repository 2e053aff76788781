import { sql } from 'drizzle-orm';
import type { ResolveResult } from '../../src/cdp/index.js';
import { newId, type Executor } from '../../src/db/index.js';

/**
 * Rows that other modules own (channels, orders, messages), written with SQL so that CDP tests can check
 * how profiles read them without depending on those modules' services.
 */
export async function insertChannel(db: Executor, code: string, kind: 'pos' | 'messaging' | 'marketplace' | 'website'): Promise<string> {
  const id = newId('chn');
  await db.execute(sql`insert into channels (id, code, name, kind) values (${id}, ${code}, ${code}, ${kind})`);
  return id;
}

export async function insertVariant(db: Executor, sku: string): Promise<string> {
  const productId = newId('prd');
  const variantId = newId('var');
  await db.execute(sql`insert into products (id, handle, name, category) values (${productId}, ${sku.toLowerCase()}, ${`Product ${sku}`}, 'shirt')`);
  await db.execute(sql`insert into variants (id, product_id, sku, base_price) values (${variantId}, ${productId}, ${sku}, 150000)`);
  return variantId;
}

export async function insertOrder(
  db: Executor, order: { channelId: string; profileId: string | null; placedAt: Date; variantId: string; total?: number; status?: string },
): Promise<string> {
  const id = newId('ord');
  await db.execute(sql`
    insert into orders (id, channel_id, external_id, profile_id, status, fulfillment_type, total_amount, placed_at)
    values (${id}, ${order.channelId}, ${id}, ${order.profileId}, ${order.status ?? 'paid'}, 'pos', ${order.total ?? 150000}, ${order.placedAt})`);
  await db.execute(sql`
    insert into order_lines (id, order_id, line_no, variant_id, quantity, unit_price)
    values (${newId('oln')}, ${id}, 1, ${order.variantId}, 1, ${order.total ?? 150000})`);
  return id;
}

export async function insertMessage(
  db: Executor, message: { profileId: string; channel: string; thread: string; body: string; sentAt: Date; direction?: 'inbound' | 'outbound' },
): Promise<string> {
  const conversationId = newId('cnv');
  await db.execute(sql`
    insert into conversations (id, profile_id, channel, external_thread_id) values (${conversationId}, ${message.profileId}, ${message.channel}, ${message.thread})
    on conflict (channel, external_thread_id) do nothing`);
  const id = newId('msg');
  await db.execute(sql`
    insert into messages (id, conversation_id, profile_id, channel, direction, author, body, status, sent_at)
    values (${id}, (select id from conversations where channel = ${message.channel} and external_thread_id = ${message.thread}),
            ${message.profileId}, ${message.channel}, ${message.direction ?? 'inbound'},
            ${message.direction === 'outbound' ? 'bot' : 'customer'}, ${message.body}, 'received', ${message.sentAt})`);
  return id;
}

/** Returns the canonical profile a claim resolved to, and throws when the claim was rejected. */
export function profileOf(result: ResolveResult): string {
  if (result.kind !== 'resolved') throw new Error(`claim rejected: ${result.reason}`);
  return result.profileId;
}
