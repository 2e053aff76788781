import type { Db } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { listLocationStock, type LocationStock } from '../inventory/index.js';
import { ensureCatalogIndex, refreshCatalogIndex, type IndexedCatalog } from './catalog-index.js';
import { cheaperAnswer } from './cheaper.js';
import { lastAnsweredProductId } from './last-product.js';
import { resolveFollowUp, type ResolvedMessage } from './context.js';
import { selectEmbedder, type Embedder } from './embedding.js';
import { availabilityReply, optionsReply, priceReply, productListReply, storeReply } from './product-replies.js';
import { resolveProduct, resolveProducts, type ProductResolution } from './resolve-products.js';
import { findCustomerOrder, orderNotFoundReply, orderStatusReply } from './order-status.js';
import { fixedReply, isProductNotFoundReply, productNotFoundReply } from './replies.js';
import type { AnswerFacts, BotAnswer, BotDeps, BotInput, Locale } from './types.js';
import { understandMessage } from './understand.js';
import type { Vocabulary } from './vocabulary.js';

/** How long the bot trusts its in-memory copy of the catalog before checking for changes. */
export const catalogCheckMs = 5_000;
const noFacts = (): AnswerFacts => ({ offers: [], locations: [] });

/** Everything the templated answer needs besides the message, resolved once per request. */
export interface TemplatedAnswer {
  answer: BotAnswer;
  understanding: ResolvedMessage;
}

/** Understands the message (with its follow-up context) and composes the templated, grounded answer. */
export async function composeTemplatedAnswer(db: Db, input: BotInput, deps: BotDeps, embedder: Embedder = selectEmbedder(deps.config)): Promise<TemplatedAnswer> {
  const catalog = await ensureCatalogIndex(db, embedder, { maxAgeMs: catalogCheckMs, logger: deps.logger });
  const first = understandMessage(input.text, catalog.vocabulary, input.preferredLocale);
  const understanding = resolveFollowUp(first, input.text, input.history, catalog.vocabulary, input.preferredLocale);
  const locale = understanding.locale;
  const reply = (text: string, intent: string, facts = noFacts()): BotAnswer => ({ kind: 'reply', text, locale, intent, facts });

  switch (understanding.intent) {
    case 'handoff_request':
      return { understanding, answer: { kind: 'handoff', text: fixedReply('handoffRequested', locale), locale, reason: 'requested' } };
    case 'complaint':
      return { understanding, answer: { kind: 'handoff', text: fixedReply('handoffComplaint', locale), locale, reason: 'complaint' } };
    case 'greeting':
      return { understanding, answer: reply(fixedReply('greeting', locale), 'greeting') };
    case 'thanks':
      return { understanding, answer: reply(fixedReply('thanks', locale), 'thanks') };
    case 'shipping':
      return { understanding, answer: reply(fixedReply('shipping', locale), 'shipping') };
    case 'order_status': {
      const orderNumber = understanding.entities.orderNumber;
      if (!orderNumber) return { understanding, answer: reply(fixedReply('askOrderNumber', locale), 'order_status') };
      const lookup = await findCustomerOrder(db, orderNumber, input.profileId, input.channelCode);
      if (lookup.kind === 'not_found') {
        return { understanding, answer: { kind: 'handoff', text: orderNotFoundReply(orderNumber, locale), locale, reason: 'requested' } };
      }
      return { understanding, answer: reply(orderStatusReply(lookup.order, locale), 'order_status', { ...noFacts(), order: lookup.order }) };
    }
    case 'unknown': {
      if (understanding.previousNotUnderstood >= 1) {
        return { understanding, answer: { kind: 'handoff', text: fixedReply('handoffNotUnderstood', locale), locale, reason: 'not_understood' } };
      }
      return { understanding, answer: reply(fixedReply('notUnderstood', locale), 'unknown') };
    }
    default: {
      const parts = splitProductQuestions(input.text, understanding, catalog.vocabulary, input.preferredLocale);
      if (parts.length < 2) return { understanding, answer: await answerProductQuestion(db, embedder, catalog, understanding, input, locale, deps.logger) };
      const answers: BotAnswer[] = [];
      for (const part of parts) answers.push(await answerProductQuestion(db, embedder, catalog, part.understanding, { ...input, text: part.text }, locale, deps.logger));
      return { understanding, answer: combineAnswers(answers, understanding.intent, locale) };
    }
  }
}

/** Separators between product questions in one message: "kemeja batik navy L sama kaos polos hitam M ready?". */
const productSeparator = /\s*(?:[,;]|\b(?:sama|dan|and|serta|terus|trus|also)\b)\s*/i;

/**
 * Splits a message that asks about several products into one question per product. Parts without a
 * product word the catalog knows ("…navy dan hitam") stay with their neighbour, and a part without an
 * intent word takes the message's intent. Returns fewer than two parts when there is nothing to split.
 */
function splitProductQuestions(text: string, whole: ResolvedMessage, vocabulary: Vocabulary, preferredLocale?: Locale): Array<{ text: string; understanding: ResolvedMessage }> {
  const pieces = text.split(productSeparator).filter((piece) => piece.trim().length > 0);
  if (pieces.length < 2 || whole.usedContext) return [];
  const parts = pieces.map((piece) => ({ text: piece, understanding: understandMessage(piece, vocabulary, preferredLocale) }));
  const withProduct = parts.filter((part) => part.understanding.entities.productWords.some((word) => vocabulary.words.has(word)));
  if (withProduct.length < 2) return [];
  return withProduct.slice(0, 3).map((part) => ({
    text: part.text,
    understanding: {
      ...part.understanding,
      intent: part.understanding.explicitIntent ? part.understanding.intent : whole.intent,
      intents: part.understanding.explicitIntent ? part.understanding.intents : whole.intents,
      entities: { ...part.understanding.entities, city: part.understanding.entities.city ?? whole.entities.city },
      usedContext: false,
      previousNotUnderstood: 0,
    },
  }));
}

