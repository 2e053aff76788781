import { sql } from 'drizzle-orm';
import { newId, type Db } from '../../src/db/index.js';
import { adjustStock } from '../../src/inventory/index.js';

/** A product of the bot's test catalog: SKU prefix, name, category, base price, colours and sizes. */
interface FixtureProduct {
  code: string;
  name: string;
  category: string;
  price: number;
  colours: Array<[code: string, name: string]>;
  sizes: string[];
}

export const fixtureProducts: FixtureProduct[] = [
  { code: 'KBP', name: 'Kemeja Batik Parang', category: 'kemeja-batik', price: 249_000, colours: [['NAV', 'navy'], ['HTM', 'hitam']], sizes: ['M', 'L', 'XL'] },
  { code: 'KBK', name: 'Kemeja Batik Kawung', category: 'kemeja-batik', price: 229_000, colours: [['CKL', 'cokelat']], sizes: ['M', 'L'] },
  { code: 'KPP', name: 'Kaos Polos Premium', category: 'kaos', price: 99_000, colours: [['HTM', 'hitam'], ['PTH', 'putih']], sizes: ['S', 'M', 'L'] },
  { code: 'CCS', name: 'Celana Chino Slim', category: 'celana', price: 259_000, colours: [['KRM', 'krem']], sizes: ['30', '32'] },
  { code: 'SNK', name: 'Sepatu Sneakers Kanvas', category: 'sepatu', price: 299_000, colours: [['PTH', 'putih']], sizes: ['41', '42'] },
  { code: 'HSV', name: 'Hijab Segi Empat Voal', category: 'hijab', price: 59_000, colours: [['PTH', 'putih'], ['HJU', 'hijau']], sizes: [] },
];

/** On hand per SKU and location code; every other variant starts at zero. */
export const fixtureStock: Array<[sku: string, location: string, units: number]> = [
  ['KBP-NAV-L', 'WH-JKT', 5],
  ['KBP-NAV-M', 'WH-JKT', 3],
  ['KBP-NAV-XL', 'WH-JKT', 1],
  ['KBP-HTM-M', 'WH-JKT', 4],
  ['KBP-HTM-L', 'TK-BDG', 2],
  ['KBP-NAV-L', 'TK-JKT', 1],
  ['KBK-CKL-M', 'WH-JKT', 6],
  ['KPP-HTM-S', 'WH-JKT', 10],
  ['KPP-HTM-M', 'WH-JKT', 12],
  ['KPP-PTH-L', 'WH-JKT', 7],
  ['CCS-KRM-32', 'WH-JKT', 4],
  ['SNK-PTH-42', 'WH-JKT', 2],
  ['SNK-PTH-42', 'TK-BDG', 1],
  ['HSV-PTH', 'WH-JKT', 20],
];

/**
 * Writes a small fashion catalog into the inventory tables: a Jakarta warehouse, stores in Jakarta and
 * Bandung, WhatsApp and web chat selling from the warehouse at base price, Instagram with a Rp10.000
 * markup. Stock goes through the inventory module's `adjustStock`, so the ledger matches on hand.
 */
export async function insertBotCatalog(db: Db): Promise<void> {
  for (const product of fixtureProducts) {
    const productId = newId('prd');
    await db.execute(sql`insert into products (id, handle, name, category, description)
      values (${productId}, ${product.code.toLowerCase()}, ${product.name}, ${product.category}, ${`${product.name} dari katun`})`);
    for (const [colourCode, colour] of product.colours) {
      const sizes = product.sizes.length > 0 ? product.sizes : [null];
      for (const size of sizes) {
        const sku = [product.code, colourCode, size].filter(Boolean).join('-');
        const options = size ? { color: colour, size } : { color: colour };
        await db.execute(sql`insert into variants (id, product_id, sku, color, size, options, base_price)
          values (${newId('var')}, ${productId}, ${sku}, ${colour}, ${size}, ${JSON.stringify(options)}::jsonb, ${product.price})`);
      }
    }
  }
  const locations: Array<[code: string, name: string, kind: string, city: string, province: string]> = [
    ['WH-JKT', 'Gudang Cakung', 'warehouse', 'Jakarta', 'DKI Jakarta'],
    ['TK-JKT', 'Toko Kemang', 'store', 'Jakarta', 'DKI Jakarta'],
    ['TK-BDG', 'Toko Dago', 'store', 'Bandung', 'Jawa Barat'],
  ];
  for (const [code, name, kind, city, province] of locations) {
    await db.execute(sql`insert into locations (id, code, name, kind, city, province) values (${`loc_${code}`}, ${code}, ${name}, ${kind}, ${city}, ${province})`);
  }
  const channels: Array<[code: string, name: string, rule: unknown]> = [
    ['whatsapp', 'WhatsApp', null],
    ['webchat', 'Web chat', null],
    ['instagram', 'Instagram', { type: 'markup_amount', amount: 10_000 }],
  ];
  for (const [code, name, rule] of channels) {
    await db.execute(sql`insert into channels (id, code, name, kind, price_rule)
      values (${`chn_${code}`}, ${code}, ${name}, 'messaging', ${rule === null ? null : JSON.stringify(rule)}::jsonb)`);
    await db.execute(sql`insert into channel_locations (channel_id, location_id) values (${`chn_${code}`}, 'loc_WH-JKT')`);
  }
  for (const [sku, location, units] of fixtureStock) await setStock(db, sku, location, units);
}

/** Changes on hand of one SKU at one location through the inventory module. */
export async function setStock(db: Db, sku: string, locationCode: string, delta: number): Promise<void> {
  const result = await adjustStock(db, { sku, locationCode, delta, reason: 'bot test stock', actor: 'test' });
  if (result.kind !== 'adjusted') throw new Error(`Stock change for ${sku} at ${locationCode} failed: ${result.kind}`);
}
