/**
 * The grounding check: every number in a reply must be a number that the rows behind it hold (a price,
 * a stock count, a size) or that the customer wrote. Rupiah amounts count as their whole value.
 */

/** The numbers written in `text`; "Rp249.000" and "Rp 249,000" count as 249000. */
export function numbersInText(text: string): string[] {
  const numbers: string[] = [];
  for (const match of text.matchAll(/rp\.?\s?(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]-)?|(\d+(?:[.,]\d+)*)/gi)) {
    if (match[1]) {
      numbers.push(match[1].replace(/[.,]/g, ''));
      continue;
    }
    const plain = match[2]!;
    // "150.000" without Rp is a thousands-grouped amount; "4,5" or "1.5" is a decimal number.
    numbers.push(/^\d{1,3}([.,]\d{3})+$/.test(plain) ? plain.replace(/[.,]/g, '') : plain);
  }
  return numbers;
}

const identifierKey = /(^id$|Id$|_id$|^sku$|^barcode$)/;

/** Every whole number found anywhere in `values` (strings, numbers, nested objects and arrays). */
export function collectNumbers(values: unknown[], into = new Set<string>()): Set<string> {
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'number') {
      into.add(String(value));
    } else if (typeof value === 'string') {
      for (const number of numbersInText(value)) into.add(number);
    } else if (Array.isArray(value)) {
      collectNumbers(value, into);
    } else if (typeof value === 'object') {
      // Identifiers carry digits that are not facts a reply may quote.
      const facts = Object.entries(value as Record<string, unknown>).filter(([key]) => !identifierKey.test(key));
      collectNumbers(facts.map(([, fact]) => fact), into);
    }
  }
  return into;
}

/** Numbers in `text` that are neither in `groundTruth` nor in the customer's own message. */
export function findUngroundedNumbers(text: string, groundTruth: unknown[], customerText: string): string[] {
  const allowed = collectNumbers([...groundTruth, customerText]);
  return numbersInText(text).filter((number) => !allowed.has(number));
}
