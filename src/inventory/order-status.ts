import { and, eq, inArray } from 'drizzle-orm';
import { defaultLoyaltyRule, earnOrderPoints, reverseOrderPoints, type LoyaltyRule } from '../cdp/index.js';
import type { Executor } from '../db/index.js';
import { commitOrderAllocations, releaseOrderAllocations, returnOrderAllocations, StockUnavailable } from './allocations.js';
import { emitOrderChanged, emitStockChanged, inRetryingTransaction } from './ledger.js';
import { getOrder, type OrderView } from './order-view.js';
import { channels, locations, orders, orderStatuses, variants } from './schema.js';

export type OrderStatusChange =
  | { status: 'paid' }
  | { status: 'cancelled'; reason: string }
  | { status: 'ready_for_pickup' }
  | { status: 'picked_up' }
  | { status: 'shipped' }
  | { status: 'delivered' }
  | { status: 'returned'; condition: 'resellable' | 'damaged'; locationCode?: string };

export type ChangeOrderStatusResult =
  | { kind: 'changed'; order: OrderView }
  | { kind: 'unchanged'; order: OrderView }
  | { kind: 'not_found' }
  | { kind: 'invalid_transition'; from: string; to: string; order: OrderView }
  | { kind: 'insufficient_stock'; skus: string[] }
  | { kind: 'unknown_location'; locationCode: string };

type Status = (typeof orderStatuses)[number];
type Fulfillment = OrderView['fulfillmentType'];

/** The statuses each target status may be reached from, and the fulfillment types it applies to. */
const transitions: Record<OrderStatusChange['status'], { from: Status[]; types: Fulfillment[] }> = {
  paid: { from: ['pending', 'reserved'], types: ['delivery', 'bopis'] },
  cancelled: { from: ['pending', 'reserved', 'paid', 'ready_for_pickup'], types: ['delivery', 'bopis', 'pos'] },
  ready_for_pickup: { from: ['paid'], types: ['bopis'] },
  picked_up: { from: ['paid', 'ready_for_pickup'], types: ['bopis'] },
  shipped: { from: ['paid'], types: ['delivery'] },
  delivered: { from: ['shipped'], types: ['delivery'] },
  returned: { from: ['shipped', 'delivered', 'picked_up'], types: ['delivery', 'bopis', 'pos'] },
};

function statusColumns(change: OrderStatusChange, at: Date): Partial<typeof orders.$inferInsert> {
  switch (change.status) {
    case 'paid': return { status: 'paid', paidAt: at, reservationExpiresAt: null };
    case 'cancelled': return { status: 'cancelled', cancelledAt: at, cancelReason: change.reason, reservationExpiresAt: null };
    case 'ready_for_pickup': return { status: 'ready_for_pickup', readyAt: at };
    case 'picked_up': return { status: 'picked_up', pickedUpAt: at };
    case 'shipped': return { status: 'shipped', shippedAt: at };
    case 'delivered': return { status: 'delivered' };
    case 'returned': return { status: 'returned', returnedAt: at };
  }
}

/**
 * Moves an order to a new status and applies its stock effect in the same transaction: paid commits
 * the reservations, cancelled releases them (or restocks goods sold but not yet handed over), returned
 * restocks (resellable) or writes off (damaged). Paid also earns the profile's loyalty points, and
 * cancelled or returned reverses them. The status update is conditional on the current status, so of
 * two concurrent changes exactly one applies, and repeating a change is a no-op.
 */
