import type { IdentityType } from './schema.js';

/**
 * Values blocked on every installation: placeholders people type into forms that the normaliser still
 * accepts because they are well-formed (081234567890 is a valid Telkomsel number and stays in the
 * normalisation table), plus the classic test address. They never join profiles; the configured list
 * (SATU_CDP_BLOCKLIST, the blocklist API) and quarantines add to them.
 */
export const defaultBlocklist: readonly { type: IdentityType; value: string }[] = [
  { type: 'phone', value: '+6281234567890' },
  { type: 'whatsapp_id', value: '+6281234567890' },
  { type: 'email', value: 'test@test.com' },
];

const defaultBlockedKeys = new Set(defaultBlocklist.map(({ type, value }) => `${type}:${value}`));

/** True when `type:value` is on the built-in default blocklist. */
export function isDefaultBlocked(key: string): boolean {
  return defaultBlockedKeys.has(key);
}
