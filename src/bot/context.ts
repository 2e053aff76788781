import type { HistoryTurn } from './types.js';
import { normalizeMessage } from './normalize.js';
import { detectLocale, intentWords, understandMessage, type Entities, type Intent, type Understanding } from './understand.js';
import { modifierWords, slang, stopWords } from './lexicon.js';
import { editDistance, type Vocabulary } from './vocabulary.js';

/** Intents that ask about a product and carry over to a follow-up such as "kalau yang hitam?". */
const productIntents = new Set<Intent>(['availability', 'price', 'options', 'store']);

/** How many earlier customer turns a follow-up may reach back to. */
const lookBack = 6;

export interface ResolvedMessage extends Understanding {
  /** True when product, colour, size or intent came from an earlier turn. */
  usedContext: boolean;
  /** Earlier customer turns in a row, newest first, that were not understood. */
  previousNotUnderstood: number;
  /** True when the customer asks for something cheaper than the product in question ("any cheaper ones?"). */
  wantsCheaper?: boolean;
}

/** "any cheaper ones?", "yang lebih murah ada?": asks for cheaper products like the last one. */
const cheaperPattern = /\b(cheaper|less expensive|more affordable|lebih murah|lbh murah|lebih miring|termurah)\b/;
/** "does it come in white?", "ada warna putih?": asks whether the product exists in a colour, whatever the size. */
const colourQuestionPattern = /\b(come|comes|available|ada|tersedia) (in|warna|dalam warna)\b|\bin (white|black|red|green|blue|navy|grey|gray|brown|yellow|pink|maroon|cream)\b/;

/**
 * Fills what a follow-up leaves out ("harganya berapa?", "ukuran L ada?") from the customer's earlier
 * turns: the last product named, with the colour, size and city given since, and the last product intent.
 * A message that names a known product starts afresh.
 */
export function resolveFollowUp(current: Understanding, text: string, history: HistoryTurn[], vocabulary: Vocabulary, preferredLocale?: 'id' | 'en'): ResolvedMessage {
  const normalized = normalizeMessage(text).text;
  const wantsCheaper = cheaperPattern.test(normalized);
  // "any cheaper ones?" asks about prices even without a price word.
  if (wantsCheaper && (current.intent === 'unknown' || !current.explicitIntent)) current = { ...current, intent: 'price', intents: ['price'], explicitIntent: true };
  const resolved = resolveContext(current, text, history, vocabulary, preferredLocale);
  if (!wantsCheaper) return resolved;
  return { ...resolved, intent: 'price', intents: ['price'], wantsCheaper: true };
}

