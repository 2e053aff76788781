// The bot module's public surface. Other modules use only what is exported here.
import type { Db } from '../db/index.js';
import { catalogCheckMs, composeTemplatedAnswer } from './answer.js';
import { ensureCatalogIndex } from './catalog-index.js';
import { selectEmbedder } from './embedding.js';
import { answerWithModel } from './llm/answer-with-model.js';
import type { BotAnswer, BotDeps, BotInput } from './types.js';

export type { AnswerFacts, BotAnswer, BotDeps, BotInput, HandoffReason, HistoryTurn, Locale } from './types.js';
export { rebuildCatalogIndex } from './catalog-index.js';
export { selectEmbedder };
export { formatRupiah } from './format.js';

/**
 * Answers one inbound customer message: a grounded reply composed from the catalog, stock and price
 * rows read now for the customer's channel, or a handoff to a person with its reason. The caller
 * decides whether the bot owns the conversation and stores the text as the outbound message.
 */
export async function answerCustomerMessage(db: Db, input: BotInput, deps: BotDeps): Promise<BotAnswer> {
  const started = performance.now();
  const embedder = selectEmbedder(deps.config);
  const templated = await composeTemplatedAnswer(db, input, deps, embedder);
  const { understanding } = templated;
  let answer = templated.answer;
  let mode: 'templated' | 'model' = 'templated';

  // A request for a person or a complaint is handed off by rule; the model answers everything else.
  const ruledHandoff = answer.kind === 'handoff' && (answer.reason === 'requested' || answer.reason === 'complaint');
  if (deps.config.OPENAI_API_KEY && !ruledHandoff) {
    const catalog = await ensureCatalogIndex(db, embedder, { maxAgeMs: catalogCheckMs, logger: deps.logger });
    const outcome = await answerWithModel(db, input, deps, { catalog, embedder, locale: understanding.locale, intent: understanding.intent });
    if (outcome.kind === 'answered') {
      answer = outcome.answer;
      mode = 'model';
    } else {
      deps.logger.warn({ conversationId: input.conversationId, reason: outcome.reason, detail: outcome.detail }, 'model reply rejected; sending the templated answer');
    }
  }

  deps.logger.debug({
    conversationId: input.conversationId,
    intent: understanding.intent,
    kind: answer.kind,
    locale: answer.locale,
    mode,
    usedContext: understanding.usedContext,
    ms: Math.round(performance.now() - started),
  }, 'bot answered');
  return answer;
}
