import { and, asc, eq, lte } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { changeOrderStatus } from './order-status.js';
import { orders } from './schema.js';

/** Cancel reason stored when an unpaid reservation runs past its channel's time limit. */
export const expiryCancelReason = 'payment_timeout';

/**
 * Cancels the order if it is still reserved and its reservation has expired at `now`. A payment that
 * lands at the same moment and this cancellation both update the order conditionally on its status,
 * so exactly one of them applies.
 */
export async function expireOrderReservation(db: Executor, input: { orderId: string; now?: Date; actor?: string }): Promise<'expired' | 'not_due'> {
  const now = input.now ?? new Date();
  const due = await db.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.id, input.orderId), eq(orders.status, 'reserved'), lte(orders.reservationExpiresAt, now))).limit(1);
  if (!due[0]) return 'not_due';
  const result = await changeOrderStatus(db, {
    orderId: input.orderId, change: { status: 'cancelled', reason: expiryCancelReason }, actor: input.actor ?? 'system:reservation-expiry', at: now,
    onlyFrom: ['reserved'],
  });
  return result.kind === 'changed' ? 'expired' : 'not_due';
}

/** Cancels up to `limit` orders whose unpaid reservations expired at `now`, oldest first; returns how many. */
export async function expireReservations(db: Executor, input: { now?: Date; limit?: number; actor?: string } = {}): Promise<number> {
  const now = input.now ?? new Date();
  const due = await db.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.status, 'reserved'), lte(orders.reservationExpiresAt, now)))
    .orderBy(asc(orders.reservationExpiresAt)).limit(input.limit ?? 500);
  let expired = 0;
  for (const order of due) {
    if ((await expireOrderReservation(db, { orderId: order.id, now, ...(input.actor ? { actor: input.actor } : {}) })) === 'expired') expired += 1;
  }
  return expired;
}
