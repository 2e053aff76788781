import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { recordAllocation, syncLineLocations } from './allocations.js';
import { loadCandidateLocations, rankLocationsForDelivery } from './fulfillment.js';
import { appendLedger } from './ledger.js';
import { releaseReserved, reserveExact, type StockCell } from './reservations.js';
import { orders, stockAllocations } from './schema.js';

export type MoveAllocationResult = { kind: 'moved'; allocationId: string } | { kind: 'destination_short' } | { kind: 'not_reserved' };

/**
 * Moves a reservation to another location. The destination must cover the allocation's whole quantity
 * (one conditional update), otherwise nothing changes.
 */
export async function moveAllocation(
  tx: Executor,
  input: { allocationId: string; destinationLocationId: string; actor: string; reason: string },
): Promise<MoveAllocationResult> {
  const claimed = await tx.update(stockAllocations).set({ status: 'released', updatedAt: new Date() })
    .where(and(eq(stockAllocations.id, input.allocationId), eq(stockAllocations.status, 'reserved')))
    .returning();
  const allocation = claimed[0];
  if (!allocation) return { kind: 'not_reserved' };

  const destination: StockCell = { variantId: allocation.variantId, locationId: input.destinationLocationId };
  if (!(await reserveExact(tx, destination, allocation.quantity))) {
    await tx.update(stockAllocations).set({ status: 'reserved' }).where(eq(stockAllocations.id, allocation.id));
    return { kind: 'destination_short' };
  }
  if (!(await releaseReserved(tx, allocation, allocation.quantity))) {
    throw new Error(`allocation ${allocation.id}: reserved count at the location is below the allocation's quantity, so the stock row and allocations disagree`);
  }
  await appendLedger(tx, {
    variantId: allocation.variantId, locationId: allocation.locationId, reservedDelta: -allocation.quantity,
    reason: `moved out: ${input.reason}`, actor: input.actor, source: `order:${allocation.orderId}`,
    idempotencyKey: `allocation:${allocation.id}:move-out`,
  });
  const allocationId = await recordAllocation(tx, {
    orderId: allocation.orderId, orderLineId: allocation.orderLineId, variantId: allocation.variantId,
    locationId: input.destinationLocationId, quantity: allocation.quantity, status: 'reserved', reason: input.reason,
  }, input.actor);
  await syncLineLocations(tx, allocation.orderId);
  return { kind: 'moved', allocationId };
}

/**
 * Repairs reservations that a physical event (a POS sale, a count, a write-off) left without stock
 * behind them. The youngest reservations at the location move first: a delivery order moves to
 * another of its channel's locations that covers it whole. What cannot move is flagged as a shortage on
 * its allocation, for staff to transfer stock in or to cancel with reason `out_of_stock`.
 */
export async function resolveShortages(tx: Executor, cells: StockCell[], actor: string): Promise<void> {
  const seen = new Set<string>();
  for (const cell of cells) {
    const key = `${cell.variantId}/${cell.locationId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await resolveCellShortage(tx, cell, actor);
  }
}

async function resolveCellShortage(tx: Executor, cell: StockCell, actor: string): Promise<void> {
  // The row lock holds the level still while this transaction repairs it.
  const level = (await queryRows<{ on_hand: number; reserved: number; flagged: number }>(tx, sql`
    select on_hand, reserved,
      (select coalesce(sum(shortage), 0)::int from stock_allocations
       where variant_id = ${cell.variantId} and location_id = ${cell.locationId} and status = 'reserved') as flagged
    from stock_levels where variant_id = ${cell.variantId} and location_id = ${cell.locationId} for update`))[0];
  if (!level) return;
  let excess = Number(level.reserved) - Number(level.on_hand) - Number(level.flagged);
  if (excess <= 0) return;

  const broken = await tx.select({
    id: stockAllocations.id, quantity: stockAllocations.quantity, orderId: stockAllocations.orderId,
    fulfillmentType: orders.fulfillmentType, channelId: orders.channelId, shippingCity: orders.shippingCity,
  }).from(stockAllocations).innerJoin(orders, eq(orders.id, stockAllocations.orderId))
    .where(and(
      eq(stockAllocations.variantId, cell.variantId), eq(stockAllocations.locationId, cell.locationId),
      eq(stockAllocations.status, 'reserved'), eq(stockAllocations.shortage, 0),
    ))
    .orderBy(desc(stockAllocations.createdAt), desc(stockAllocations.id));

  for (const allocation of broken) {
    if (excess <= 0) break;
    excess -= allocation.quantity;
    if (allocation.fulfillmentType === 'delivery' && (await moveToAnotherLocation(tx, cell, allocation, actor))) continue;
    await tx.update(stockAllocations).set({ shortage: allocation.quantity, updatedAt: new Date() })
      .where(eq(stockAllocations.id, allocation.id));
  }
}

async function moveToAnotherLocation(
  tx: Executor,
  cell: StockCell,
  allocation: { id: string; quantity: number; channelId: string; shippingCity: string | null },
  actor: string,
): Promise<boolean> {
  const candidates = (await loadCandidateLocations(tx, { channelId: allocation.channelId, variantId: cell.variantId }))
    .filter((candidate) => candidate.id !== cell.locationId);
  const ranked = rankLocationsForDelivery(candidates, { quantity: allocation.quantity, city: allocation.shippingCity });
  for (const destination of ranked) {
    const moved = await moveAllocation(tx, {
      allocationId: allocation.id, destinationLocationId: destination.id, actor,
      reason: `rerouted after a shortage: ${destination.reason}`,
    });
    if (moved.kind === 'moved') return true;
    if (moved.kind === 'not_reserved') return false;
  }
  return false;
}
