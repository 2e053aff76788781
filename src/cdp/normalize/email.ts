import { junkReason } from './junk.js';
import { accept, reject, type NormalizeResult } from './result.js';

/** Addresses people type to get past a form; they name nobody. */
const junkAddresses = new Set([
  'test@test.com', 'test@gmail.com', 'a@a.com', 'abc@abc.com', 'email@email.com', 'no@email.com',
  'noemail@gmail.com', 'tidakada@gmail.com', 'none@none.com', 'customer@customer.com',
]);

/** Domains reserved for documentation (RFC 2606) or that accept no mail. */
const junkDomains = new Set(['example.com', 'example.org', 'example.net', 'test.com', 'localhost', 'mailinator.com']);

const emailPattern = /^[a-z0-9.!#$%&'+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Normalises an e-mail address: trimmed and lower-cased. For Gmail, whose documentation says dots in the
 * user name are ignored and `+tag` is delivered to the same inbox, dots and the tag are removed and
 * googlemail.com becomes gmail.com. Other providers keep their local part as written, because their
 * rules differ.
 */
export function normalizeEmail(raw: string): NormalizeResult {
  const junk = junkReason(raw);
  if (junk) return reject(junk);
  const lowered = raw.trim().toLowerCase().replace(/^mailto:/, '');
  if (!emailPattern.test(lowered) || lowered.length > 254) return reject('invalid: not an e-mail address');
  const at = lowered.lastIndexOf('@');
  let local = lowered.slice(0, at);
  let domain = lowered.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.split('+')[0]!.replaceAll('.', '');
  if (local.length === 0) return reject('invalid: empty user name');
  const address = `${local}@${domain}`;
  if (junkAddresses.has(address) || junkDomains.has(domain)) return reject('junk: placeholder e-mail address');
  if (/^(.)\1+$/.test(local)) return reject('junk: placeholder e-mail address');
  return accept(address);
}
