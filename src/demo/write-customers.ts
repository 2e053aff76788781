import { recordProfileField, resolveIdentityClaims, type IdentityClaim } from '../cdp/index.js';
import type { Executor } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { ChannelPresence, PlannedCustomer } from './customers.js';
import type { DemoPlan } from './plan.js';

/** Key of one customer's presence on one channel: `index|channel`. */
export const presenceKey = (customerIndex: number, channel: string) => `${customerIndex}|${channel}`;

/** Builds the identity claims a channel reports for a customer, with values as that channel writes them. */
function claimsOf(presence: ChannelPresence): IdentityClaim[] {
  const claims: IdentityClaim[] = [];
  if (presence.phone) claims.push({ type: presence.channel === 'whatsapp' ? 'whatsapp_id' : 'phone', value: presence.phone });
  if (presence.email) claims.push({ type: 'email', value: presence.email });
  if (presence.channel === 'instagram' && presence.accountId) claims.push({ type: 'instagram_id', value: presence.accountId });
  if (presence.channel === 'webchat' && presence.accountId) claims.push({ type: 'web_visitor_id', value: presence.accountId });
  return claims;
}

/** When each presence was first seen: its first order or the first message of its conversation. */
function firstSeenAt(plan: DemoPlan): Map<string, Date> {
  const seen = new Map<string, Date>();
  const note = (key: string, at: Date) => {
    const known = seen.get(key);
    if (!known || at < known) seen.set(key, at);
  };
  for (const order of plan.orders) {
    if (order.customerIndex !== null) note(presenceKey(order.customerIndex, order.channel), order.placedAt);
  }
  for (const conversation of plan.conversations) {
    note(presenceKey(conversation.customerIndex, conversation.channel), conversation.messages[0]!.sentAt);
  }
  return seen;
}

/**
 * Records the customer's name and city on a newly seen profile, as the channel reported them. A POS
 * member form is checked by the cashier, so it counts as verified.
 */
async function recordNameAndCity(
  tx: Executor, profileId: string, customer: PlannedCustomer, channel: string, observedAt: Date,
): Promise<void> {
  const verified = channel.startsWith('pos-');
  await recordProfileField(tx, { profileId, field: 'display_name', value: customer.name, source: channel, verified, actor: 'demo', observedAt });
  await recordProfileField(tx, { profileId, field: 'city', value: customer.city, source: channel, verified, actor: 'demo', observedAt });
}

/**
 * Resolves every customer presence to a profile through the CDP, in the order the presences were first
 * seen, so that the demo's identities pass the real normalisation and merge rules. Returns the profile id
 * of each presence key. A presence whose claims the CDP rejects has none.
 */
export async function resolveCustomerProfiles(tx: Executor, plan: DemoPlan, logger: Logger): Promise<Map<string, string>> {
  const seen = firstSeenAt(plan);
  const presences = plan.customers.flatMap((customer) => customer.presences.flatMap((presence) => {
    const key = presenceKey(customer.index, presence.channel);
    const observedAt = seen.get(key);
    return observedAt ? [{ key, customer, presence, observedAt }] : [];
  }));
  presences.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());

  const profileByPresence = new Map<string, string>();
  let rejected = 0;
  for (const { key, customer, presence, observedAt } of presences) {
    const result = await resolveIdentityClaims(tx, {
      claims: claimsOf(presence), source: presence.channel, observedAt, actor: 'demo',
    });
    if (result.kind === 'rejected') {
      rejected += 1;
      continue;
    }
    profileByPresence.set(key, result.memberProfileId);
    if (result.created) await recordNameAndCity(tx, result.memberProfileId, customer, presence.channel, observedAt);
  }
  if (rejected > 0) logger.warn({ rejected }, 'demo customer claims rejected by the CDP; their orders and messages have no profile');
  return profileByPresence;
}