/** Joins the answers to the parts of one message, one paragraph each, with all their facts. */
function combineAnswers(answers: BotAnswer[], intent: string, locale: Locale): BotAnswer {
  const replies = answers.filter((answer): answer is Extract<BotAnswer, { kind: 'reply' }> => answer.kind === 'reply');
  if (replies.length === 0) return answers[0]!;
  return {
    kind: 'reply',
    text: replies.map((answer) => answer.text).join('\n\n'),
    locale,
    intent,
    facts: {
      offers: replies.flatMap((answer) => answer.facts.offers),
      locations: replies.flatMap((answer) => answer.facts.locations),
    },
  };
}

async function answerProductQuestion(
  db: Db,
  embedder: Embedder,
  catalog: IndexedCatalog,
  understanding: ResolvedMessage,
  input: BotInput,
  locale: Locale,
  logger: Logger,
): Promise<BotAnswer> {
  const { entities, intent } = understanding;
  if (entities.productWords.length === 0 && !/\d|-/.test(input.text)) {
    return { kind: 'reply', text: fixedReply('askProduct', locale), locale, intent, facts: noFacts() };
  }
  // A follow-up that names no product ("does it come in white?") is about the product the bot answered last.
  const contextProductId = understanding.usedContext ? lastAnsweredProductId(input.history, catalog.products) : undefined;
  const contextProduct = contextProductId === undefined ? undefined : catalog.products.get(contextProductId);
  let resolution: ProductResolution;
  try {
    resolution = contextProduct
      ? await resolveProduct(db, contextProduct, entities, input.channelCode)
      : await resolveProducts(db, embedder, catalog, entities, input.channelCode, input.text);
    if (resolution.kind === 'not_found') {
      // Before saying a product is not sold, the index is checked against the catalog in this request.
      const fresh = await refreshCatalogIndex(db, embedder);
      resolution = await resolveProducts(db, embedder, fresh, entities, input.channelCode, input.text);
    }
  } catch (error) {
    // A channel without prices or stock (not in the channel table) cannot be answered; a person can.
    if (error instanceof AppError && error.code === 'not_found') {
      logger.warn({ conversationId: input.conversationId, channelCode: input.channelCode }, 'bot cannot price products: unknown sales channel');
      return { kind: 'handoff', text: fixedReply('handoffLowConfidence', locale), locale, reason: 'low_confidence' };
    }
    throw error;
  }
  if (resolution.kind === 'not_found') {
    const lastBotTurn = input.history.filter((turn) => turn.author === 'bot').at(-1);
    if (lastBotTurn && isProductNotFoundReply(lastBotTurn.body)) {
      return { kind: 'handoff', text: fixedReply('handoffLowConfidence', locale), locale, reason: 'low_confidence' };
    }
    const words = resolution.words.length > 0 ? resolution.words : [input.text.trim()];
    const similar = resolution.similar.map((product) => product.productName);
    return { kind: 'reply', text: productNotFoundReply(words, similar, locale), locale, intent, facts: noFacts() };
  }

  if (understanding.wantsCheaper && resolution.products.length === 1) {
    const reference = resolution.matching.length > 0 ? resolution.matching : resolution.offers;
    if (reference.length > 0) {
      const cheaper = await cheaperAnswer(db, resolution.products[0]!, reference, catalog.products.values(), input.channelCode, locale);
      return { kind: 'reply', text: cheaper.text, locale, intent, facts: { offers: [...reference, ...cheaper.offers], locations: [] } };
    }
  }
  const locations = await readLocations(db, resolution, intent);
  const facts: AnswerFacts = { offers: resolution.offers, locations };
  const text = composeProductText(resolution, understanding, locations, locale);
  return { kind: 'reply', text, locale, intent, facts };
}

/** Store stock is read for store questions, and for sold-out answers that point to a store. */
async function readLocations(db: Db, resolution: Extract<ProductResolution, { kind: 'found' }>, intent: string): Promise<LocationStock[]> {
  const soldOut = resolution.matching.length > 0 && resolution.matching.every((offer) => offer.available === 0);
  if (intent !== 'store' && !soldOut) return [];
  const variantIds = resolution.matching.slice(0, 40).map((offer) => offer.variantId);
  return listLocationStock(db, { variantIds });
}

function composeProductText(resolution: Extract<ProductResolution, { kind: 'found' }>, understanding: ResolvedMessage, locations: LocationStock[], locale: Locale): string {
  const { products, offers, matching, optionMissing } = resolution;
  const { entities, intent } = understanding;
  if (products.length > 1) return productListReply(products, offers, matching, entities, locale);
  const product = products[0]!;
  switch (intent) {
    case 'price':
      return priceReply(product, offers, matching, entities, locations, locale, optionMissing);
    case 'options':
      return optionsReply(product, offers, matching, entities, locale, optionMissing);
    case 'store': {
      if (optionMissing) return availabilityReply(product, offers, matching, entities, locations, locale, true);
      const storeText = storeReply(product, matching, entities, locations, locale);
      // "ready? ada di toko bandung?" asks two things: online stock with its price first, then the store.
      const alsoOnline = understanding.intents.includes('availability') || understanding.intents.includes('price');
      // The store text lists the stores itself: the online part is composed without store rows (null).
      return alsoOnline && matching.length === 1 ? `${availabilityReply(product, offers, matching, entities, null, locale, false)} ${storeText}` : storeText;
    }
    default:
      return availabilityReply(product, offers, matching, entities, locations, locale, optionMissing);
  }
}
