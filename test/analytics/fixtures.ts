import { sql } from 'drizzle-orm';
import type { Executor } from '../../src/db/index.js';

/** Builders for small hand-checked datasets, written with plain SQL into the tables the KPIs read. */

export async function insertChannel(db: Executor, code: string, kind: 'marketplace' | 'website' | 'pos' | 'messaging'): Promise<void> {
  await db.execute(sql`insert into channels (id, code, name, kind) values (${`chn_${code}`}, ${code}, ${code}, ${kind})`);
}

export async function insertLocation(db: Executor, code: string, kind: 'warehouse' | 'store'): Promise<void> {
  await db.execute(sql`insert into locations (id, code, name, kind, city, province)
    values (${`loc_${code}`}, ${code}, ${code}, ${kind}, 'Bandung', 'Jawa Barat')`);
}

export async function insertVariant(db: Executor, sku: string, basePrice: number): Promise<void> {
  await db.execute(sql`insert into products (id, handle, name, category) values (${`pro_${sku}`}, ${sku}, ${sku}, 'kemeja')`);
  await db.execute(sql`insert into variants (id, product_id, sku, base_price) values (${`var_${sku}`}, ${`pro_${sku}`}, ${sku}, ${basePrice})`);
}

export interface OrderFixture {
  id: string;
  channel: string;
  profileId: string | null;
  status: string;
  fulfillment?: 'delivery' | 'bopis' | 'pos';
  /** Store code for a POS sale or BOPIS pickup. */
  store?: string;
  cancelReason?: string;
  placedAt: string;
  readyAt?: string;
  pickedUpAt?: string;
  shippedAt?: string;
  cancelledAt?: string;
  /** Each line: quantity × unit price at a location code (or none). The order total is their sum. */
  lines: Array<{ sku: string; quantity: number; unitPrice: number; location?: string }>;
}

export async function insertOrder(db: Executor, order: OrderFixture): Promise<void> {
  const total = order.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  const storeId = order.store ? `loc_${order.store}` : null;
  await db.execute(sql`insert into orders (id, channel_id, external_id, profile_id, status, fulfillment_type, location_id,
      cancel_reason, total_amount, placed_at, ready_at, picked_up_at, shipped_at, cancelled_at)
    values (${order.id}, ${`chn_${order.channel}`}, ${order.id}, ${order.profileId}, ${order.status},
      ${order.fulfillment ?? 'delivery'}, ${storeId}, ${order.cancelReason ?? null}, ${total}, ${order.placedAt}::timestamptz,
      ${order.readyAt ?? null}::timestamptz, ${order.pickedUpAt ?? null}::timestamptz, ${order.shippedAt ?? null}::timestamptz,
      ${order.cancelledAt ?? null}::timestamptz)`);
  for (const [index, line] of order.lines.entries()) {
    await db.execute(sql`insert into order_lines (id, order_id, line_no, variant_id, location_id, quantity, unit_price)
      values (${`${order.id}_${index + 1}`}, ${order.id}, ${index + 1}, ${`var_${line.sku}`},
        ${line.location ? `loc_${line.location}` : null}, ${line.quantity}, ${line.unitPrice})`);
  }
}

export interface ConversationFixture {
  id: string;
  profileId: string;
  channel: string;
  owner?: 'bot' | 'agent';
  handoffReason?: string;
  status?: 'open' | 'resolved';
  messages: Array<{ author: 'customer' | 'bot' | 'agent'; sentAt: string }>;
}

export async function insertConversation(db: Executor, conversation: ConversationFixture): Promise<void> {
  await db.execute(sql`insert into conversations (id, profile_id, channel, external_thread_id, owner, handoff_reason, status)
    values (${conversation.id}, ${conversation.profileId}, ${conversation.channel}, ${conversation.id},
      ${conversation.owner ?? 'bot'}, ${conversation.handoffReason ?? null}, ${conversation.status ?? 'open'})`);
  for (const [index, message] of conversation.messages.entries()) {
    const direction = message.author === 'customer' ? 'inbound' : 'outbound';
    const status = message.author === 'customer' ? 'received' : 'sent';
    await db.execute(sql`insert into messages (id, conversation_id, profile_id, channel, direction, author, body, status, sent_at)
      values (${`${conversation.id}_m${index + 1}`}, ${conversation.id}, ${conversation.profileId}, ${conversation.channel},
        ${direction}, ${message.author}, 'halo kak', ${status}, ${message.sentAt}::timestamptz)`);
  }
}

export async function insertListingSnapshot(
  db: Executor,
  snapshot: { channel: string; sku: string; recordedAt: string; listedPrice: number | null; expectedPrice: number | null; publishedStock: number | null; hubAvailable: number | null },
): Promise<void> {
  await db.execute(sql`insert into channel_listing_snapshots (channel_id, variant_id, source, listed_price, expected_price, published_stock, hub_available, recorded_at)
    values (${`chn_${snapshot.channel}`}, ${`var_${snapshot.sku}`}, 'sent', ${snapshot.listedPrice}, ${snapshot.expectedPrice},
      ${snapshot.publishedStock}, ${snapshot.hubAvailable}, ${snapshot.recordedAt}::timestamptz)`);
}
