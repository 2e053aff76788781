import type { CatalogProduct, LocationStock, VariantOffer } from '../inventory/index.js';
import { colourMatches, colourName, formatPriceRange, formatRupiah, joinList, variantLabel } from './format.js';
import type { Locale } from './types.js';
import type { Entities } from './understand.js';

function inLocale(locale: Locale, indonesian: string, english: string): string {
  return locale === 'id' ? indonesian : english;
}

/** At most this many variants or products are named in one reply, so that a chat message stays short. */
const maxListed = 8;

function stockEntry(offer: VariantOffer, locale: Locale): string {
  return `${variantLabel(offer, locale) || offer.productName} (${offer.available})`;
}

function wantedLabel(entities: Entities, locale: Locale): string {
  return [entities.colour === undefined ? undefined : colourName(entities.colour, locale), entities.size].filter(Boolean).join(' ');
}

function inStock(offers: VariantOffer[]): VariantOffer[] {
  return offers.filter((offer) => offer.available > 0);
}

/** In-stock variants of the same product, those sharing the wanted colour or size first. */
function alternativesFor(wanted: VariantOffer[], offers: VariantOffer[]): VariantOffer[] {
  const wantedIds = new Set(wanted.map((offer) => offer.variantId));
  const colours = new Set(wanted.map((offer) => offer.color));
  const sizes = new Set(wanted.map((offer) => offer.size));
  const rank = (offer: VariantOffer) => (colours.has(offer.color) ? 0 : sizes.has(offer.size) ? 1 : 2);
  return inStock(offers.filter((offer) => !wantedIds.has(offer.variantId))).sort((a, b) => rank(a) - rank(b)).slice(0, 4);
}

function storeLines(locations: LocationStock[], offers: VariantOffer[], locale: Locale): string[] {
  const byId = new Map(offers.map((offer) => [offer.variantId, offer]));
  const stores = locations.filter((location) => location.kind === 'store' && location.available > 0);
  const grouped = new Map<string, LocationStock[]>();
  for (const location of stores) grouped.set(location.locationCode, [...(grouped.get(location.locationCode) ?? []), location]);
  return [...grouped.values()].map((rows) => {
    const first = rows[0]!;
    const items = rows.slice(0, 4).map((row) => {
      const offer = byId.get(row.variantId);
      return `${offer ? variantLabel(offer, locale) || offer.productName : ''} ${row.available}`.trim();
    });
    return locale === 'id' ? `${first.locationName} (${first.city}): ${items.join(', ')}` : `${first.locationName} (${first.city}): ${items.join(', ')}`;
  });
}

/**
 * Availability of one product: one variant, several variants, or the option asked for not existing.
 * `locations` are the stock rows of the matching variants, or null when they were not read.
 */
export function availabilityReply(product: CatalogProduct, offers: VariantOffer[], matching: VariantOffer[], entities: Entities, locations: LocationStock[] | null, locale: Locale, optionMissing: boolean): string {
  const name = product.productName;
  if (optionMissing) return optionMissingReply(name, offers, entities, locale);
  const ready = inStock(matching);
  const priceRange = formatPriceRange(matching.map((offer) => offer.price));

  if (matching.length === 1) {
    const offer = matching[0]!;
    const label = `${name} ${variantLabel(offer, locale)}`.trim();
    if (entities.quantity !== undefined && offer.available > 0 && offer.available < entities.quantity) {
      return locale === 'id'
        ? `Maaf kak, ${label} stoknya tinggal ${offer.available}, belum cukup untuk ${entities.quantity}. Harganya ${formatRupiah(offer.price)}.`
        : `Sorry, only ${offer.available} of ${label} are left, not enough for ${entities.quantity}. Price ${formatRupiah(offer.price)}.`;
    }
    if (offer.available > 0) {
      return locale === 'id'
        ? `${label} ready kak, stok ${offer.available}. Harganya ${formatRupiah(offer.price)}.`
        : `${label} is in stock: ${offer.available} available at ${formatRupiah(offer.price)}.`;
    }
    return soldOutReply(label, matching, offers, locations, locale);
  }

  const wanted = wantedLabel(entities, locale);
  const label = wanted ? `${name} ${wanted}` : name;
  if (ready.length === 0) return soldOutReply(label, matching, offers, locations, locale);
  const listed = ready.slice(0, maxListed).map((offer) => stockEntry(offer, locale)).join(', ');
  const soldOut = matching.filter((offer) => offer.available === 0).slice(0, maxListed).map((offer) => variantLabel(offer, locale)).filter(Boolean);
  let soldOutText = '';
  if (soldOut.length > 0) soldOutText = inLocale(locale, ` Yang habis: ${soldOut.join(', ')}.`, ` Sold out: ${soldOut.join(', ')}.`);
  return locale === 'id'
    ? `${label} ready kak: ${listed}. Harga ${priceRange}.${soldOutText}`
    : `${label} is in stock: ${listed}. Price ${priceRange}.${soldOutText}`;
}

