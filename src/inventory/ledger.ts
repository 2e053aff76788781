import { sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../db/index.js';
import { inventoryOutbox, stockLedger } from './schema.js';

/** Runs `work` in a transaction (a savepoint when `db` is already a transaction). */
export function inTransaction<T>(db: Executor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return (db as Db).transaction(work);
}

const retryableCodes = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return retryableCodes.has(code ?? '') || retryableCodes.has(cause?.code ?? '');
}

/**
 * Runs `work` in a transaction and runs it again, up to `attempts` times, when PostgreSQL aborts it as a
 * deadlock victim (40P01) or a serialization failure (40001). Inside an outer transaction there is
 * nothing to retry, because the outer one is aborted too, so the error is passed on.
 */
export async function inRetryingTransaction<T>(db: Executor, work: (tx: Tx) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(db, work);
    } catch (error) {
      if (attempt >= attempts || 'rollback' in db || !isRetryable(error)) throw error;
    }
  }
}

export interface LedgerEntry {
  variantId: string;
  locationId: string;
  onHandDelta?: number;
  reservedDelta?: number;
  reason: string;
  actor: string;
  /** Cause of the change, e.g. `order:ord_…`, `adjustment`, `transfer:trf_…`. */
  source: string;
  /** Unique per source event, so that a repeated event appends nothing. */
  idempotencyKey: string;
}

/** Appends one ledger row; returns false when a row with the same idempotency key already exists. */
export async function appendLedger(tx: Executor, entry: LedgerEntry): Promise<boolean> {
  const inserted = await tx.insert(stockLedger).values({
    variantId: entry.variantId,
    locationId: entry.locationId,
    onHandDelta: entry.onHandDelta ?? 0,
    reservedDelta: entry.reservedDelta ?? 0,
    reason: entry.reason,
    actor: entry.actor,
    source: entry.source,
    idempotencyKey: entry.idempotencyKey,
  }).onConflictDoNothing({ target: stockLedger.idempotencyKey }).returning({ id: stockLedger.id });
  return inserted.length > 0;
}

/** Returns the stock cell and on-hand delta recorded under an idempotency key, or null when there is none. */
export async function ledgerEntryByKey(
  tx: Executor,
  idempotencyKey: string,
): Promise<{ variantId: string; locationId: string; onHandDelta: number } | null> {
  const rows = await tx.select({ variantId: stockLedger.variantId, locationId: stockLedger.locationId, onHandDelta: stockLedger.onHandDelta })
    .from(stockLedger).where(sql`${stockLedger.idempotencyKey} = ${idempotencyKey}`).limit(1);
  return rows[0] ?? null;
}

/** Checks whether a ledger row with this idempotency key exists. */
export async function ledgerKeyExists(tx: Executor, idempotencyKey: string): Promise<boolean> {
  const rows = await tx.select({ id: stockLedger.id }).from(stockLedger)
    .where(sql`${stockLedger.idempotencyKey} = ${idempotencyKey}`).limit(1);
  return rows.length > 0;
}

export const stockChangedTopic = 'inventory.stock_changed';
export const orderChangedTopic = 'inventory.order_changed';

/**
 * Records in the outbox, in the caller's transaction, that the stock of these variants changed, so that
 * channel sync can republish their availability.
 */
export async function emitStockChanged(
  tx: Executor,
  change: { variantIds: string[]; locationIds: string[]; cause: string },
): Promise<void> {
  await tx.insert(inventoryOutbox).values({
    topic: stockChangedTopic,
    payload: { variant_ids: [...new Set(change.variantIds)], location_ids: [...new Set(change.locationIds)], cause: change.cause },
  });
}

/** Records an order's status change in the outbox, in the caller's transaction. */
export async function emitOrderChanged(
  tx: Executor,
  change: { orderId: string; channelCode: string; externalId: string; status: string },
): Promise<void> {
  await tx.insert(inventoryOutbox).values({
    topic: orderChangedTopic,
    payload: { order_id: change.orderId, channel: change.channelCode, external_id: change.externalId, status: change.status },
  });
}
