import { adjustStock } from '../../src/inventory/index.js';
import {
  bundleComponents, channelListings, channelLocations, channels, locations, products, stockLevels, variants,
} from '../../src/inventory/schema.js';
import { newId, queryRows, type Db } from '../../src/db/index.js';
import { and, eq, sql } from 'drizzle-orm';

/** Codes of the small shop every inventory test starts from. */
export const shop = {
  warehouse: 'WH-JKT',
  bandung: 'ST-BDG',
  surabaya: 'ST-SBY',
} as const;

interface VariantSpec {
  sku: string;
  product: string;
  category?: string;
  color?: string;
  size?: string;
  basePrice: number;
}


async function productId(db: Db, name: string, category: string): Promise<string> {
  const existing = (await db.select({ id: products.id }).from(products).where(eq(products.name, name)))[0];
  if (existing) return existing.id;
  const id = newId('prd');
  await db.insert(products).values({ id, handle: `${name.toLowerCase().replaceAll(' ', '-')}-${id.slice(-4)}`, name, category, description: `${name} dari katun.` });
  return id;
}

/** Inserts a variant (and its product when new); returns the variant id. */
export async function insertVariant(db: Db, spec: VariantSpec): Promise<string> {
  const id = newId('var');
  const options: Record<string, string> = {};
  if (spec.color) options.color = spec.color;
  if (spec.size) options.size = spec.size;
  await db.insert(variants).values({
    id,
    productId: await productId(db, spec.product, spec.category ?? 'Kemeja'),
    sku: spec.sku,
    color: spec.color ?? null,
    size: spec.size ?? null,
    options,
    basePrice: spec.basePrice,
  });
  return id;
}

/** Makes the variant a bundle of the given components. */
export async function defineBundle(db: Db, bundleVariantId: string, components: Array<{ variantId: string; quantity: number }>): Promise<void> {
  for (const component of components) {
    await db.insert(bundleComponents).values({ bundleVariantId, componentVariantId: component.variantId, quantity: component.quantity });
  }
}

export async function insertLocation(db: Db, spec: { code: string; name: string; kind: 'warehouse' | 'store'; city: string; province: string; latitude?: number; longitude?: number }): Promise<string> {
  const id = newId('loc');
  await db.insert(locations).values({ id, ...spec });
  return id;
}

export async function insertChannel(db: Db, spec: {
  code: string; kind: 'marketplace' | 'website' | 'pos' | 'messaging'; locations: string[];
  bufferStock?: number; priceRule?: Record<string, unknown>; reservationTtlMinutes?: number;
}): Promise<string> {
  const id = newId('chn');
  await db.insert(channels).values({
    id, code: spec.code, name: spec.code, kind: spec.kind, bufferStock: spec.bufferStock ?? 0,
    reservationTtlMinutes: spec.reservationTtlMinutes ?? 60, priceRule: spec.priceRule ?? null,
  });
  for (const code of spec.locations) {
    const location = (await db.select({ id: locations.id }).from(locations).where(eq(locations.code, code)))[0]!;
    await db.insert(channelLocations).values({ channelId: id, locationId: location.id });
  }
  return id;
}

/** Puts stock on hand through the ledger, so that ledger sums stay equal to on hand. */
export async function receiveStock(db: Db, sku: string, locationCode: string, quantity: number): Promise<void> {
  const result = await adjustStock(db, { sku, locationCode, delta: quantity, reason: 'received', actor: 'test' });
  if (result.kind !== 'adjusted') throw new Error(`receiveStock ${sku}@${locationCode}: ${result.kind}`);
}

export async function setSafetyStock(db: Db, variantId: string, locationCode: string, safety: number): Promise<void> {
  const location = (await db.select({ id: locations.id }).from(locations).where(eq(locations.code, locationCode)))[0]!;
  await db.update(stockLevels).set({ safetyStock: safety })
    .where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, location.id)));
}

export async function setListingBuffer(db: Db, channelId: string, variantId: string, bufferStock: number): Promise<void> {
  await db.insert(channelListings).values({ channelId, variantId, bufferStock })
    .onConflictDoUpdate({ target: [channelListings.channelId, channelListings.variantId], set: { bufferStock } });
}

/**
 * Inserts a warehouse in Jakarta and stores in Bandung and Surabaya, and four channels. The website and
 * WhatsApp sell from all three, Shopee from the warehouse only (+5% rounded to Rp1.000, buffer 1), and
 * pos-bdg from the Bandung store.
 */
export async function seedShop(db: Db): Promise<{ channelIds: Record<string, string> }> {
  await insertLocation(db, { code: shop.warehouse, name: 'Gudang Jakarta', kind: 'warehouse', city: 'Jakarta Timur', province: 'DKI Jakarta', latitude: -6.225, longitude: 106.9 });
  await insertLocation(db, { code: shop.bandung, name: 'Toko Bandung', kind: 'store', city: 'Bandung', province: 'Jawa Barat', latitude: -6.917, longitude: 107.619 });
  await insertLocation(db, { code: shop.surabaya, name: 'Toko Surabaya', kind: 'store', city: 'Surabaya', province: 'Jawa Timur', latitude: -7.257, longitude: 112.752 });
  const all = [shop.warehouse, shop.bandung, shop.surabaya];
  const channelIds = {
    website: await insertChannel(db, { code: 'website', kind: 'website', locations: all }),
    shopee: await insertChannel(db, {
      code: 'shopee', kind: 'marketplace', locations: [shop.warehouse], bufferStock: 1,
      priceRule: { type: 'markup_percent', percent: 5, round_to: 1000 }, reservationTtlMinutes: 30,
    }),
    'pos-bdg': await insertChannel(db, { code: 'pos-bdg', kind: 'pos', locations: [shop.bandung] }),
    whatsapp: await insertChannel(db, { code: 'whatsapp', kind: 'messaging', locations: all }),
  };
  return { channelIds };
}

/**
 * Checks invariants 1 and 2 over the whole database: no negative level, and the ledger's on-hand and
 * reserved deltas summing to each level. Returns the offending rows (empty when all hold).
 */
export async function findInvariantViolations(db: Db): Promise<unknown[]> {
  return queryRows(db, sql`
    select s.variant_id, s.location_id, s.on_hand, s.reserved,
           coalesce(sum(l.on_hand_delta), 0)::int as ledger_on_hand, coalesce(sum(l.reserved_delta), 0)::int as ledger_reserved
    from stock_levels s left join stock_ledger l on l.variant_id = s.variant_id and l.location_id = s.location_id
    group by s.variant_id, s.location_id, s.on_hand, s.reserved
    having s.on_hand < 0 or s.reserved < 0
        or s.on_hand <> coalesce(sum(l.on_hand_delta), 0) or s.reserved <> coalesce(sum(l.reserved_delta), 0)`);
}

/** on_hand and reserved of one SKU at one location code. */
export async function levelOf(db: Db, sku: string, locationCode: string): Promise<{ onHand: number; reserved: number }> {
  const rows = await queryRows<{ on_hand: number; reserved: number }>(db, sql`
    select s.on_hand, s.reserved from stock_levels s join variants v on v.id = s.variant_id join locations l on l.id = s.location_id
    where v.sku = ${sku} and l.code = ${locationCode}`);
  return { onHand: Number(rows[0]?.on_hand ?? 0), reserved: Number(rows[0]?.reserved ?? 0) };
}
