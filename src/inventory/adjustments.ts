import { eq, sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import { appendLedger, emitStockChanged, inTransaction, ledgerEntryByKey } from './ledger.js';
import { readLevel, type StockLevel } from './levels.js';
import { orderLimits } from './limits.js';
import { resolveShortages } from './shortage.js';
import { bundleComponents, locations, variants } from './schema.js';

export interface AdjustStockInput {
  sku: string;
  locationCode: string;
  /** Units added to (positive) or removed from (negative) on hand. */
  delta: number;
  reason: string;
  actor: string;
  /** Repeating a key returns the level without changing it again. */
  idempotencyKey?: string;
}

export type AdjustStockResult =
  | { kind: 'adjusted'; level: StockLevel }
  | { kind: 'duplicate'; level: StockLevel }
  /** The idempotency key was already used for another SKU, location or delta; nothing changed. */
  | { kind: 'idempotency_conflict' }
  | { kind: 'unknown_sku' }
  | { kind: 'unknown_location' }
  | { kind: 'bundle_has_no_stock' }
  | { kind: 'insufficient_on_hand'; onHand: number }
  | { kind: 'above_max_stock'; onHand: number };

/** Thrown inside the transaction to roll back the ledger row when on hand would go negative. */
class NegativeOnHand extends Error {
  constructor(readonly onHand: number) { super('on hand would go negative'); }
}

/** Thrown inside the transaction to roll back the ledger row when on hand would pass the stock limit. */
class AboveMaxStock extends Error {
  constructor(readonly onHand: number) { super('on hand would pass the stock limit'); }
}

export interface StockTarget {
  variantId: string;
  locationId: string;
  sku: string;
  locationCode: string;
}

/** Resolves a SKU and a location code to ids; bundles have no stock rows of their own. */
export async function resolveStockTarget(
  db: Executor,
  sku: string,
  locationCode: string,
): Promise<StockTarget | { kind: 'unknown_sku' } | { kind: 'unknown_location' } | { kind: 'bundle_has_no_stock' }> {
  const variant = (await db.select({ id: variants.id }).from(variants).where(eq(variants.sku, sku)).limit(1))[0];
  if (!variant) return { kind: 'unknown_sku' };
  const location = (await db.select({ id: locations.id }).from(locations).where(eq(locations.code, locationCode)).limit(1))[0];
  if (!location) return { kind: 'unknown_location' };
  const bundle = await db.select({ id: bundleComponents.componentVariantId }).from(bundleComponents)
    .where(eq(bundleComponents.bundleVariantId, variant.id)).limit(1);
  if (bundle.length > 0) return { kind: 'bundle_has_no_stock' };
  return { variantId: variant.id, locationId: location.id, sku, locationCode };
}

export type OnHandChangeResult =
  | { kind: 'applied'; level: StockLevel }
  | { kind: 'duplicate'; level: StockLevel }
  | { kind: 'idempotency_conflict' }
  | { kind: 'insufficient_on_hand'; onHand: number }
  | { kind: 'above_max_stock'; onHand: number };

/**
 * Changes on hand at one location by `delta` and appends the ledger row with the reason, in one
 * transaction with an outbox row. On hand never goes below 0. It may drop below reserved (goods found
 * damaged are gone whatever is reserved): the broken reservations are then rerouted or flagged.
 */
export async function applyOnHandDelta(
  tx: Executor,
  target: StockTarget,
  change: { delta: number; reason: string; actor: string; source: string; idempotencyKey: string },
): Promise<OnHandChangeResult> {
  try {
    return await inTransaction(tx, async (inner) => {
      const appended = await appendLedger(inner, {
        variantId: target.variantId,
        locationId: target.locationId,
        onHandDelta: change.delta,
        reason: change.reason,
        actor: change.actor,
        source: change.source,
        idempotencyKey: change.idempotencyKey,
      });
      if (!appended) {
        const stored = await ledgerEntryByKey(inner, change.idempotencyKey);
        const same = stored?.variantId === target.variantId && stored.locationId === target.locationId && stored.onHandDelta === change.delta;
        return same ? { kind: 'duplicate' as const, level: await readLevel(inner, target) } : { kind: 'idempotency_conflict' as const };
      }

      // One conditional statement: the check and the write cannot be split by a concurrent change.
      const updated = change.delta >= 0
        ? await queryRows(inner, sql`
            insert into stock_levels (variant_id, location_id, on_hand) values (${target.variantId}, ${target.locationId}, ${change.delta})
            on conflict (variant_id, location_id) do update set on_hand = stock_levels.on_hand + ${change.delta}, updated_at = now()
            where stock_levels.on_hand + ${change.delta} <= ${orderLimits.maxStockUnits}
            returning on_hand`)
        : await queryRows(inner, sql`
            update stock_levels set on_hand = on_hand + ${change.delta}, updated_at = now()
            where variant_id = ${target.variantId} and location_id = ${target.locationId} and on_hand + ${change.delta} >= 0
            returning on_hand`);
      if (updated.length === 0) {
        const onHand = (await readLevel(inner, target)).onHand;
        throw change.delta >= 0 ? new AboveMaxStock(onHand) : new NegativeOnHand(onHand);
      }
      if (change.delta < 0) await resolveShortages(inner, [target], change.actor);

      await emitStockChanged(inner, { variantIds: [target.variantId], locationIds: [target.locationId], cause: change.source });
      return { kind: 'applied' as const, level: await readLevel(inner, target) };
    });
  } catch (error) {
    if (error instanceof NegativeOnHand) return { kind: 'insufficient_on_hand', onHand: error.onHand };
    if (error instanceof AboveMaxStock) return { kind: 'above_max_stock', onHand: error.onHand };
    throw error;
  }
}

/** Manual stock adjustment with a reason (received goods, damage, loss), recorded in the ledger. */
export async function adjustStock(db: Executor, input: AdjustStockInput): Promise<AdjustStockResult> {
  const target = await resolveStockTarget(db, input.sku, input.locationCode);
  if ('kind' in target) return target;
  const result = await applyOnHandDelta(db, target, {
    delta: input.delta,
    reason: input.reason,
    actor: input.actor,
    source: 'adjustment',
    idempotencyKey: input.idempotencyKey ? `adjustment:${input.idempotencyKey}` : newId('adj'),
  });
  return result.kind === 'applied' ? { kind: 'adjusted', level: result.level } : result;
}
