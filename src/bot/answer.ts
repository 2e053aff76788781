import type { Db } from '../db/index.js';
import { listLocationStock, type LocationStock } from '../inventory/index.js';
import { ensureCatalogIndex } from './catalog-index.js';
import { resolveFollowUp, type ResolvedMessage } from './context.js';
import { selectEmbedder, type Embedder } from './embedding.js';
import { availabilityReply, optionsReply, priceReply, productListReply, storeReply } from './product-replies.js';
import { resolveProducts, type ProductResolution } from './resolve-products.js';
import { findCustomerOrder, orderNotFoundReply, orderStatusReply } from './order-status.js';
import { fixedReply, isProductNotFoundReply, productNotFoundReply } from './replies.js';
import type { AnswerFacts, BotAnswer, BotDeps, BotInput, Locale } from './types.js';
import { understandMessage } from './understand.js';

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
    default:
      return { understanding, answer: await answerProductQuestion(db, embedder, catalog, understanding, input, locale) };
  }
}

async function answerProductQuestion(
  db: Db,
  embedder: Embedder,
  catalog: Awaited<ReturnType<typeof ensureCatalogIndex>>,
  understanding: ResolvedMessage,
  input: BotInput,
  locale: Locale,
): Promise<BotAnswer> {
  const { entities, intent } = understanding;
  if (entities.productWords.length === 0 && !/\d|-/.test(input.text)) {
    return { kind: 'reply', text: fixedReply('askProduct', locale), locale, intent, facts: noFacts() };
  }
  const resolution = await resolveProducts(db, embedder, catalog, entities, input.channelCode, input.text);
  if (resolution.kind === 'not_found') {
    const lastBotTurn = input.history.filter((turn) => turn.author === 'bot').at(-1);
    if (lastBotTurn && isProductNotFoundReply(lastBotTurn.body)) {
      return { kind: 'handoff', text: fixedReply('handoffLowConfidence', locale), locale, reason: 'low_confidence' };
    }
    const words = resolution.words.length > 0 ? resolution.words : [input.text.trim()];
    const similar = resolution.similar.map((product) => product.productName);
    return { kind: 'reply', text: productNotFoundReply(words, similar, locale), locale, intent, facts: noFacts() };
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
      return priceReply(product, offers, matching, entities, locale, optionMissing);
    case 'options':
      return optionsReply(product, offers, matching, entities, locale, optionMissing);
    case 'store': {
      if (optionMissing) return availabilityReply(product, offers, matching, entities, locations, locale, true);
      const storeText = storeReply(product, matching, entities, locations, locale);
      // "ready? ada di toko bandung?" asks two things: online stock with its price first, then the store.
      const alsoOnline = understanding.intents.includes('availability') || understanding.intents.includes('price');
      return alsoOnline && matching.length === 1 ? `${availabilityReply(product, offers, matching, entities, [], locale, false)} ${storeText}` : storeText;
    }
    default:
      return availabilityReply(product, offers, matching, entities, locations, locale, optionMissing);
  }
}
