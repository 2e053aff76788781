import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { computeChannelAvailability } from './availability.js';
import { findChannel, requireChannel } from './channels.js';
import { priceVariantsForChannel } from './pricing.js';
import { channelListings, variants } from './schema.js';

/** Finds the variant a channel lists under its own SKU or item id; null when there is none. */
export async function findVariantByListing(
  db: Executor,
  input: { channelCode: string; externalSku?: string; externalItemId?: string },
): Promise<{ variantId: string; sku: string } | null> {
  const channel = await findChannel(db, input.channelCode);
  if (!channel || (!input.externalSku && !input.externalItemId)) return null;
  const match = input.externalSku ? eq(channelListings.externalSku, input.externalSku) : eq(channelListings.externalItemId, input.externalItemId!);
  const rows = await db.select({ variantId: variants.id, sku: variants.sku }).from(channelListings)
    .innerJoin(variants, eq(variants.id, channelListings.variantId))
    .where(and(eq(channelListings.channelId, channel.id), match)).limit(1);
  return rows[0] ?? null;
}

/** Records what a channel now shows for a variant (after a sync push or a listing read-back). */
export async function recordListingPublication(
  db: Executor,
  input: { channelCode: string; variantId: string; price: number; available: number; at?: Date },
): Promise<void> {
  const channel = await requireChannel(db, input.channelCode);
  const published = { publishedPrice: input.price, publishedAvailable: input.available, publishedAt: input.at ?? new Date() };
  await db.insert(channelListings).values({ channelId: channel.id, variantId: input.variantId, ...published })
    .onConflictDoUpdate({ target: [channelListings.channelId, channelListings.variantId], set: published });
}

export interface ListingMismatch {
  variantId: string;
  sku: string;
  publishedPrice: number | null;
  bookPrice: number;
  publishedAvailable: number | null;
  available: number;
  priceDiffers: boolean;
  stockDiffers: boolean;
}

/** Lists the channel's listings whose last published price or stock differs from the price book and availability now. */
export async function findListingMismatches(db: Executor, input: { channelCode: string; at?: Date }): Promise<ListingMismatch[]> {
  const channel = await requireChannel(db, input.channelCode);
  const listed = await queryRows<{ variant_id: string; sku: string; published_price: number | null; published_available: number | null }>(db, sql`
    select l.variant_id, v.sku, l.published_price, l.published_available
    from channel_listings l join variants v on v.id = l.variant_id
    where l.channel_id = ${channel.id} and l.published_at is not null order by v.sku`);
  const ids = listed.map((row) => row.variant_id);
  const prices = await priceVariantsForChannel(db, channel, ids, input.at);
  const availability = await computeChannelAvailability(db, channel, ids);
  return listed.flatMap((row) => {
    const bookPrice = prices.get(row.variant_id) ?? 0;
    const available = availability.get(row.variant_id) ?? 0;
    const publishedPrice = row.published_price === null ? null : Number(row.published_price);
    const publishedAvailable = row.published_available === null ? null : Number(row.published_available);
    const priceDiffers = publishedPrice !== bookPrice;
    const stockDiffers = publishedAvailable !== available;
    if (!priceDiffers && !stockDiffers) return [];
    return [{ variantId: row.variant_id, sku: row.sku, publishedPrice, bookPrice, publishedAvailable, available, priceDiffers, stockDiffers }];
  });
}
