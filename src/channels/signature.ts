import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks Meta's `X-Hub-Signature-256` header: `sha256=` followed by the hex HMAC-SHA256 of the raw request
 * body keyed with the app secret. Compares in constant time.
 */
export function isValidHubSignature(rawBody: Uint8Array, header: string | undefined, appSecret: string): boolean {
  const match = header?.match(/^sha256=([0-9a-f]{64})$/i);
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Builds the header value for `rawBody`; tests and the documentation's curl examples sign with it. */
export function hubSignature(rawBody: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
