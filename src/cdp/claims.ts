import { normalizeIdentity } from './normalize/index.js';
import type { Identifier } from './plan.js';
import { identityKey } from './rules.js';
import type { IdentityType } from './schema.js';

/** One identifier as a channel reported it: raw, not yet normalised. */
export interface IdentityClaim { type: IdentityType; value: string }

/** A claimed identifier after normalisation: usable, or rejected with the reason (raw value dropped). */
export type PreparedIdentifier =
  | { type: IdentityType; value: string; usable: true }
  | { type: IdentityType; value: null; usable: false; reason: string };

/**
 * Normalises and deduplicates claims. A WhatsApp id is also claimed as a phone number, because WhatsApp
 * identifies a sender by the number, so a number known from a POS receipt reaches the same profile.
 */
export function prepareClaims(claims: IdentityClaim[]): PreparedIdentifier[] {
  const prepared: PreparedIdentifier[] = [];
  const seen = new Set<string>();
  for (const claim of claims) {
    const result = normalizeIdentity(claim.type, claim.value);
    if (!result.ok) {
      prepared.push({ type: claim.type, value: null, usable: false, reason: result.reason });
      continue;
    }
    const derived: Identifier[] = [{ type: claim.type, value: result.value }];
    if (claim.type === 'whatsapp_id') derived.push({ type: 'phone', value: result.value });
    for (const identifier of derived) {
      const key = identityKey(identifier);
      if (seen.has(key)) continue;
      seen.add(key);
      prepared.push({ ...identifier, usable: true });
    }
  }
  return prepared;
}

export function usableIdentifiers(prepared: PreparedIdentifier[]): Identifier[] {
  return prepared.flatMap((item) => (item.usable ? [{ type: item.type, value: item.value }] : []));
}