/** True when the stock rows were read and no store has any of the wanted variants. */
function noStoreHas(wanted: VariantOffer[], locations: LocationStock[] | null): boolean {
  if (locations === null) return false;
  const ids = new Set(wanted.map((offer) => offer.variantId));
  return !locations.some((location) => location.kind === 'store' && location.available > 0 && ids.has(location.variantId));
}

function soldOutReply(label: string, wanted: VariantOffer[], offers: VariantOffer[], locations: LocationStock[] | null, locale: Locale): string {
  const everywhere = noStoreHas(wanted, locations);
  const opening = everywhere
    ? inLocale(locale, `Maaf kak, ${label} sedang habis, baik online maupun di semua toko.`, `Sorry, ${label} is out of stock everywhere, online and in every store.`)
    : inLocale(locale, `Maaf kak, ${label} sedang habis untuk pembelian online.`, `Sorry, ${label} is sold out online.`);
  const parts = [opening];
  const stores = storeLines((locations ?? []).filter((location) => wanted.some((offer) => offer.variantId === location.variantId)), wanted, locale);
  if (stores.length > 0) {
    parts.push(locale === 'id' ? `Masih ada di toko: ${stores.join('; ')}.` : `Still available in store: ${stores.join('; ')}.`);
  }
  const alternatives = alternativesFor(wanted, offers);
  if (alternatives.length > 0) {
    const listed = alternatives.map((offer) => `${variantLabel(offer, locale)} (${offer.available}, ${formatRupiah(offer.price)})`).join(', ');
    parts.push(locale === 'id' ? `Pilihan lain yang ready: ${listed}.` : `Other options in stock: ${listed}.`);
  } else if (stores.length === 0) {
    parts.push(locale === 'id' ? 'Semua warna dan ukurannya juga sedang habis.' : 'Every colour and size of it is sold out too.');
  }
  return parts.join(' ');
}

function optionMissingReply(name: string, offers: VariantOffer[], entities: Entities, locale: Locale): string {
  const wanted = wantedLabel(entities, locale);
  const ready = inStock(offers).slice(0, maxListed);
  const listed = ready.map((offer) => `${variantLabel(offer, locale)} (${offer.available}, ${formatRupiah(offer.price)})`).join(', ');
  // A colour the product lacks: name the colours it does come in.
  const colours = [...new Set(offers.flatMap((offer) => (offer.color ? [colourName(offer.color, locale)] : [])))];
  const colourMissing = entities.colour !== undefined && colours.length > 0 && !offers.some((offer) => colourMatches(offer.color, entities.colour));
  if (locale === 'id') {
    const range = colourMissing ? ` Warna yang ada: ${joinList(colours, locale)}.` : '';
    return ready.length > 0
      ? `Maaf kak, ${name} tidak ada yang ${wanted}.${range} Yang ready: ${listed}.`
      : `Maaf kak, ${name} tidak ada yang ${wanted}, dan varian lainnya sedang habis.${range}`;
  }
  const range = colourMissing ? ` It comes in ${joinList(colours, locale)}.` : '';
  return ready.length > 0
    ? `Sorry, ${name} doesn't come in ${wanted}.${range} In stock: ${listed}.`
    : `Sorry, ${name} doesn't come in ${wanted}, and its other variants are sold out.${range}`;
}

