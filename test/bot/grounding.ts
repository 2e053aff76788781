import type { BotAnswer } from '../../src/bot/index.js';

/**
 * Numbers in a reply that no fact row holds: prices, stock counts and sizes must come from the rows
 * the answer was built from. Numbers the customer wrote (an order number) are allowed too.
 */
export function ungroundedNumbers(answer: BotAnswer, customerText: string): string[] {
  const allowed = new Set<string>();
  const add = (value: unknown) => {
    for (const match of String(value ?? '').matchAll(/\d+/g)) allowed.add(match[0]);
  };
  add(customerText);
  if (answer.kind === 'reply') {
    for (const offer of answer.facts.offers) {
      add(offer.available);
      add(offer.size);
      add(offer.price);
    }
    for (const location of answer.facts.locations) {
      add(location.available);
      add(location.onHand);
    }
  }
  // Rupiah amounts are written with thousands dots: Rp249.000 stands for 249000.
  const numbers = [...answer.text.matchAll(/Rp([\d.]+)|(\d+)/g)].map((match) => (match[1] ? match[1].replace(/\./g, '') : match[2]!));
  return numbers.filter((number) => !allowed.has(number));
}
