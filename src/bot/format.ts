import type { VariantOffer } from '../inventory/index.js';
import { colourWords } from './lexicon.js';
import type { Locale } from './types.js';

const rupiah = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** Whole rupiah the Indonesian way: Rp150.000. */
export function formatRupiah(amount: number): string {
  return `Rp${rupiah.format(amount)}`;
}

/** "Rp199.000" when all prices are equal, otherwise "Rp199.000–Rp249.000". */
export function formatPriceRange(prices: number[]): string {
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  return low === high ? formatRupiah(low) : `${formatRupiah(low)}–${formatRupiah(high)}`;
}

/** "navy L", "hitam", "42": the options that tell a product's variants apart; colours in English for `en`. */
export function variantLabel(offer: Pick<VariantOffer, 'color' | 'size'>, locale: Locale = 'id'): string {
  const colour = offer.color ? colourName(offer.color, locale) : offer.color;
  return [colour, offer.size].filter((part): part is string => Boolean(part)).join(' ');
}

/** "a, b dan c" or "a, b and c". */
export function joinList(items: string[], locale: Locale): string {
  if (items.length <= 1) return items.join('');
  const last = items.at(-1)!;
  return `${items.slice(0, -1).join(', ')} ${locale === 'id' ? 'dan' : 'and'} ${last}`;
}

const canonicalByWord = new Map<string, string>();
for (const [canonical, words] of Object.entries(colourWords)) for (const word of words) canonicalByWord.set(word, canonical);

/** One name per colour whatever the language or spelling: "Black", "hitam" and "Hitam" give "hitam". */
export function canonicalColour(colour: string): string {
  const lowered = colour.toLowerCase().trim();
  return canonicalByWord.get(lowered) ?? lowered;
}

export function colourMatches(variantColour: string | null, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return variantColour !== null && canonicalColour(variantColour) === canonicalColour(wanted);
}

export function sizeMatches(variantSize: string | null, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return variantSize !== null && variantSize.toLowerCase() === wanted.toLowerCase();
}

const letterSizeOrder = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL'];

/** Sort key of a size: letter sizes from XS up, then numeric sizes ascending, then anything else. */
export function sizeRank(size: string | null): number {
  if (size === null) return 0;
  const letter = letterSizeOrder.indexOf(size.toUpperCase());
  if (letter >= 0) return letter + 1;
  const numeric = Number(size);
  return Number.isFinite(numeric) ? 100 + numeric : 10_000;
}

/** English names of the canonical colours; a colour missing here is shown as the catalog writes it. */
const englishColourNames: Record<string, string> = {
  hitam: 'black', putih: 'white', navy: 'navy', merah: 'red', hijau: 'green', biru: 'blue', abu: 'grey', coklat: 'brown',
  krem: 'cream', kuning: 'yellow', pink: 'pink', ungu: 'purple', maroon: 'maroon', khaki: 'khaki', olive: 'olive',
  sage: 'sage', mustard: 'mustard', denim: 'denim', oranye: 'orange', tosca: 'teal', emas: 'gold', silver: 'silver',
};

/** Returns the colour as the catalog writes it for Indonesian replies, its English name for English ones ("cokelat" → "brown"). */
export function colourName(colour: string, locale: Locale): string {
  if (locale === 'id') return colour;
  return englishColourNames[canonicalColour(colour)] ?? colour;
}
