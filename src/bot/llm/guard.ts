import type { IndexedCatalog } from '../catalog-index.js';
import { findUngroundedNumbers } from '../guard.js';
import type { ToolFacts } from './tools.js';

export type GuardVerdict = { ok: true } | { ok: false; reason: 'empty' | 'ungrounded_number' | 'ungrounded_product'; detail: string };

/**
 * Checks a model's final text against what its tools returned: every number must be one a tool
 * returned (or the customer wrote), and every catalog product it names must be one a tool returned.
 */
export function checkModelReply(text: string, facts: ToolFacts, catalog: IndexedCatalog, customerText: string): GuardVerdict {
  if (text.trim().length === 0) return { ok: false, reason: 'empty', detail: 'no text' };
  const numbers = findUngroundedNumbers(text, facts.results, customerText);
  if (numbers.length > 0) return { ok: false, reason: 'ungrounded_number', detail: numbers.join(', ') };

  const lowered = text.toLowerCase();
  const returnedNames = new Set(facts.offers.map((offer) => offer.productName.toLowerCase()));
  for (const product of catalog.products.values()) {
    const name = product.productName.toLowerCase();
    if (lowered.includes(name) && !returnedNames.has(name)) return { ok: false, reason: 'ungrounded_product', detail: product.productName };
  }
  // With no product from a tool, a reply about products ("Kemeja Batik Sogan ready kak") is made up.
  if (facts.offers.length === 0) {
    const nameWords = new Set([...catalog.products.values()].flatMap((product) => product.productName.toLowerCase().split(/\s+/)).filter((word) => word.length >= 4));
    const mentioned = (lowered.match(/[a-z]+/g) ?? []).filter((word) => nameWords.has(word));
    if (mentioned.length >= 2) return { ok: false, reason: 'ungrounded_product', detail: mentioned.join(' ') };
  }
  return { ok: true };
}
