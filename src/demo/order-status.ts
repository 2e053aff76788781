import type { SeededRandom } from './random.js';
import { after } from './timeline.js';

export type FulfillmentType = 'delivery' | 'bopis' | 'pos';
export type CancelReason = 'out_of_stock' | 'customer_request' | 'payment_timeout';
export type OrderStatus = 'paid' | 'ready_for_pickup' | 'picked_up' | 'shipped' | 'delivered' | 'cancelled' | 'returned';

export interface OrderTimeline {
  status: OrderStatus;
  cancelReason: CancelReason | null;
  paidAt: Date | null;
  readyAt: Date | null;
  pickedUpAt: Date | null;
  shippedAt: Date | null;
  cancelledAt: Date | null;
  returnedAt: Date | null;
  /** Time an unpaid reservation lapsed, set on orders cancelled for a payment timeout. */
  reservationExpiresAt: Date | null;
}

const empty: Omit<OrderTimeline, 'status'> = {
  cancelReason: null, paidAt: null, readyAt: null, pickedUpAt: null, shippedAt: null, cancelledAt: null, returnedAt: null,
  reservationExpiresAt: null,
};

/** Plans a cancellation, or returns null when it would fall after `asOf` so that the order carries on instead. */
function planCancellation(
  random: SeededRandom, reason: CancelReason, placedAt: Date, reservationTtlMinutes: number, asOf: Date,
): OrderTimeline | null {
  let timeline: OrderTimeline;
  if (reason === 'payment_timeout') {
    const expiresAt = after(random, placedAt, reservationTtlMinutes, reservationTtlMinutes);
    timeline = { ...empty, status: 'cancelled', cancelReason: reason, cancelledAt: expiresAt, reservationExpiresAt: expiresAt };
  } else if (reason === 'out_of_stock') {
    // Paid, then the shop found no unit to send: the oversell the hub exists to prevent.
    const paidAt = after(random, placedAt, 2, 60);
    timeline = { ...empty, status: 'cancelled', cancelReason: reason, paidAt, cancelledAt: after(random, paidAt, 60, 12 * 60) };
  } else {
    const paidAt = random.chance(0.5) ? after(random, placedAt, 2, 60) : null;
    const cancelledAt = after(random, paidAt ?? placedAt, 10, 300);
    timeline = { ...empty, status: 'cancelled', cancelReason: reason, paidAt, cancelledAt };
  }
  return timeline.cancelledAt! <= asOf ? timeline : null;
}

function planDelivery(random: SeededRandom, placedAt: Date, returns: boolean, asOf: Date): OrderTimeline {
  const paidAt = after(random, placedAt, 2, 90);
  const shippedAt = after(random, paidAt, 3 * 60, 30 * 60);
  const deliveredAt = after(random, shippedAt, 24 * 60, 4 * 24 * 60);
  const returnedAt = after(random, deliveredAt, 3 * 24 * 60, 10 * 24 * 60);
  if (shippedAt > asOf) return { ...empty, status: 'paid', paidAt };
  if (deliveredAt > asOf) return { ...empty, status: 'shipped', paidAt, shippedAt };
  if (!returns || returnedAt > asOf) return { ...empty, status: 'delivered', paidAt, shippedAt };
  return { ...empty, status: 'returned', paidAt, shippedAt, returnedAt };
}

function planPickup(random: SeededRandom, placedAt: Date, asOf: Date): OrderTimeline {
  const paidAt = after(random, placedAt, 2, 60);
  const readyAt = after(random, paidAt, 60, 5 * 60);
  const pickedUpAt = after(random, readyAt, 2 * 60, 48 * 60);
  if (readyAt > asOf) return { ...empty, status: 'paid', paidAt };
  if (pickedUpAt > asOf) return { ...empty, status: 'ready_for_pickup', paidAt, readyAt };
  return { ...empty, status: 'picked_up', paidAt, readyAt, pickedUpAt };
}

function planStoreSale(random: SeededRandom, placedAt: Date, returns: boolean, asOf: Date): OrderTimeline {
  const returnedAt = after(random, placedAt, 24 * 60, 7 * 24 * 60);
  const sold = { ...empty, paidAt: placedAt, pickedUpAt: placedAt };
  if (!returns || returnedAt > asOf) return { ...sold, status: 'picked_up' };
  return { ...sold, status: 'returned', returnedAt };
}

/** Chance of each cancellation reason by fulfillment type. POS sales happen at the till and are never cancelled. */
const cancelChances: Record<FulfillmentType, Array<[CancelReason, number]>> = {
  delivery: [['out_of_stock', 0.035], ['payment_timeout', 0.05], ['customer_request', 0.03]],
  bopis: [['out_of_stock', 0.04], ['payment_timeout', 0.03], ['customer_request', 0.03]],
  pos: [],
};

/** Draws a cancellation reason, or null for an order that goes through. */
export function drawCancelReason(random: SeededRandom, fulfillment: FulfillmentType): CancelReason | null {
  let draw = random.next();
  for (const [reason, chance] of cancelChances[fulfillment]) {
    if (draw < chance) return reason;
    draw -= chance;
  }
  return null;
}

/**
 * Plans an order's status and timestamps as of `asOf`: every event after `asOf` has not happened yet,
 * so recent orders are still paid, shipped or ready for pickup.
 */
export function planTimeline(
  random: SeededRandom,
  input: { fulfillment: FulfillmentType; placedAt: Date; cancelReason: CancelReason | null; reservationTtlMinutes: number; asOf: Date },
): OrderTimeline {
  const { fulfillment, placedAt, asOf } = input;
  if (input.cancelReason) {
    const cancelled = planCancellation(random, input.cancelReason, placedAt, input.reservationTtlMinutes, asOf);
    if (cancelled) return cancelled;
  }
  if (fulfillment === 'pos') return planStoreSale(random, placedAt, random.chance(0.01), asOf);
  if (fulfillment === 'bopis') return planPickup(random, placedAt, asOf);
  return planDelivery(random, placedAt, random.chance(0.03), asOf);
}
