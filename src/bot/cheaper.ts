import type { Db } from '../db/index.js';
import { getChannelOffers, type CatalogProduct, type VariantOffer } from '../inventory/index.js';
import { formatRupiah, sizeRank, variantLabel } from './format.js';
import type { Locale } from './types.js';

/** At most this many cheaper products are named, each with this many in-stock variants. */
const maxProducts = 5;
const maxVariants = 4;

export interface CheaperAnswer {
  text: string;
  /** The offers of the cheaper products, read in this request. */
  offers: VariantOffer[];
}

/**
 * Composes the reply to "any cheaper ones?" about `product`. It lists products of the same category in
 * stock on the channel below the lowest price of `reference`, cheapest first, from offers read now.
 * When there are none, the reply says that nothing cheaper is in stock.
 */
export async function cheaperAnswer(
  db: Db,
  product: CatalogProduct,
  reference: VariantOffer[],
  catalog: Iterable<CatalogProduct>,
  channelCode: string,
  locale: Locale,
): Promise<CheaperAnswer> {
  const referencePrice = Math.min(...reference.map((offer) => offer.price));
  const others = [...catalog].filter((other) => other.category === product.category && other.productId !== product.productId);
  const variantIds = others.flatMap((other) => other.variants.map((variant) => variant.variantId));
  const offers = variantIds.length > 0 ? await getChannelOffers(db, { variantIds, channelCode }) : [];
  const byProduct = new Map<string, VariantOffer[]>();
  for (const offer of offers) {
    if (offer.available <= 0 || offer.price >= referencePrice) continue;
    byProduct.set(offer.productId, [...(byProduct.get(offer.productId) ?? []), offer]);
  }
  const cheaper = [...byProduct.values()]
    .map((ready) => ({ ready, lowest: Math.min(...ready.map((offer) => offer.price)) }))
    .sort((a, b) => a.lowest - b.lowest || a.ready[0]!.productName.localeCompare(b.ready[0]!.productName))
    .slice(0, maxProducts);
  const name = `${product.productName} (${formatRupiah(referencePrice)})`;
  if (cheaper.length === 0) {
    const text = locale === 'id'
      ? `Maaf kak, belum ada yang lebih murah dari ${name} di kategori yang sama yang sedang ready.`
      : `Sorry, there is nothing cheaper than ${name} in the same category in stock right now.`;
    return { text, offers: [] };
  }
  const lines = cheaper.map(({ ready, lowest }) => {
    const colourOrder = [...new Set(ready.map((offer) => offer.color))];
    const variants = ready.filter((offer) => offer.price === lowest)
      .sort((a, b) => colourOrder.indexOf(a.color) - colourOrder.indexOf(b.color) || sizeRank(a.size) - sizeRank(b.size))
      .slice(0, maxVariants)
      .map((offer) => `${variantLabel(offer, locale) || offer.productName} (${offer.available})`).join(', ');
    return locale === 'id'
      ? `- ${ready[0]!.productName}: ${formatRupiah(lowest)}, ready ${variants}`
      : `- ${ready[0]!.productName}: ${formatRupiah(lowest)}, in stock ${variants}`;
  });
  const opening = locale === 'id' ? `Yang lebih murah dari ${name} dan ready kak:` : `Cheaper than ${name} and in stock:`;
  return { text: [opening, ...lines].join('\n'), offers: cheaper.flatMap(({ ready }) => ready) };
}
