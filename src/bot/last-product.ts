import type { CatalogProduct } from '../inventory/index.js';
import type { HistoryTurn } from './types.js';

/**
 * Returns the id of the one catalog product whose name the bot's last reply contains (a name inside a
 * longer named one does not count). Returns undefined when the reply named none or several, as a list
 * does, so that the follow-up is resolved from the customer's earlier words.
 */
export function lastAnsweredProductId(history: HistoryTurn[], products: Map<string, CatalogProduct>): string | undefined {
  const lastBotTurn = history.filter((turn) => turn.author === 'bot').at(-1);
  if (!lastBotTurn) return undefined;
  const named = [...products.values()].filter((product) => lastBotTurn.body.includes(product.productName));
  const outermost = named.filter((product) => !named.some((other) => other !== product && other.productName.includes(product.productName)));
  return outermost.length === 1 ? outermost[0]!.productId : undefined;
}
