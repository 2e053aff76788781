import type { IdentityType } from './schema.js';

/**
 * Merge rules per identifier type. `priority` decides which profile survives a merge and which identifier
 * anchors a claim; `limit` is the most distinct values of the type one customer may hold (counted per
 * marketplace for marketplace buyer ids). A claim that would exceed a limit or join two profiles whose
 * values of a type together exceed it does not merge: it becomes a merge candidate for an agent.
 */
export const identityRules: Record<IdentityType, { priority: number; limit: number }> = {
  website_account_id: { priority: 100, limit: 1 },
  pos_member_id: { priority: 90, limit: 1 },
  marketplace_buyer_id: { priority: 80, limit: 1 },
  email: { priority: 70, limit: 3 },
  phone: { priority: 60, limit: 3 },
  whatsapp_id: { priority: 60, limit: 3 },
  // A WhatsApp linked-device id (`…@lid`) hides the phone number; one person may have a few of them.
  whatsapp_lid: { priority: 55, limit: 3 },
  instagram_id: { priority: 50, limit: 2 },
  web_visitor_id: { priority: 10, limit: 50 },
};

/**
 * An identifier is quarantined once it has been claimed together with more than this many distinct values
 * of one other type (web visitor ids excepted, since one person uses many browsers): a number typed on the
 * receipts of six different POS members is the shop's own, not a customer's.
 */
export const quarantineAfterDistinctValues = 5;

/** Types whose co-claimed values count as separate people for quarantine. */
export const personTypes: IdentityType[] = [
  'phone', 'email', 'whatsapp_id', 'whatsapp_lid', 'instagram_id', 'pos_member_id', 'marketplace_buyer_id',
  'website_account_id',
];

/** The key a limit is counted under: the type, or the type and marketplace for marketplace buyer ids. */
export function limitKey(type: IdentityType, value: string): string {
  return type === 'marketplace_buyer_id' ? `${type}:${value.split(':')[0]}` : type;
}

export function limitOf(key: string): number {
  const type = key.split(':')[0] as IdentityType;
  return identityRules[type].limit;
}

/** `type:value`, the form identifiers take in logs of links, merges and `linked_via`. */
export function identityKey(identifier: { type: string; value: string }): string {
  return `${identifier.type}:${identifier.value}`;
}
