import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isPlaceholderDigits, junkReason } from './junk.js';
import { accept, reject, type NormalizeResult } from './result.js';

/** Region for numbers written without a country code; Satu serves Indonesian shops. */
export const defaultPhoneRegion = 'ID';

/**
 * Normalises a phone number to E.164 with libphonenumber-js (full metadata), reading numbers without a
 * country code as Indonesian: `0812-3456-7890`, `+62 812 3456 7890`, `6281234567890`, `0062 812…` and
 * `812 3456 7890` all become `+6281234567890`. Rejects masked values, invalid numbers and placeholder
 * subscriber numbers such as 08111111111. A number that is valid but commonly typed as a placeholder
 * belongs on the configurable blocklist instead, since it is also somebody's real number.
 */
export function normalizePhone(raw: string): NormalizeResult {
  const junk = junkReason(raw);
  if (junk) return reject(junk);
  let text = raw.trim();
  if (/[a-z]/i.test(text.replace(/\s*(ext\.?|x)\s*\d+$/i, ''))) return reject('invalid: letters in phone number');
  // 00 is the international call prefix most people type in place of +.
  if (/^00[1-9]/.test(text.replace(/[\s\-().]/g, ''))) text = `+${text.replace(/[\s\-().]/g, '').slice(2)}`;
  const phone = parsePhoneNumberFromString(text, defaultPhoneRegion);
  if (!phone || !phone.isValid()) return reject('invalid: not a valid phone number');
  if (isPlaceholderDigits(phone.nationalNumber)) return reject('junk: placeholder phone number');
  return accept(phone.number);
}
