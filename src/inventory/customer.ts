import { resolveIdentityClaims, type IdentityClaim } from '../cdp/index.js';
import type { Executor } from '../db/index.js';
import { createOrder, type CreateOrderInput, type CreateOrderResult } from './orders.js';

export interface PlaceOrderInput extends Omit<CreateOrderInput, 'profileId'> {
  /** Identifiers the channel reported for the customer (phone, email, member id …); empty for a walk-in. */
  customerClaims: IdentityClaim[];
}

/**
 * Resolves the customer's identifiers to a CDP profile and creates the order under it, so the order
 * appears on the profile's timeline. Identifiers that resolve to nothing (junk, blocked) leave the
 * order without a profile.
 */
export async function placeOrder(db: Executor, input: PlaceOrderInput): Promise<CreateOrderResult> {
  const { customerClaims, ...order } = input;
  let profileId: string | null = null;
  if (customerClaims.length > 0) {
    const resolved = await resolveIdentityClaims(db, {
      claims: customerClaims, source: input.channelCode, observedAt: input.placedAt ?? new Date(), actor: input.actor,
    });
    // Store the order under the original profile of the claim's strongest identifier, not the canonical
    // one, so an order placed while two profiles are merged follows its own customer when a merge is undone.
    if (resolved.kind === 'resolved') profileId = resolved.memberProfileId;
  }
  return createOrder(db, { ...order, profileId });
}
