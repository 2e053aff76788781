// The bot module's public surface. Other modules use only what is exported here.
import type { Db } from '../db/index.js';
import { composeTemplatedAnswer } from './answer.js';
import type { BotAnswer, BotDeps, BotInput } from './types.js';

export type { AnswerFacts, BotAnswer, BotDeps, BotInput, HandoffReason, HistoryTurn, Locale } from './types.js';
export { rebuildCatalogIndex } from './catalog-index.js';
export { selectEmbedder } from './embedding.js';
export { formatRupiah } from './format.js';

/**
 * Answers one inbound customer message: a grounded reply composed from the catalog, stock and price
 * rows read now for the customer's channel, or a handoff to a person with its reason. The caller
 * decides whether the bot owns the conversation and stores the text as the outbound message.
 */
export async function answerCustomerMessage(db: Db, input: BotInput, deps: BotDeps): Promise<BotAnswer> {
  const started = performance.now();
  const { answer, understanding } = await composeTemplatedAnswer(db, input, deps);
  deps.logger.debug({
    conversationId: input.conversationId,
    intent: understanding.intent,
    kind: answer.kind,
    locale: answer.locale,
    usedContext: understanding.usedContext,
    ms: Math.round(performance.now() - started),
  }, 'bot answered');
  return answer;
}