function resolveContext(current: Understanding, text: string, history: HistoryTurn[], vocabulary: Vocabulary, preferredLocale?: 'id' | 'en'): ResolvedMessage {
  const customerTurns = history.filter((turn) => turn.author === 'customer').map((turn) => turn.body);
  // The pipeline may pass the current message as the last turn of the history too.
  if (customerTurns.at(-1) === text) customerTurns.pop();
  const earlier = customerTurns.slice(-lookBack).map((body) => understandMessage(body, vocabulary, preferredLocale));

  // A short message without a clear language ("ok", "L?") keeps the language the customer wrote in before.
  if (earlier.length > 0 && text.trim().split(/\s+/).length <= 3) {
    const previousLocale = earlier.at(-1)!.locale;
    if (previousLocale !== current.locale && !hasClearLanguage(text)) current = { ...current, locale: previousLocale };
  }

  let previousNotUnderstood = 0;
  for (const turn of [...earlier].reverse()) {
    if (turn.intent !== 'unknown') break;
    previousNotUnderstood += 1;
  }

  const knowsProduct = (entities: Entities) => entities.productWords.some((word) => vocabulary.words.has(word));
  if (knowsProduct(current.entities) || earlier.length === 0) return { ...current, usedContext: false, previousNotUnderstood };
  // "ada iphone 15?" names a product the catalog lacks, so the reply is "not found", never the last product.
  if (namesUnknownProduct(current.entities, vocabulary)) return { ...current, usedContext: false, previousNotUnderstood };
  if (!productIntents.has(current.intent) && current.intent !== 'unknown') return { ...current, usedContext: false, previousNotUnderstood };

  let state: { entities: Entities; intent?: Intent } | undefined;
  for (const turn of earlier) {
    if (knowsProduct(turn.entities)) {
      state = { entities: { ...turn.entities }, intent: productIntents.has(turn.intent) ? turn.intent : 'availability' };
    } else if (state) {
      overlay(state.entities, turn.entities);
      if (turn.explicitIntent && productIntents.has(turn.intent)) state.intent = turn.intent;
    }
  }
  if (!state) return { ...current, usedContext: false, previousNotUnderstood };
  // A bare "kalau yang hitam?" is not a new question: it repeats the last one for another option.
  const followUpOnly = current.intent === 'unknown' || !current.explicitIntent;
  if (current.intent === 'unknown' && !hasOptionEntity(current.entities) && !/\b(kalau|kalo|klo|how about|what about|yang|gimana)\b/i.test(text)) {
    return { ...current, usedContext: false, previousNotUnderstood };
  }
  const entities = { ...state.entities };
  overlay(entities, current.entities);
  let intent = current.intent;
  if (followUpOnly) {
    // "kalau di bandung?" after a stock question moves it to a store question.
    const namesNewCity = current.entities.city !== undefined && state.entities.city === undefined;
    intent = namesNewCity ? 'store' : state.intent ?? 'availability';
  }
  // "ukuran apa aja yang ready?" asks for every size (of the colour in context), not the size asked before;
  // "warna apa aja?" for every colour.
  if (intent === 'options') {
    if (current.entities.size === undefined) delete entities.size;
    if (current.entities.colour === undefined && /\b(warna|color|colou?rs?)\b/.test(normalizeMessage(text).text)) delete entities.colour;
  }
  // "does it come in white?" asks about the colour in every size, not the size asked before.
  if (current.entities.colour !== undefined && current.entities.size === undefined && colourQuestionPattern.test(normalizeMessage(text).text)) {
    delete entities.size;
    intent = 'options';
  }
  const intents = followUpOnly || intent === 'options' ? [intent] : current.intents;
  return { ...current, intent, intents, entities, confidence: Math.max(current.confidence, 0.6), usedContext: true, previousNotUnderstood };
}

/** True when the message has two words or more and its language markers are not tied. */
function hasClearLanguage(text: string): boolean {
  const tokens = normalizeMessage(text).rawTokens;
  return detectLocale(tokens) === detectLocale(tokens, 'en') && tokens.length >= 2;
}

function hasOptionEntity(entities: Entities): boolean {
  return entities.colour !== undefined || entities.size !== undefined || entities.city !== undefined;
}

function overlay(target: Entities, source: Entities): void {
  if (source.colour !== undefined) target.colour = source.colour;
  if (source.size !== undefined) target.size = source.size;
  if (source.city !== undefined) target.city = source.city;
  if (source.quantity !== undefined) target.quantity = source.quantity;
}

/** Chat words a product-like word must not be a typo of. */
const chatWords = [...new Set([...stopWords, ...intentWords, ...modifierWords, ...Object.keys(slang)])].filter((word) => word.length >= 3);

/**
 * True when the message has a word that reads as a product name the catalog does not know: three
 * letters or more, no digits, and not one edit away from a chat word ("ukurna" is a typo, "iphone" is not).
 */
function namesUnknownProduct(entities: Entities, vocabulary: Vocabulary): boolean {
  return entities.productWords.some((word) => word.length >= 3
    && !/\d/.test(word)
    && !vocabulary.words.has(word)
    && !chatWords.some((chat) => Math.abs(chat.length - word.length) <= 1 && editDistance(word, chat, 1) <= 1));
}
