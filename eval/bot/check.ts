import type { Db } from '../../src/db/index.js';
import { productDefinitions } from '../../src/demo/catalog-data.js';
import { colourMatches, formatRupiah, variantLabel } from '../../src/bot/format.js';
import type { BotAnswer, HandoffReason } from '../../src/bot/index.js';
import { findVariantBySku, getChannelOffers, listLocationStock } from '../../src/inventory/index.js';

/** One labelled customer message of the evaluation set. */
export interface EvalCase {
  id: string;
  text: string;
  /** Earlier customer messages of the same conversation, oldest first; the bot answers each in turn. */
  history?: string[];
  /** Channel code; whatsapp when absent. */
  channel?: string;
  /** Language the reply must be in; unchecked when absent (mixed-language messages). */
  locale?: 'id' | 'en';
  intent: string;
  entities?: { colour?: string; size?: string; city?: string; orderNumber?: string };
  answer?: {
    /** The variant the answer must be about, with its stock and price now. */
    sku?: string;
    /** SKU prefix of the product the answer must name. */
    product?: string;
    /** SKU prefixes of products a list answer must name. */
    products?: string[];
    notFound?: boolean;
    handoff?: HandoffReason;
    /** True when an options answer must name every size (and colour) of `product` in stock, within the colour asked. */
    allInStock?: boolean;
  };
}

const productNames = new Map(productDefinitions.map((product) => [product.code, product.name]));
const soldOutWords = /habis|sold out|kosong|out of stock/i;

/** Returns what is wrong with the answer to one case; an empty list means it is correct. */
export async function checkAnswer(db: Db, evalCase: EvalCase, answer: BotAnswer, channelCode: string): Promise<string[]> {
  const expected = evalCase.answer ?? {};
  if (expected.handoff) {
    return answer.kind === 'handoff' && answer.reason === expected.handoff ? [] : [`answer: expected handoff ${expected.handoff}`];
  }
  if (answer.kind !== 'reply') return ['answer: unexpected handoff'];
  const problems: string[] = [];

  if (expected.notFound) {
    if (answer.facts.offers.length > 0) problems.push('answer: expected no product');
    if (!/katalog|catalog/.test(answer.text)) problems.push('answer: expected a not-found reply');
  }
  if (expected.product) {
    const name = productNames.get(expected.product)!;
    if (!answer.text.includes(name)) problems.push(`answer: ${name} not named`);
  }
  for (const code of expected.products ?? []) {
    const name = productNames.get(code)!;
    if (!answer.text.includes(name)) problems.push(`answer: ${name} not listed`);
  }
  if (expected.sku) problems.push(...(await checkVariantAnswer(db, evalCase, answer, expected.sku, channelCode)));
  if (expected.allInStock && expected.product) problems.push(...checkAllInStock(evalCase, answer, expected.product));
  return problems;
}

/** Checks that every in-stock variant of the product among the facts (of the expected colour) has its options named. */
function checkAllInStock(evalCase: EvalCase, answer: Extract<BotAnswer, { kind: 'reply' }>, code: string): string[] {
  const colour = evalCase.entities?.colour;
  const ready = answer.facts.offers.filter((offer) => offer.sku.startsWith(`${code}-`) && offer.available > 0 && colourMatches(offer.color, colour));
  if (ready.length === 0) return [`answer: no in-stock ${code} variant among the facts`];
  const problems: string[] = [];
  for (const offer of ready) {
    const colourText = offer.color ? variantLabel({ color: offer.color, size: null }, answer.locale) : undefined;
    for (const option of [colourText, offer.size]) {
      if (option && !new RegExp(`(^|[^\\w])${option}([^\\w]|$)`).test(answer.text)) problems.push(`answer: in-stock ${option} of ${code} not named`);
    }
  }
  return [...new Set(problems)];
}

async function checkVariantAnswer(db: Db, evalCase: EvalCase, answer: Extract<BotAnswer, { kind: 'reply' }>, sku: string, channelCode: string): Promise<string[]> {
  const variant = await findVariantBySku(db, sku);
  if (!variant) return [`case: unknown SKU ${sku}`];
  const [truth] = await getChannelOffers(db, { variantIds: [variant.id], channelCode });
  if (!truth) return [`case: no offer for ${sku}`];
  if (!answer.facts.offers.some((offer) => offer.sku === sku)) return [`answer: ${sku} not among the facts`];
  const text = answer.text;
  const problems: string[] = [];
  // English replies name the colour in English ("cokelat" is "brown"), Indonesian ones as the catalog writes it.
  const label = variantLabel(truth, answer.locale);
  if (!text.includes(label)) problems.push(`answer: variant ${label} not named`);

  if (evalCase.intent === 'price' || evalCase.intent === 'availability') {
    if (!text.includes(formatRupiah(truth.price))) problems.push(`answer: price ${formatRupiah(truth.price)} missing`);
  }
  if (evalCase.intent === 'availability' || evalCase.intent === 'price') {
    if (truth.available > 0 && !new RegExp(`\\b${truth.available}\\b`).test(text)) problems.push(`answer: stock ${truth.available} missing`);
    if (truth.available === 0 && !soldOutWords.test(text)) problems.push('answer: sold out not said');
    if (truth.available === 0) {
      const stores = (await listLocationStock(db, { variantIds: [variant.id] })).filter((location) => location.kind === 'store');
      const nowhere = stores.every((store) => store.available === 0);
      if (nowhere && !/semua toko|everywhere/.test(text)) problems.push('answer: out of stock in every store not said');
      if (nowhere && /pembelian online|sold out online/.test(text)) problems.push('answer: only online sold out said, stores are empty too');
    }
  }
  if (evalCase.intent === 'store') {
    const stores = (await listLocationStock(db, { variantIds: [variant.id] })).filter((location) => location.kind === 'store');
    const city = evalCase.entities?.city?.toLowerCase();
    const inCity = city ? stores.filter((store) => store.city.toLowerCase() === city) : stores;
    if (city && inCity.length === 0) {
      if (!/tidak tersedia di toko|not available at a store/i.test(text)) problems.push(`answer: unavailable in ${city} not said`);
    }
    for (const store of inCity) {
      if (store.available > 0 && !text.includes(`${store.locationName} (${store.city}): ${label} ${store.available}`)) {
        problems.push(`answer: ${store.locationName} stock ${store.available} missing`);
      }
    }
    if (inCity.length > 0 && inCity.every((store) => store.available === 0) && !soldOutWords.test(text)) problems.push('answer: empty store not said');
  }
  return problems;
}
