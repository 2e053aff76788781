import type { IdentityType } from '../schema.js';
import { normalizeEmail } from './email.js';
import { normalizeMarketplaceBuyerId, normalizeMemberId, normalizeOpaqueId } from './opaque.js';
import { normalizePhone } from './phone.js';
import type { NormalizeResult } from './result.js';

export type { NormalizeResult } from './result.js';
export { normalizePhone } from './phone.js';
export { normalizeEmail } from './email.js';

/** A WhatsApp linked-device chat id: digits followed by `@lid`, kept whole and lower-cased. */
function normalizeLinkedDeviceId(raw: string): NormalizeResult {
  const value = raw.trim().toLowerCase();
  return /^\d{5,25}@lid$/.test(value) ? { ok: true, value } : { ok: false, reason: 'invalid: expected digits followed by @lid' };
}

/**
 * Normalises a raw identifier of `type`. A WhatsApp id is the sender's phone number in international
 * digits, so it normalises like a phone number.
 */
export function normalizeIdentity(type: IdentityType, raw: string): NormalizeResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'invalid: value is not a string' };
  switch (type) {
    case 'phone':
    case 'whatsapp_id':
      return normalizePhone(/^\d{8,15}$/.test(raw.trim()) && type === 'whatsapp_id' ? `+${raw.trim()}` : raw);
    case 'email':
      return normalizeEmail(raw);
    case 'pos_member_id':
      return normalizeMemberId(raw);
    case 'marketplace_buyer_id':
      return normalizeMarketplaceBuyerId(raw);
    case 'whatsapp_lid':
      return normalizeLinkedDeviceId(raw);
    case 'instagram_id':
    case 'web_visitor_id':
    case 'website_account_id':
      return normalizeOpaqueId(raw);
  }
}
