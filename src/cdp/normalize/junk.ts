/** Placeholder strings that forms and integrations send when they have no value. */
const placeholderValues = new Set([
  '', 'null', 'undefined', 'nil', 'none', 'nan', '0', '-', '--', '.', 'n/a', 'na', 'tidak ada', 'test', 'xxx',
]);

/**
 * Returns why `raw` is junk (a placeholder, a masked value or a run of one repeated character), or null
 * when it may be a real identifier. Marketplaces mask buyer data as `****1234` or `d***i`.
 */
export function junkReason(raw: string): string | null {
  const trimmed = raw.trim().toLowerCase();
  if (placeholderValues.has(trimmed)) return 'junk: placeholder value';
  if (trimmed.includes('*')) return 'masked: value contains *';
  const compact = trimmed.replace(/[\s\-().+]/g, '');
  if (compact.length >= 3 && /^(.)\1+$/.test(compact)) return 'junk: one repeated character';
  return null;
}

/**
 * True when a national number is a typed placeholder: one digit repeated, either throughout or after the
 * three-digit operator prefix (08111111111, 0812-0000-0000).
 */
export function isPlaceholderDigits(nationalNumber: string): boolean {
  const subscriber = nationalNumber.slice(3);
  return /^(\d)\1+$/.test(nationalNumber) || (subscriber.length >= 6 && /^(\d)\1+$/.test(subscriber));
}
