import { colorCodes, productDefinitions, type ProductDefinition } from './catalog-data.js';
import { locationDefinitions } from './business.js';
import type { SeededRandom } from './random.js';

export interface PlannedVariant {
  sku: string;
  barcode: string;
  productCode: string;
  productName: string;
  color: string;
  size: string | null;
  basePrice: number;
  weightGrams: number;
  popularity: number;
  /** Units on hand per location code at load time. */
  stock: Record<string, number>;
}

/** GS1 prefix 899 is Indonesia's, and 7421 is a made-up company number for the demo brand. */
const barcodePrefix = '8997421';

/** Appends the EAN-13 check digit to 12 digits: weights 1 and 3 alternate from the left. */
export function withEan13CheckDigit(twelveDigits: string): string {
  if (!/^\d{12}$/.test(twelveDigits)) throw new Error(`EAN-13 needs 12 digits before the check digit, got "${twelveDigits}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelveDigits[i]) * (i % 2 === 0 ? 1 : 3);
  return twelveDigits + String((10 - (sum % 10)) % 10);
}

/** URL handle of a product name: `Kemeja Batik Parang` becomes `kemeja-batik-parang`. */
export function toHandle(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Stock that the walk-through relies on, whatever the generator draws: a batik shirt in stock at
 * Toko Bandung, one out of stock everywhere, and sneakers left only at Toko Surabaya.
 */
export const pinnedStock: Record<string, Record<string, number>> = {
  'KBP-NAV-L': { 'gudang-bekasi': 14, 'toko-bandung': 3, 'toko-surabaya': 0 },
  'KBP-NAV-XL': { 'gudang-bekasi': 0, 'toko-bandung': 0, 'toko-surabaya': 2 },
  'KBM-MRH-XL': { 'gudang-bekasi': 0, 'toko-bandung': 0, 'toko-surabaya': 0 },
  'SNK-PTH-42': { 'gudang-bekasi': 0, 'toko-bandung': 0, 'toko-surabaya': 2 },
  'PSC-HTM': { 'gudang-bekasi': 40, 'toko-bandung': 12, 'toko-surabaya': 9 },
};

type StockProfile = 'sold_out' | 'one_store' | 'low' | 'normal';

function drawStock(random: SeededRandom, popularity: number): Record<string, number> {
  const profile = random.weighted<StockProfile>(['sold_out', 'one_store', 'low', 'normal'], (p) =>
    ({ sold_out: 6, one_store: 6, low: 10, normal: 78 })[p]);
  const stock: Record<string, number> = { 'gudang-bekasi': 0, 'toko-bandung': 0, 'toko-surabaya': 0 };
  if (profile === 'sold_out') return stock;
  if (profile === 'one_store') {
    stock[random.pick(['toko-bandung', 'toko-surabaya'])] = random.int(1, 3);
    return stock;
  }
  if (profile === 'low') {
    stock[random.pick(locationDefinitions).code] = random.int(1, 2);
    return stock;
  }
  stock['gudang-bekasi'] = random.int(3, 8 + popularity * 3);
  for (const store of ['toko-bandung', 'toko-surabaya']) {
    stock[store] = random.chance(0.25) ? 0 : random.int(1, 3 + Math.ceil(popularity / 2));
  }
  return stock;
}

function planProductVariants(random: SeededRandom, product: ProductDefinition, serial: { next: number }): PlannedVariant[] {
  const sizes: Array<string | null> = product.sizes.length > 0 ? product.sizes : [null];
  const planned: PlannedVariant[] = [];
  for (const color of product.colors) {
    for (const size of sizes) {
      const sku = [product.code, colorCodes[color], ...(size ? [size] : [])].join('-');
      serial.next += 1;
      const drawn = drawStock(random, product.popularity);
      planned.push({
        sku,
        barcode: withEan13CheckDigit(barcodePrefix + String(serial.next).padStart(5, '0')),
        productCode: product.code,
        productName: product.name,
        color,
        size,
        basePrice: product.price,
        weightGrams: product.weightGrams,
        popularity: product.popularity,
        stock: pinnedStock[sku] ?? drawn,
      });
    }
  }
  return planned;
}

/** Plans every variant of the demo catalog with its SKU, EAN-13 barcode and stock per location. */
export function planVariants(random: SeededRandom): PlannedVariant[] {
  const serial = { next: 0 };
  return productDefinitions.flatMap((product) => planProductVariants(random, product, serial));
}
