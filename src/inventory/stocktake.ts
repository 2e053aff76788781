import { eq, inArray, sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import { appendLedger, emitStockChanged, inTransaction } from './ledger.js';
import { resolveShortages } from './shortage.js';
import { bundleComponents, locations, stockCounts, variants } from './schema.js';

export interface CountedLine {
  sku: string;
  previousOnHand: number;
  counted: number;
  difference: number;
}

export type RecordStockCountResult =
  | { kind: 'recorded'; stocktakeId: string; lines: CountedLine[] }
  | { kind: 'unknown_location' }
  | { kind: 'unknown_skus'; skus: string[] };

/**
 * Records a stock count at one location: on hand becomes the counted quantity and the ledger gets the
 * difference. A count is a physical fact, so it may leave reservations without stock: those are
 * rerouted or flagged as a shortage. Repeating a stocktake id skips the lines it already counted.
 */
export async function recordStockCount(
  db: Executor,
  input: { locationCode: string; counts: Array<{ sku: string; counted: number }>; actor: string; stocktakeId?: string },
): Promise<RecordStockCountResult> {
  const location = (await db.select({ id: locations.id }).from(locations).where(eq(locations.code, input.locationCode)).limit(1))[0];
  if (!location) return { kind: 'unknown_location' };
  const skus = input.counts.map((count) => count.sku);
  const found = await db.select({ id: variants.id, sku: variants.sku }).from(variants).where(inArray(variants.sku, skus));
  const bundles = new Set((await db.select({ id: bundleComponents.bundleVariantId }).from(bundleComponents)
    .where(inArray(bundleComponents.bundleVariantId, found.map((row) => row.id)))).map((row) => row.id));
  const idBySku = new Map(found.filter((row) => !bundles.has(row.id)).map((row) => [row.sku, row.id]));
  const unknown = skus.filter((sku) => !idBySku.has(sku));
  if (unknown.length > 0) return { kind: 'unknown_skus', skus: unknown };

  const stocktakeId = input.stocktakeId ?? newId('stk');
  const lines = await inTransaction(db, async (tx) => {
    const counted: CountedLine[] = [];
    for (const count of input.counts) {
      const variantId = idBySku.get(count.sku)!;
      const cell = { variantId, locationId: location.id };
      // Locks the row (creating it when missing) so the difference is taken against the level it replaces.
      await queryRows(tx, sql`insert into stock_levels (variant_id, location_id) values (${variantId}, ${location.id}) on conflict do nothing`);
      const previous = Number((await queryRows<{ on_hand: number }>(tx, sql`
        select on_hand from stock_levels where variant_id = ${variantId} and location_id = ${location.id} for update`))[0]!.on_hand);
      const difference = count.counted - previous;
      const inserted = await tx.insert(stockCounts).values({
        id: newId('cnt'), stocktakeId, ...cell, counted: count.counted, previousOnHand: previous, difference, actor: input.actor,
      }).onConflictDoNothing().returning({ id: stockCounts.id });
      if (inserted.length === 0) continue;
      await queryRows(tx, sql`
        update stock_levels set on_hand = ${count.counted}, updated_at = now()
        where variant_id = ${variantId} and location_id = ${location.id} returning on_hand`);
      if (difference !== 0) {
        await appendLedger(tx, {
          ...cell, onHandDelta: difference, reason: `stocktake: counted ${count.counted}, was ${previous}`,
          actor: input.actor, source: `stocktake:${stocktakeId}`, idempotencyKey: `stocktake:${stocktakeId}:${variantId}:${location.id}`,
        });
      }
      counted.push({ sku: count.sku, previousOnHand: previous, counted: count.counted, difference });
    }
    await resolveShortages(tx, [...idBySku.values()].map((variantId) => ({ variantId, locationId: location.id })), input.actor);
    await emitStockChanged(tx, { variantIds: [...idBySku.values()], locationIds: [location.id], cause: `stocktake:${stocktakeId}` });
    return counted;
  });
  return { kind: 'recorded', stocktakeId, lines };
}
