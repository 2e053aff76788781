import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Creates a public id with a type prefix (`prf_`, `ord_`, `msg_` …) so that ids in logs say what they
 * point to. 16 characters of Crockford base32 carry 80 random bits.
 */
export function newId(prefix: string): string {
  const bytes = randomBytes(16);
  let suffix = '';
  for (const byte of bytes) suffix += alphabet[byte & 31];
  return `${prefix}_${suffix}`;
}
