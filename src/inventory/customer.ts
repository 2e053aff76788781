import { sql } from 'drizzle-orm';
import { defaultLoyaltyRule, earnOrderPoints, resolveIdentityClaims, type IdentityClaim } from '../cdp/index.js';
import { queryRows, type Executor } from '../db/index.js';
import { getOrder } from './order-view.js';
import { createOrder, type CreateOrderInput, type CreateOrderResult } from './orders.js';

export interface PlaceOrderInput extends Omit<CreateOrderInput, 'profileId'> {
  /** Identifiers the channel reported for the customer (phone, email, member id …); empty for a walk-in. */
  customerClaims: IdentityClaim[];
}

/**
 * Creates the order, then resolves the customer's identifiers to a CDP profile and files the order under
 * it, so the order appears on the profile's timeline. Identifiers are claimed only once the order exists:
 * a rejected order (unknown channel or SKU, no stock) records no identity and merges nothing. Identifiers
 * that resolve to nothing (junk, blocked) leave the order without a profile. A repeated order keeps the
 * profile of its first creation.
 */
export async function placeOrder(db: Executor, input: PlaceOrderInput): Promise<CreateOrderResult> {
  const { customerClaims, ...order } = input;
  const created = await createOrder(db, { ...order, profileId: null });
  if (created.kind !== 'created' || customerClaims.length === 0) return created;

  const resolved = await resolveIdentityClaims(db, {
    claims: customerClaims, source: input.channelCode, observedAt: input.placedAt ?? new Date(), actor: input.actor,
  });
  if (resolved.kind !== 'resolved') return created;
  // The order goes under the original profile of the claim's strongest identifier, not the canonical one,
  // so that an order placed while two profiles are merged follows its own customer when a merge is undone.
  await fileOrderUnderProfile(db, { ...input, orderId: created.order.id, profileId: resolved.memberProfileId });
  return { kind: 'created', order: (await getOrder(db, { orderId: created.order.id }))! };
}

/**
 * Sets the profile of an order created without one and, when the order was paid at creation, records the
 * points it earns, in one transaction.
 */
async function fileOrderUnderProfile(
  db: Executor, input: Pick<PlaceOrderInput, 'loyaltyRule' | 'actor'> & { orderId: string; profileId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await queryRows<{ paid_at: Date | string | null; status: string }>(tx, sql`
      update orders set profile_id = ${input.profileId} where id = ${input.orderId} and profile_id is null
      returning paid_at, status`);
    // A cancellation or return that came in between has nothing left to earn.
    const order = updated[0];
    if (order?.paid_at && order.status !== 'cancelled' && order.status !== 'returned') {
      await earnOrderPoints(tx, { orderId: input.orderId, rule: input.loyaltyRule ?? defaultLoyaltyRule, actor: input.actor });
    }
  });
}