export async function changeOrderStatus(
  db: Executor,
  input: {
    orderId: string;
    change: OrderStatusChange;
    actor: string;
    at?: Date;
    /** Narrows the statuses the change may start from, e.g. expiry cancels only a still-reserved order. */
    onlyFrom?: Status[];
    /** Rule for the loyalty points a paid order earns; one point per Rp10.000 when unset. */
    loyaltyRule?: LoyaltyRule;
  },
): Promise<ChangeOrderStatusResult> {
  const before = await getOrder(db, { orderId: input.orderId });
  if (!before) return { kind: 'not_found' };
  const target = input.change.status;
  const allowedFrom = transitions[target].from.filter((status) => !input.onlyFrom || input.onlyFrom.includes(status));
  const rule = { ...transitions[target], from: allowedFrom };
  if (before.status === target) return { kind: 'unchanged', order: before };
  if (!rule.types.includes(before.fulfillmentType)) return { kind: 'invalid_transition', from: before.status, to: target, order: before };

  let returnLocationId: string | undefined;
  if (input.change.status === 'returned' && input.change.locationCode) {
    const found = await db.select({ id: locations.id }).from(locations).where(eq(locations.code, input.change.locationCode)).limit(1);
    if (!found[0]) return { kind: 'unknown_location', locationCode: input.change.locationCode };
    returnLocationId = found[0].id;
  }

  const at = input.at ?? new Date();
  const change = input.change;
  try {
    const applied = await inRetryingTransaction(db, async (tx) => {
      const updated = await tx.update(orders).set(statusColumns(change, at))
        .where(and(eq(orders.id, input.orderId), inArray(orders.status, rule.from)))
        .returning({ id: orders.id });
      if (updated.length === 0) return false;

      let touched = { variantIds: [] as string[], locationIds: [] as string[] };
      if (change.status === 'paid') {
        // StockUnavailable carries variant ids here; they become SKUs after the rollback.
        touched.variantIds = await commitOrderAllocations(tx, input.orderId, input.actor, (variantId) => variantId);
      } else if (change.status === 'cancelled') {
        touched.variantIds = await releaseOrderAllocations(tx, input.orderId, input.actor, change.reason);
      } else if (change.status === 'returned') {
        touched = await returnOrderAllocations(tx, input.orderId, {
          actor: input.actor, condition: change.condition, ...(returnLocationId ? { locationId: returnLocationId } : {}),
        });
      }
      // An order gets its profile at creation only, so one without a profile has nothing to earn. The
      // reversal runs for every order, because erasure may have cut the link after the points were earned.
      if (change.status === 'paid' && before.profileId) {
        await earnOrderPoints(tx, { orderId: input.orderId, rule: input.loyaltyRule ?? defaultLoyaltyRule, actor: input.actor });
      } else if (change.status === 'cancelled' || change.status === 'returned') {
        await reverseOrderPoints(tx, { orderId: input.orderId, actor: input.actor });
      }
      if (touched.variantIds.length > 0) {
        await emitStockChanged(tx, { variantIds: touched.variantIds, locationIds: touched.locationIds, cause: `order:${input.orderId}` });
      }
      await emitOrderChanged(tx, { orderId: input.orderId, channelCode: before.channelCode, externalId: before.externalId, status: target });
      return true;
    });
    const after = (await getOrder(db, { orderId: input.orderId }))!;
    if (applied) return { kind: 'changed', order: after };
    return after.status === target ? { kind: 'unchanged', order: after } : { kind: 'invalid_transition', from: after.status, to: target, order: after };
  } catch (error) {
    if (error instanceof StockUnavailable) return { kind: 'insufficient_stock', skus: await skusOf(db, error.skus) };
    throw error;
  }
}

async function skusOf(db: Executor, variantIds: string[]): Promise<string[]> {
  const rows = await db.select({ sku: variants.sku }).from(variants).where(inArray(variants.id, variantIds));
  return rows.map((row) => row.sku);
}

/** Finds the order id for (channel code, external id); null when there is none. */
export async function findOrderId(db: Executor, input: { channelCode: string; externalId: string }): Promise<string | null> {
  const rows = await db.select({ id: orders.id }).from(orders).innerJoin(channels, eq(channels.id, orders.channelId))
    .where(and(eq(channels.code, input.channelCode), eq(orders.externalId, input.externalId))).limit(1);
  return rows[0]?.id ?? null;
}
