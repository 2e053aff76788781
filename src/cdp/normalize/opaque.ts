import { junkReason } from './junk.js';
import { accept, reject, type NormalizeResult } from './result.js';

/** Control and invisible format characters (zero-width space, bidi marks), which no issued id contains. */
const invisible = /[\p{Cc}\p{Cf}]/u;

/**
 * Normalises an opaque id issued by another system (Instagram-scoped id, web visitor cookie, account id):
 * trimmed, 1–200 characters without whitespace or invisible characters, which would make a copy of an id
 * look equal and compare different. Ids are case sensitive, so case is kept.
 */
export function normalizeOpaqueId(raw: string): NormalizeResult {
  const junk = junkReason(raw);
  if (junk) return reject(junk);
  const value = raw.trim();
  if (value.length > 200 || /\s/.test(value)) return reject('invalid: id contains whitespace or exceeds 200 characters');
  if (invisible.test(value)) return reject('invalid: id contains a control or invisible character; remove it');
  return accept(value);
}

/**
 * POS member ids are printed on cards in upper case and read back with spaces or dashes, sometimes typed
 * on a phone keyboard in full-width forms, which NFKC folds to ASCII (`ＢＤＧ１２３` reads as `BDG123`).
 */
export function normalizeMemberId(raw: string): NormalizeResult {
  const junk = junkReason(raw);
  if (junk) return reject(junk);
  const value = raw.normalize('NFKC').trim().toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]{1,64}$/.test(value)) return reject('invalid: member id must be letters and digits');
  return accept(value);
}

/**
 * Marketplace buyer ids are written `<marketplace>:<buyer id>` (`shopee:12345`) because each marketplace
 * numbers its buyers on its own. Masked ids (`****1234`) are rejected and never merge anything.
 */
export function normalizeMarketplaceBuyerId(raw: string): NormalizeResult {
  const junk = junkReason(raw);
  if (junk) return reject(junk);
  const match = raw.trim().match(/^([a-z][a-z0-9_-]{1,31}):(\S{1,128})$/i);
  if (!match) return reject('invalid: expected <marketplace>:<buyer id>');
  const buyer = match[2]!;
  const buyerJunk = junkReason(buyer);
  if (buyerJunk) return reject(buyerJunk);
  return accept(`${match[1]!.toLowerCase()}:${buyer}`);
}
