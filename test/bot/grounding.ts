import type { BotAnswer } from '../../src/bot/index.js';
import { findUngroundedNumbers } from '../../src/bot/guard.js';

/** Numbers in a reply that neither its fact rows nor the customer's message contain. */
export function ungroundedNumbers(answer: BotAnswer, customerText: string): string[] {
  const facts = answer.kind === 'reply' ? [answer.facts] : [];
  return findUngroundedNumbers(answer.text, facts, customerText);
}
