import { and, eq } from 'drizzle-orm';
import { newId, type Executor } from '../db/index.js';
import { findChannel } from './channels.js';
import { inTransaction } from './ledger.js';
import type { PriceRule } from './pricing.js';
import { channelPrices, channels, inventoryOutbox, products, promotions, variants } from './schema.js';

export const priceChangedTopic = 'inventory.price_changed';

export type PriceBookResult<T = object> = ({ kind: 'saved' } & T) | { kind: 'unknown_channel' } | { kind: 'unknown_sku'; sku: string };

async function emitPriceChanged(tx: Executor, payload: Record<string, unknown>): Promise<void> {
  await tx.insert(inventoryOutbox).values({ topic: priceChangedTopic, payload });
}

/** Sets or clears (null) a channel's price rule; every variant without a fixed channel price follows it. */
export async function setChannelPriceRule(db: Executor, input: { channelCode: string; rule: PriceRule | null }): Promise<PriceBookResult> {
  const channel = await findChannel(db, input.channelCode);
  if (!channel) return { kind: 'unknown_channel' };
  await inTransaction(db, async (tx) => {
    await tx.update(channels).set({ priceRule: input.rule }).where(eq(channels.id, channel.id));
    await emitPriceChanged(tx, { channel: channel.code, scope: 'channel' });
  });
  return { kind: 'saved' };
}

/** Sets (or, with null, removes) a variant's fixed price on one channel, which overrides the channel's rule. */
export async function setChannelPrice(db: Executor, input: { channelCode: string; sku: string; price: number | null }): Promise<PriceBookResult> {
  const channel = await findChannel(db, input.channelCode);
  if (!channel) return { kind: 'unknown_channel' };
  const variant = (await db.select({ id: variants.id }).from(variants).where(eq(variants.sku, input.sku)).limit(1))[0];
  if (!variant) return { kind: 'unknown_sku', sku: input.sku };
  await inTransaction(db, async (tx) => {
    if (input.price === null) {
      await tx.delete(channelPrices).where(and(eq(channelPrices.channelId, channel.id), eq(channelPrices.variantId, variant.id)));
    } else {
      await tx.insert(channelPrices).values({ channelId: channel.id, variantId: variant.id, price: input.price })
        .onConflictDoUpdate({ target: [channelPrices.channelId, channelPrices.variantId], set: { price: input.price } });
    }
    await emitPriceChanged(tx, { channel: channel.code, scope: 'variant', variant_ids: [variant.id] });
  });
  return { kind: 'saved' };
}

export interface PromotionInput {
  name: string;
  /** Null for every channel. */
  channelCode: string | null;
  /** A whole product by its handle, one variant by SKU, or neither for the whole catalog. */
  productHandle: string | null;
  sku: string | null;
  kind: 'percent_off' | 'amount_off' | 'fixed_price';
  value: number;
  startsAt: Date;
  endsAt: Date;
}

/** Creates a time-boxed promotion; the database rejects an empty window or a percentage above 100. */
export async function createPromotion(
  db: Executor,
  input: PromotionInput,
): Promise<PriceBookResult<{ promotionId: string }> | { kind: 'unknown_product'; handle: string }> {
  const channel = input.channelCode ? await findChannel(db, input.channelCode) : null;
  if (input.channelCode && !channel) return { kind: 'unknown_channel' };
  let productId: string | null = null;
  if (input.productHandle) {
    const product = (await db.select({ id: products.id }).from(products).where(eq(products.handle, input.productHandle)).limit(1))[0];
    if (!product) return { kind: 'unknown_product', handle: input.productHandle };
    productId = product.id;
  }
  let variantId: string | null = null;
  if (input.sku) {
    const variant = (await db.select({ id: variants.id }).from(variants).where(eq(variants.sku, input.sku)).limit(1))[0];
    if (!variant) return { kind: 'unknown_sku', sku: input.sku };
    variantId = variant.id;
  }
  const promotionId = newId('prm');
  await inTransaction(db, async (tx) => {
    await tx.insert(promotions).values({
      id: promotionId, name: input.name, channelId: channel?.id ?? null, productId, variantId,
      kind: input.kind, value: input.value, startsAt: input.startsAt, endsAt: input.endsAt,
    });
    await emitPriceChanged(tx, {
      channel: channel?.code ?? null, scope: 'promotion', promotion_id: promotionId,
      starts_at: input.startsAt.toISOString(), ends_at: input.endsAt.toISOString(),
    });
  });
  return { kind: 'saved', promotionId };
}
