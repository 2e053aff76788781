import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';

export interface OrderItemSummary {
  sku: string;
  name: string | null;
  quantity: number;
  /** The price the customer's catalog showed, in whole rupiah. */
  unit_price: number | null;
  currency: string | null;
}

/**
 * Names the items of a WhatsApp catalog order with the hub's products, matching each item's
 * `product_retailer_id` to a variant SKU, so that an agent never sees a blank line. An unknown SKU keeps
 * its id with a null name.
 */
export async function describeOrderItems(db: Executor, message: Record<string, unknown>): Promise<OrderItemSummary[]> {
  const order = (message.order ?? {}) as { product_items?: Array<{ product_retailer_id?: string; quantity?: number | string; item_price?: number | string; currency?: string }> };
  const items = order.product_items ?? [];
  const skus = items.map((item) => String(item.product_retailer_id ?? '')).filter(Boolean);
  // NOTE: a read of the inventory tables by name, like the analytics read models; inventory's index
  // exposes no lookup by SKU list yet.
  const rows = skus.length === 0 ? [] : await queryRows<{ sku: string; name: string; color: string | null; size: string | null }>(db, sql`
    select v.sku, p.name, v.color, v.size from variants v join products p on p.id = v.product_id
    where v.sku in (${sql.join(skus.map((sku) => sql`${sku}`), sql`, `)})`);
  const bySku = new Map(rows.map((row) => [row.sku, row]));
  return items.map((item) => {
    const sku = String(item.product_retailer_id ?? '');
    const variant = bySku.get(sku);
    const name = variant ? [variant.name, variant.color, variant.size].filter(Boolean).join(' ') : null;
    const price = item.item_price === undefined ? null : Math.round(Number(item.item_price));
    return { sku, name, quantity: Number(item.quantity ?? 1), unit_price: Number.isFinite(price) ? price : null, currency: item.currency ?? null };
  });
}
