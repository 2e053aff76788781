import { and, eq, sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import { rankLocationsForDelivery, loadCandidateLocations } from './fulfillment.js';
import { appendLedger } from './ledger.js';
import { addOnHand, commitReserved, releaseReserved, reserveExact, reserveUpTo, takeOnHand } from './reservations.js';
import { stockAllocations } from './schema.js';

/** Units of one stock-keeping variant an order line needs (a bundle line needs each component). */
export interface StockNeed {
  orderLineId: string;
  /** The SKU the customer ordered (the bundle's SKU for a component). */
  orderedSku: string;
  variantId: string;
  quantity: number;
}

export type AllocationPlan =
  | { kind: 'fixed'; locationId: string; reason: string }
  | { kind: 'delivery'; channelId: string; city: string | null };

/** Thrown inside a transaction to roll it back when stock cannot cover the named SKUs. */
export class StockUnavailable extends Error {
  constructor(readonly skus: string[]) { super(`insufficient stock for ${skus.join(', ')}`); }
}

interface AllocationRow {
  id: string;
  orderId: string;
  orderLineId: string;
  variantId: string;
  locationId: string;
  quantity: number;
}

export async function recordAllocation(
  tx: Executor,
  row: Omit<AllocationRow, 'id'> & { status: 'reserved' | 'committed'; reason: string },
  actor: string,
): Promise<string> {
  const id = newId('alc');
  const committed = row.status === 'committed';
  const onHandDelta = committed ? -row.quantity : 0;
  const reservedDelta = committed ? 0 : row.quantity;
  // One statement for both rows: on a hot SKU this runs while the stock row is locked, so every
  // round trip saved here shortens the wait of the next order.
  await queryRows(tx, sql`
    with allocation as (
      insert into stock_allocations (id, order_id, order_line_id, variant_id, location_id, quantity, status, reason)
      values (${id}, ${row.orderId}, ${row.orderLineId}, ${row.variantId}, ${row.locationId}, ${row.quantity}, ${row.status}, ${row.reason})
      returning id
    )
    insert into stock_ledger (variant_id, location_id, on_hand_delta, reserved_delta, reason, actor, source, idempotency_key)
    select ${row.variantId}, ${row.locationId}, ${onHandDelta}, ${reservedDelta}, ${committed ? 'sold' : 'reserved'}, ${actor},
           ${`order:${row.orderId}`}, ${`allocation:${id}:${committed ? 'sell' : 'reserve'}`}
    from allocation
    returning id`);
  return id;
}

/**
 * Reserves one need and records where. A fixed location (BOPIS store) must cover the whole quantity.
 * A delivery tries each ranked location for the whole quantity, then splits across them in rank
 * order. Returns false when the stock cannot cover the need; the caller then rolls back.
 */
export async function reserveNeed(tx: Executor, orderId: string, need: StockNeed, plan: AllocationPlan, actor: string): Promise<boolean> {
  const base = { orderId, orderLineId: need.orderLineId, variantId: need.variantId, status: 'reserved' as const };
  if (plan.kind === 'fixed') {
    if (!(await reserveExact(tx, { variantId: need.variantId, locationId: plan.locationId }, need.quantity))) return false;
    await recordAllocation(tx, { ...base, locationId: plan.locationId, quantity: need.quantity, reason: plan.reason }, actor);
    return true;
  }

  const candidates = await loadCandidateLocations(tx, { channelId: plan.channelId, variantId: need.variantId });
  const ranked = rankLocationsForDelivery(candidates, { quantity: need.quantity, city: plan.city });
  for (const location of ranked) {
    if (location.sellable < need.quantity) break;
    if (await reserveExact(tx, { variantId: need.variantId, locationId: location.id }, need.quantity)) {
      await recordAllocation(tx, { ...base, locationId: location.id, quantity: need.quantity, reason: location.reason }, actor);
      return true;
    }
  }

  // No single location covers the need: split it, nearest first. Any part taken is rolled back with
  // the transaction when the total falls short.
  let remaining = need.quantity;
  for (const location of ranked) {
    const taken = await reserveUpTo(tx, { variantId: need.variantId, locationId: location.id }, remaining);
    if (taken === 0) continue;
    await recordAllocation(tx, { ...base, locationId: location.id, quantity: taken, reason: `split: ${location.reason}` }, actor);
    remaining -= taken;
    if (remaining === 0) return true;
  }
  return false;
}

/**
 * Sells a need at once from a fixed location (a POS sale of goods in the customer's hand). Only on hand
 * must cover it; reservations it breaks become a shortage. Returns false when on hand is too low.
 */
export async function sellNeedNow(tx: Executor, orderId: string, need: StockNeed, locationId: string, actor: string): Promise<boolean> {
  const taken = await takeOnHand(tx, { variantId: need.variantId, locationId }, need.quantity);
  if (!taken) return false;
  await recordAllocation(tx, {
    orderId, orderLineId: need.orderLineId, variantId: need.variantId, locationId, quantity: need.quantity,
    status: 'committed', reason: 'pos: sold at the till',
  }, actor);
  return true;
}

async function allocationsOf(tx: Executor, orderId: string, status: 'reserved' | 'committed'): Promise<AllocationRow[]> {
  return tx.select({
    id: stockAllocations.id, orderId: stockAllocations.orderId, orderLineId: stockAllocations.orderLineId,
    variantId: stockAllocations.variantId, locationId: stockAllocations.locationId, quantity: stockAllocations.quantity,
  }).from(stockAllocations)
    .where(and(eq(stockAllocations.orderId, orderId), eq(stockAllocations.status, status)))
    // The same row order in every transaction keeps concurrent status changes from deadlocking.
    .orderBy(stockAllocations.variantId, stockAllocations.locationId, stockAllocations.id);
}

/** Moves an allocation from one status to the next; false when another transaction already moved it. */
async function claimAllocation(tx: Executor, id: string, from: string, to: 'committed' | 'released' | 'returned'): Promise<boolean> {
  const rows = await tx.update(stockAllocations).set({ status: to, updatedAt: new Date() })
    .where(and(eq(stockAllocations.id, id), eq(stockAllocations.status, from as 'reserved')))
    .returning({ id: stockAllocations.id });
  return rows.length > 0;
}

/** Turns every reserved allocation of the order into a sale; throws StockUnavailable on a shortage. */
export async function commitOrderAllocations(tx: Executor, orderId: string, actor: string, skuOf: (variantId: string) => string): Promise<string[]> {
  const touched: string[] = [];
  for (const allocation of await allocationsOf(tx, orderId, 'reserved')) {
    if (!(await claimAllocation(tx, allocation.id, 'reserved', 'committed'))) continue;
    if (!(await commitReserved(tx, allocation, allocation.quantity))) throw new StockUnavailable([skuOf(allocation.variantId)]);
    await appendLedger(tx, {
      variantId: allocation.variantId, locationId: allocation.locationId,
      onHandDelta: -allocation.quantity, reservedDelta: -allocation.quantity,
      reason: 'sold', actor, source: `order:${orderId}`, idempotencyKey: `allocation:${allocation.id}:commit`,
    });
    touched.push(allocation.variantId);
  }
  return touched;
}

/**
 * Releases the order's stock on cancellation: reserved units go back to available, and committed units
 * that never left the location go back on hand.
 */
export async function releaseOrderAllocations(tx: Executor, orderId: string, actor: string, reason: string): Promise<string[]> {
  const touched: string[] = [];
  for (const allocation of await allocationsOf(tx, orderId, 'reserved')) {
    if (!(await claimAllocation(tx, allocation.id, 'reserved', 'released'))) continue;
    if (!(await releaseReserved(tx, allocation, allocation.quantity))) {
      throw new Error(`allocation ${allocation.id}: reserved count at the location is below the allocation's quantity, so the stock row and allocations disagree`);
    }
    await appendLedger(tx, {
      variantId: allocation.variantId, locationId: allocation.locationId, reservedDelta: -allocation.quantity,
      reason: `released: ${reason}`, actor, source: `order:${orderId}`, idempotencyKey: `allocation:${allocation.id}:release`,
    });
    touched.push(allocation.variantId);
  }
  for (const allocation of await allocationsOf(tx, orderId, 'committed')) {
    if (!(await claimAllocation(tx, allocation.id, 'committed', 'released'))) continue;
    await addOnHand(tx, allocation, allocation.quantity);
    await appendLedger(tx, {
      variantId: allocation.variantId, locationId: allocation.locationId, onHandDelta: allocation.quantity,
      reason: `restocked: ${reason}`, actor, source: `order:${orderId}`, idempotencyKey: `allocation:${allocation.id}:restock`,
    });
    touched.push(allocation.variantId);
  }
  return touched;
}

/**
 * Takes sold units back. Resellable units go on hand at `locationId` (default: where they were sold).
 * Damaged units are recorded as received and written off, so the ledger shows both.
 */
export async function returnOrderAllocations(
  tx: Executor,
  orderId: string,
  input: { actor: string; condition: 'resellable' | 'damaged'; locationId?: string },
): Promise<{ variantIds: string[]; locationIds: string[] }> {
  const variantIds: string[] = [];
  const locationIds: string[] = [];
  for (const allocation of await allocationsOf(tx, orderId, 'committed')) {
    if (!(await claimAllocation(tx, allocation.id, 'committed', 'returned'))) continue;
    const cell = { variantId: allocation.variantId, locationId: input.locationId ?? allocation.locationId };
    const common = { ...cell, actor: input.actor, source: `order:${orderId}` };
    await addOnHand(tx, cell, allocation.quantity);
    await appendLedger(tx, { ...common, onHandDelta: allocation.quantity, reason: `returned: ${input.condition}`, idempotencyKey: `allocation:${allocation.id}:return` });
    if (input.condition === 'damaged') {
      await takeOnHand(tx, cell, allocation.quantity);
      await appendLedger(tx, { ...common, onHandDelta: -allocation.quantity, reason: 'written off: damaged return', idempotencyKey: `allocation:${allocation.id}:write-off` });
    }
    variantIds.push(cell.variantId);
    locationIds.push(cell.locationId);
  }
  return { variantIds, locationIds };
}

/**
 * Sets each order line's location to where most of its live units are held (reserved or sold), so that
 * sales per store read one location per line even when a line is split.
 */
export async function syncLineLocations(tx: Executor, orderId: string): Promise<void> {
  await queryRows(tx, sql`
    update order_lines ol set location_id = (
      select a.location_id from stock_allocations a
      where a.order_line_id = ol.id and a.status in ('reserved', 'committed')
      group by a.location_id order by sum(a.quantity) desc, a.location_id limit 1
    )
    where ol.order_id = ${orderId}
    returning ol.id`);
}