/** Composes the channel price of one product, per variant when the prices differ; `locations` as for availability. */
export function priceReply(product: CatalogProduct, offers: VariantOffer[], matching: VariantOffer[], entities: Entities, locations: LocationStock[] | null, locale: Locale, optionMissing: boolean): string {
  const name = product.productName;
  if (optionMissing) return optionMissingReply(name, offers, entities, locale);
  if (matching.length === 1) {
    const offer = matching[0]!;
    const label = `${name} ${variantLabel(offer, locale)}`.trim();
    let stock = inLocale(locale, ` Stok ${offer.available} ready.`, ` ${offer.available} in stock.`);
    if (offer.available === 0) {
      stock = noStoreHas(matching, locations)
        ? inLocale(locale, ' Tapi sedang habis, baik online maupun di semua toko.', ' It is out of stock everywhere, online and in every store.')
        : inLocale(locale, ' Tapi sedang habis untuk pembelian online.', ' It is sold out online at the moment.');
    }
    return locale === 'id' ? `Harga ${label} ${formatRupiah(offer.price)} kak.${stock}` : `${label} costs ${formatRupiah(offer.price)}.${stock}`;
  }
  const wanted = wantedLabel(entities, locale);
  const label = wanted ? `${name} ${wanted}` : name;
  const prices = new Set(matching.map((offer) => offer.price));
  const ready = inStock(matching).slice(0, maxListed).map((offer) => stockEntry(offer, locale)).join(', ');
  const readyText = ready
    ? inLocale(locale, ` Yang ready: ${ready}.`, ` In stock: ${ready}.`)
    : inLocale(locale, ' Saat ini semua sedang habis.', ' All are sold out at the moment.');
  if (prices.size === 1) {
    return locale === 'id' ? `Harga ${label} ${formatRupiah(matching[0]!.price)} kak.${readyText}` : `${label} costs ${formatRupiah(matching[0]!.price)}.${readyText}`;
  }
  const perVariant = matching.slice(0, maxListed).map((offer) => `${variantLabel(offer, locale)} ${formatRupiah(offer.price)}`).join(', ');
  return locale === 'id' ? `Harga ${label}: ${perVariant}.${readyText}` : `Prices for ${label}: ${perVariant}.${readyText}`;
}

/** Lists the colours and sizes a product comes in, and which are in stock now. */
export function optionsReply(product: CatalogProduct, offers: VariantOffer[], matching: VariantOffer[], entities: Entities, locale: Locale, optionMissing: boolean): string {
  const name = product.productName;
  if (optionMissing) return optionMissingReply(name, offers, entities, locale);
  const colours = [...new Set(offers.flatMap((offer) => (offer.color ? [colourName(offer.color, locale)] : [])))];
  const sizes = [...new Set(offers.flatMap((offer) => (offer.size ? [offer.size] : [])))];
  const range: string[] = [];
  if (colours.length > 0) range.push(locale === 'id' ? `warna ${joinList(colours, locale)}` : `colours ${joinList(colours, locale)}`);
  if (sizes.length > 0) range.push(locale === 'id' ? `ukuran ${joinList(sizes, locale)}` : `sizes ${joinList(sizes, locale)}`);
  const rangeText = range.length > 0 ? range.join(', ') : (locale === 'id' ? 'satu varian' : 'one variant');

  const readyByColour = new Map<string, string[]>();
  for (const offer of inStock(matching)) {
    const key = offer.color ? colourName(offer.color, locale) : '';
    readyByColour.set(key, [...(readyByColour.get(key) ?? []), offer.size ?? '']);
  }
  const readyText = [...readyByColour.entries()]
    .map(([colour, readySizes]) => [colour, readySizes.filter(Boolean).join(', ')].filter(Boolean).join(': '))
    .join('; ');
  const price = formatPriceRange(offers.map((offer) => offer.price));
  if (locale === 'id') {
    return `${name} ada ${rangeText}. ${readyText ? `Yang ready sekarang: ${readyText}.` : 'Saat ini semua sedang habis.'} Harga ${price}.`;
  }
  return `${name} comes in ${rangeText}. ${readyText ? `In stock now: ${readyText}.` : 'All are sold out at the moment.'} Price ${price}.`;
}

