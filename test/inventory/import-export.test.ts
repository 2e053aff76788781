import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { variants } from '../../src/inventory/schema.js';
import { defineBundle, findInvariantViolations, insertVariant, levelOf, seedShop, shop } from './fixtures.js';

let runtime: TestRuntime;

const header = 'product_handle,product_name,category,description,sku,barcode,color,size,weight_grams,base_price,price:shopee,stock:WH-JKT,stock:ST-BDG';
const goodRows = [
  'kemeja-batik-parang,Kemeja Batik Parang,Kemeja,Batik cap katun,KBP-NVY-M,8990001000011,navy,M,250,Rp149.000,159000,12,3',
  'kemeja-batik-parang,Kemeja Batik Parang,Kemeja,Batik cap katun,KBP-NVY-L,8990001000012,navy,L,260,149000,,8,0',
  '"kaos-polos","Kaos Polos, Hitam",Kaos,,KPL-HTM-L,,hitam,L,,79.000,,5,',
];

function upload(body: string | Uint8Array, query: string, contentType = 'text/csv') {
  return runtime.request(`/api/inventory/import?${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });
}

async function countRows(table: string): Promise<number> {
  return Number((await queryRows<{ n: number }>(runtime.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n);
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
});
afterAll(async () => { await runtime?.close(); });

describe('catalog import', () => {
  it('reports every bad cell', async () => {
    const bad = [header, goodRows[0], 'Kemeja Batik,,Kemeja,,KBP-NVY-M,,navy,S,-5,15O.000,abc,2,x'].join('\n');
    const response = await upload(bad, 'format=csv&dry_run=true');
    expect(response.status).toBe(422);
    const problem = await jsonOf(response);
    expect(problem.errors).toEqual(expect.arrayContaining([
      { row: 3, column: 'product_handle', value: 'Kemeja Batik', reason: 'use lowercase letters, digits and single hyphens' },
      { row: 3, column: 'product_name', value: '', reason: 'required' },
      expect.objectContaining({ row: 3, column: 'weight_grams', value: '-5' }),
      expect.objectContaining({ row: 3, column: 'base_price', value: '15O.000' }),
      expect.objectContaining({ row: 3, column: 'price:shopee', value: 'abc' }),
      expect.objectContaining({ row: 3, column: 'stock:ST-BDG', value: 'x' }),
      { row: 3, column: 'sku', value: 'KBP-NVY-M', reason: 'repeats the SKU of row 2' },
    ]));
    expect(problem.errors).toHaveLength(7);
    expect(await countRows('variants')).toBe(0);
  });

  it('rejects unknown columns', async () => {
    const response = await upload(`${header},stock:ST-XXX\n${goodRows[0]},1`, 'format=csv');
    expect(response.status).toBe(422);
    expect((await jsonOf(response)).errors).toEqual([{ row: 1, column: 'stock:ST-XXX', value: 'stock:ST-XXX', reason: 'unknown location code' }]);
  });

  it('checks a good sheet without writing', async () => {
    const response = await upload([header, ...goodRows].join('\n'), 'format=csv&dry_run=true');
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toMatchObject({ dry_run: true, rows: 3, products_created: 2, variants_created: 3 });
    expect(await countRows('products')).toBe(0);
  });

  it('imports products, prices and stock', async () => {
    const response = await upload([header, ...goodRows].join('\n'), 'format=csv');
    expect(response.status).toBe(201);
    expect(await jsonOf(response)).toMatchObject({ dry_run: false, variants_created: 3, prices_set: 1, stock_counts: 5 });
    expect(await levelOf(runtime.db, 'KBP-NVY-M', shop.warehouse)).toEqual({ onHand: 12, reserved: 0 });
    expect(await levelOf(runtime.db, 'KBP-NVY-M', shop.bandung)).toEqual({ onHand: 3, reserved: 0 });
    const offers = await jsonOf(await runtime.request('/api/catalog/variants?q=KBP-NVY-M&channel=shopee'));
    expect(offers.items[0].price).toBe(159_000);
    const kaos = await jsonOf(await runtime.request('/api/catalog/variants?q=KPL-HTM-L&channel=website'));
    expect(kaos.items[0]).toMatchObject({ product_name: 'Kaos Polos, Hitam', price: 79_000, available: 5 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('reads semicolon sheets', async () => {
    const semicolon = [header.replaceAll(',', ';'), 'kemeja-batik-parang;Kemeja Batik Parang;Kemeja;Batik cap katun;KBP-NVY-M;8990001000011;navy;M;250;149.000;159.000;10;3'].join('\r\n');
    const response = await upload(semicolon, 'format=csv');
    expect(response.status).toBe(201);
    expect(await levelOf(runtime.db, 'KBP-NVY-M', shop.warehouse)).toEqual({ onHand: 10, reserved: 0 });
  });
});

describe('catalog export', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`round-trips ${format}`, async () => {
      const first = await runtime.request(`/api/inventory/export?format=${format}`);
      expect(first.status).toBe(200);
      const content = new Uint8Array(await first.arrayBuffer());
      const contentType = first.headers.get('content-type')!;
      const reimport = await upload(content, `format=${format}`, contentType);
      expect(reimport.status).toBe(201);
      expect(await jsonOf(reimport)).toMatchObject({ rows: 3, products_created: 0, variants_created: 0, variants_updated: 3 });
      const second = new Uint8Array(await (await runtime.request(`/api/inventory/export?format=csv`)).arrayBuffer());
      const text = new TextDecoder().decode(second);
      expect(text.split('\n')[0]).toBe('product_handle,product_name,category,description,sku,barcode,color,size,weight_grams,base_price,price:shopee,stock:ST-BDG,stock:ST-SBY,stock:WH-JKT');
      expect(text).toContain('kaos-polos,"Kaos Polos, Hitam",Kaos,,KPL-HTM-L,,hitam,L,0,79000,,0,0,5');
      expect(text).toContain('kemeja-batik-parang,Kemeja Batik Parang,Kemeja,Batik cap katun,KBP-NVY-M,8990001000011,navy,M,250,149000,159000,3,0,10');
    });
  }

  it('requires the owner to import', async () => {
    const agent = await runtime.tokenFor('agent');
    const response = await runtime.request('/api/inventory/import?format=csv', { method: 'POST', token: agent, body: header, headers: { 'content-type': 'text/csv' } });
    expect(response.status).toBe(403);
  });
});

describe('bundle rows', () => {
  it('rejects stock on a bundle', async () => {
    const bundleId = await insertVariant(runtime.db, { sku: 'SET-BATIK-2', product: 'Set Batik Berdua', basePrice: 280_000 });
    const [component] = await runtime.db.select({ id: variants.id }).from(variants).where(sql`${variants.sku} = 'KBP-NVY-M'`);
    await defineBundle(runtime.db, bundleId, [{ variantId: component!.id, quantity: 2 }]);
    const sheet = [header, 'set-batik-berdua,Set Batik Berdua,Set,,SET-BATIK-2,,,,,280000,,4,'].join('\n');
    const response = await upload(sheet, 'format=csv&dry_run=true');
    expect(response.status).toBe(422);
    expect((await jsonOf(response)).errors).toEqual([
      { row: 2, column: 'stock:WH-JKT', value: '4', reason: 'a bundle has no stock of its own; leave the cell empty' },
    ]);
  });
});
