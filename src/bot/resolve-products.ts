import type { Db } from '../db/index.js';
import { getChannelOffers, searchVariants, type CatalogProduct, type VariantOffer } from '../inventory/index.js';
import type { IndexedCatalog } from './catalog-index.js';
import type { Embedder } from './embedding.js';
import { colourMatches, sizeMatches, sizeRank } from './format.js';
import { searchProducts } from './retrieval.js';
import type { Entities } from './understand.js';

/** The products a message is about, with every variant's offer on the customer's channel. */
export type ProductResolution =
  | {
    kind: 'not_found';
    words: string[];
    /** Products matching part of the words, when a word names something the catalog does not have. */
    similar: CatalogProduct[];
  }
  | {
    kind: 'found';
    products: CatalogProduct[];
    /** Offers of every variant of `products`, read in this request. */
    offers: VariantOffer[];
    /** The offers matching the colour and size asked for (all offers when none was asked). */
    matching: VariantOffer[];
    /** True when no found product has the colour or size asked for; `products` then contains the best match. */
    optionMissing: boolean;
  };

/** A product is taken when at least half of the words match its document, or its trigram similarity is high. */
const minCoverage = 0.5;
const minTrigram = 0.55;
const maxProducts = 5;

const skuPattern = /^[a-z0-9]{2,5}(-[a-z0-9]{1,5}){1,3}$/i;

/** Finds the products for the message's product words (or a SKU), then reads their offers on the channel. */
export async function resolveProducts(
  db: Db,
  embedder: Embedder,
  catalog: IndexedCatalog,
  entities: Entities,
  channelCode: string,
  text: string,
): Promise<ProductResolution> {
  const sku = text.split(/\s+/).map((word) => word.replace(/[^a-z0-9-]/gi, '')).find((word) => skuPattern.test(word) && /\d|-[a-z]{3}-/i.test(word));
  if (sku) {
    const found = await searchVariants(db, { query: sku, channelCode, limit: 1 });
    const offer = found[0];
    if (offer && offer.sku.toLowerCase() === sku.toLowerCase()) {
      const product = catalog.products.get(offer.productId);
      if (product) return withOffers(db, [product], { ...entities, colour: offer.color ?? undefined, size: offer.size ?? undefined }, channelCode);
    }
  }

  const words = entities.productWords;
  if (words.length === 0) return { kind: 'not_found', words, similar: [] };
  const candidates = await searchProducts(db, embedder, words);
  const top = candidates[0];
  if (!top || (top.coverage < minCoverage && top.trigram < minTrigram)) return { kind: 'not_found', words, similar: [] };

  // Products matching as many words as the best one, and as many in their name, are equally good
  // answers: "kemeja batik" finds every batik shirt, "kaos polos" only the one named so.
  const group = candidates
    .filter((candidate) => candidate.coverage === top.coverage && candidate.nameCoverage === top.nameCoverage)
    .flatMap((candidate) => catalog.products.get(candidate.productId) ?? []);
  // "celana renang": a word the catalog has never seen means the product asked for is not sold.
  const unknownWords = words.filter((word) => !catalog.vocabulary.words.has(word));
  if (top.coverage < 1 && unknownWords.length > 0) return { kind: 'not_found', words, similar: group.slice(0, 3) };

  const withOption = group.filter((product) => product.variants.some((variant) => colourMatches(variant.color, entities.colour) && sizeMatches(variant.size, entities.size)));
  const chosen = withOption.length > 0 ? withOption.slice(0, maxProducts) : group.slice(0, 1);
  return withOffers(db, chosen, entities, channelCode, withOption.length === 0 && (entities.colour !== undefined || entities.size !== undefined));
}

/** Reads the offers of one known product, such as the one a follow-up refers to, for the colour and size asked. */
export async function resolveProduct(db: Db, product: CatalogProduct, entities: Entities, channelCode: string): Promise<ProductResolution> {
  const optionRequested = entities.colour !== undefined || entities.size !== undefined;
  const hasOption = product.variants.some((variant) => colourMatches(variant.color, entities.colour) && sizeMatches(variant.size, entities.size));
  return withOffers(db, [product], entities, channelCode, optionRequested && !hasOption);
}

async function withOffers(db: Db, products: CatalogProduct[], entities: Entities, channelCode: string, optionMissing = false): Promise<ProductResolution> {
  // Variants in the order a person reads them: product, colour as first listed, then size S to XXL or 38 to 44.
  const variantIds = products.flatMap((product) => {
    const colourOrder = [...new Set(product.variants.map((variant) => variant.color))];
    return [...product.variants]
      .sort((a, b) => colourOrder.indexOf(a.color) - colourOrder.indexOf(b.color) || sizeRank(a.size) - sizeRank(b.size))
      .map((variant) => variant.variantId);
  });
  const offers = await getChannelOffers(db, { variantIds, channelCode });
  const matching = offers.filter((offer) => colourMatches(offer.color, entities.colour) && sizeMatches(offer.size, entities.size));
  return { kind: 'found', products, offers, matching: optionMissing ? [] : matching, optionMissing };
}