/** Lists the stores that have the requested variants, narrowed to the city when the customer named one. */
export function storeReply(product: CatalogProduct, matching: VariantOffer[], entities: Entities, locations: LocationStock[], locale: Locale): string {
  const label = matching.length === 1 ? `${product.productName} ${variantLabel(matching[0]!, locale)}`.trim() : [product.productName, wantedLabel(entities, locale)].filter(Boolean).join(' ');
  const stores = locations.filter((location) => location.kind === 'store');
  const city = entities.city;
  const inCity = city ? stores.filter((store) => cityMatches(store.city, city) || cityMatches(store.locationName, city)) : stores;

  // The stock rows cannot tell "no store in that city" from "that store never stocked it", so the
  // reply states only that the item is not available there.
  if (city && inCity.length === 0) {
    const cityName = capitalize(city);
    const elsewhere = storeLines(stores, matching, locale);
    const online = inStock(matching).slice(0, maxListed).map((offer) => stockEntry(offer, locale)).join(', ');
    if (locale === 'id') {
      const where = elsewhere.length > 0 ? ` Ada di: ${elsewhere.join('; ')}.` : '';
      const onlineText = online ? ` Untuk pembelian online masih ready: ${online}.` : '';
      return `Maaf kak, ${label} tidak tersedia di toko ${cityName}.${where}${onlineText}`;
    }
    const where = elsewhere.length > 0 ? ` Available at: ${elsewhere.join('; ')}.` : '';
    const onlineText = online ? ` Online we still have: ${online}.` : '';
    return `Sorry, ${label} is not available at a store in ${cityName}.${where}${onlineText}`;
  }

  const withStock = storeLines(inCity, matching, locale);
  if (withStock.length > 0) {
    return locale === 'id'
      ? `${label} ada di toko kak: ${withStock.join('; ')}. Bisa datang langsung atau pesan online lalu ambil di toko.`
      : `${label} is available in store: ${withStock.join('; ')}. You can visit, or order online and pick it up there.`;
  }
  const others = city ? storeLines(stores.filter((store) => !inCity.includes(store)), matching, locale) : [];
  const where = city
    ? inLocale(locale, `di toko ${capitalize(city)}`, `at our ${capitalize(city)} store`)
    : inLocale(locale, 'di semua toko', 'in every store');
  const online = inStock(matching);
  const onlineList = online.slice(0, maxListed).map((offer) => stockEntry(offer, locale)).join(', ');
  let onlineText = '';
  if (online.length > 0) onlineText = inLocale(locale, ` Untuk pembelian online masih ready: ${onlineList}.`, ` Online we still have: ${onlineList}.`);
  let othersText = '';
  if (others.length > 0) othersText = inLocale(locale, ` Ada di: ${others.join('; ')}.`, ` Available at: ${others.join('; ')}.`);
  return locale === 'id'
    ? `Maaf kak, ${label} sedang kosong ${where}.${othersText}${onlineText}`
    : `Sorry, ${label} is out of stock ${where}.${othersText}${onlineText}`;
}

/** Several matching products, each with its price and what is in stock. */
export function productListReply(products: CatalogProduct[], offers: VariantOffer[], matching: VariantOffer[], entities: Entities, locale: Locale): string {
  const lines = products.slice(0, maxListed).map((product) => {
    const own = matching.filter((offer) => offer.productId === product.productId);
    const all = offers.filter((offer) => offer.productId === product.productId);
    const shown = own.length > 0 ? own : all;
    if (shown.length === 1) {
      const offer = shown[0]!;
      const label = `${product.productName} ${variantLabel(offer, locale)}`.trim();
      const stock = offer.available > 0
        ? inLocale(locale, `stok ${offer.available}`, `${offer.available} in stock`)
        : inLocale(locale, 'habis', 'sold out');
      return `- ${label}: ${formatRupiah(offer.price)}, ${stock}`;
    }
    const ready = inStock(shown).slice(0, 4).map((offer) => stockEntry(offer, locale));
    const stock = ready.length > 0
      ? inLocale(locale, `ready ${ready.join(', ')}`, `in stock ${ready.join(', ')}`)
      : inLocale(locale, 'habis', 'sold out');
    return `- ${product.productName}: ${formatPriceRange(shown.map((offer) => offer.price))}, ${stock}`;
  });
  const wanted = wantedLabel(entities, locale);
  const header = locale === 'id'
    ? `Ada beberapa pilihan${wanted ? ` yang ${wanted}` : ''} kak:`
    : `Here are the matching products${wanted ? ` in ${wanted}` : ''}:`;
  const footer = locale === 'id' ? 'Mau yang mana kak?' : 'Which one would you like?';
  return [header, ...lines, footer].join('\n');
}

function cityMatches(value: string, city: string): boolean {
  return value.toLowerCase().includes(city.toLowerCase());
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

