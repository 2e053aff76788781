import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { getChannelOffers, getChannelPrice, listCatalog, listLocationStock, searchVariants } from '../../src/inventory/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertVariant, receiveStock, seedShop, setListingBuffer, setSafetyStock, shop } from './fixtures.js';

let runtime: TestRuntime;
let navyL: string;
let channelIds: Record<string, string>;

beforeAll(async () => {
  runtime = await createTestRuntime();
  ({ channelIds } = await seedShop(runtime.db));
  navyL = await insertVariant(runtime.db, { sku: 'KBP-NVY-L', product: 'Kemeja Batik Parang', color: 'navy', size: 'L', basePrice: 149_000 });
  await insertVariant(runtime.db, { sku: 'KBP-NVY-M', product: 'Kemeja Batik Parang', color: 'navy', size: 'M', basePrice: 149_000 });
  await insertVariant(runtime.db, { sku: 'KPL-HTM-L', product: 'Kaos Polos Lengan Panjang', category: 'Kaos', color: 'hitam', size: 'L', basePrice: 79_000 });
  await receiveStock(runtime.db, 'KBP-NVY-L', shop.warehouse, 4);
  await receiveStock(runtime.db, 'KBP-NVY-L', shop.bandung, 3);
  await receiveStock(runtime.db, 'KBP-NVY-M', shop.surabaya, 2);
});
afterAll(async () => { await runtime?.close(); });

describe('GET /api/catalog/variants', () => {
  it('finds variants by words', async () => {
    const response = await runtime.request('/api/catalog/variants?q=kemeja%20batik%20navy%20L&channel=website');
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      sku: 'KBP-NVY-L', product_name: 'Kemeja Batik Parang', options: { color: 'navy', size: 'L' }, price: 149_000, available: 7,
    });
  });

  it('matches a size word whole', async () => {
    const body = await jsonOf(await runtime.request('/api/catalog/variants?q=L&channel=website'));
    const skus = body.items.map((item: { sku: string }) => item.sku).sort();
    expect(skus).toEqual(['KBP-NVY-L', 'KPL-HTM-L']);
  });

  it('finds a variant by SKU', async () => {
    const body = await jsonOf(await runtime.request('/api/catalog/variants?q=kbp-nvy-m&channel=website'));
    expect(body.items[0].sku).toBe('KBP-NVY-M');
    expect(body.items[0].available).toBe(2);
  });

  it('applies the channel price rule and buffer', async () => {
    const body = await jsonOf(await runtime.request('/api/catalog/variants?q=KBP-NVY-L&channel=shopee'));
    // 149.000 + 5% = 156.450, rounded to Rp1.000; shopee sells only the warehouse's 4 minus its buffer of 1.
    expect(body.items[0].price).toBe(156_000);
    expect(body.items[0].available).toBe(3);
  });

  it('rejects a missing channel', async () => {
    const response = await runtime.request('/api/catalog/variants?q=kemeja');
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.invalid_fields[0].name).toBe('channel');
  });

  it('rejects an unknown channel', async () => {
    const response = await runtime.request('/api/catalog/variants?q=kemeja&channel=lazada');
    expect(response.status).toBe(404);
    expect((await jsonOf(response)).detail).toContain('lazada');
  });

  it('requires a token', async () => {
    const response = await runtime.request('/api/catalog/variants?q=kemeja&channel=website', { token: null });
    expect(response.status).toBe(401);
  });
});

describe('availability', () => {
  it('subtracts safety stock and listing buffer', async () => {
    await setSafetyStock(runtime.db, navyL, shop.bandung, 1);
    await setListingBuffer(runtime.db, channelIds.website!, navyL, 2);
    const [offer] = await getChannelOffers(runtime.db, { variantIds: [navyL], channelCode: 'website' });
    expect(offer!.available).toBe(4 + (3 - 1) - 2);
    const [whatsapp] = await getChannelOffers(runtime.db, { variantIds: [navyL], channelCode: 'whatsapp' });
    expect(whatsapp!.available).toBe(6);
    await setSafetyStock(runtime.db, navyL, shop.bandung, 0);
    await setListingBuffer(runtime.db, channelIds.website!, navyL, 0);
  });

  it('never goes below zero', async () => {
    await setListingBuffer(runtime.db, channelIds.shopee!, navyL, 50);
    const offers = await searchVariants(runtime.db, { query: 'KBP-NVY-L', channelCode: 'shopee' });
    expect(offers[0]!.available).toBe(0);
    await setListingBuffer(runtime.db, channelIds.shopee!, navyL, 1);
  });

  it('lists stock per location', async () => {
    const rows = await listLocationStock(runtime.db, { variantIds: [navyL] });
    expect(rows.map((row) => [row.locationCode, row.onHand, row.available])).toEqual([
      [shop.bandung, 3, 3], [shop.warehouse, 4, 4],
    ]);
    expect(rows[0]).toMatchObject({ city: 'Bandung', kind: 'store', locationName: 'Toko Bandung', reserved: 0 });
  });

  it('lists the catalog', async () => {
    const catalog = await listCatalog(runtime.db);
    const batik = catalog.find((product) => product.productName === 'Kemeja Batik Parang');
    expect(batik?.variants.map((variant) => variant.sku)).toEqual(['KBP-NVY-L', 'KBP-NVY-M']);
    expect(batik?.description).toContain('katun');
  });

  it('prices one variant', async () => {
    expect(await getChannelPrice(runtime.db, { variantId: navyL, channelCode: 'shopee' })).toBe(156_000);
    expect(await getChannelPrice(runtime.db, { variantId: 'var_missing', channelCode: 'shopee' })).toBeNull();
  });
});

describe('GET /api/inventory/levels', () => {
  it('reports every location', async () => {
    const response = await runtime.request('/api/inventory/levels?sku=KBP-NVY-L');
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.items.map((item: { location: string; on_hand: number; reserved: number }) => [item.location, item.on_hand, item.reserved])).toEqual([
      [shop.bandung, 3, 0], [shop.surabaya, 0, 0], [shop.warehouse, 4, 0],
    ]);
  });

  it('rejects an unknown SKU', async () => {
    const response = await runtime.request('/api/inventory/levels?sku=NOPE');
    expect(response.status).toBe(404);
  });
});

describe('POST /api/inventory/adjustments', () => {
  it('changes on hand and records the reason', async () => {
    const response = await runtime.request('/api/inventory/adjustments', {
      method: 'POST', json: { sku: 'KPL-HTM-L', location: shop.surabaya, delta: 5, reason: 'barang datang dari vendor' },
    });
    expect(response.status).toBe(201);
    expect(await jsonOf(response)).toMatchObject({ sku: 'KPL-HTM-L', location: shop.surabaya, on_hand: 5, reserved: 0 });

    const ledger = await queryRows<{ on_hand_delta: number; reason: string; source: string }>(runtime.db, sql`
      select l.on_hand_delta, l.reason, l.source from stock_ledger l join variants v on v.id = l.variant_id
      where v.sku = 'KPL-HTM-L'`);
    expect(ledger).toEqual([{ on_hand_delta: 5, reason: 'barang datang dari vendor', source: 'adjustment' }]);
    const outbox = await queryRows<{ topic: string }>(runtime.db, sql`select topic from inventory_outbox order by id desc limit 1`);
    expect(outbox[0]!.topic).toBe('inventory.stock_changed');
  });

  it('applies a repeated key once', async () => {
    const request = () => runtime.request('/api/inventory/adjustments', {
      method: 'POST', json: { sku: 'KPL-HTM-L', location: shop.surabaya, delta: -1, reason: 'rusak', idempotency_key: 'pos-123' },
    });
    expect((await request()).status).toBe(201);
    const second = await request();
    expect(second.status).toBe(200);
    expect((await jsonOf(second)).on_hand).toBe(4);
  });

  it('rejects going below zero', async () => {
    const response = await runtime.request('/api/inventory/adjustments', {
      method: 'POST', json: { sku: 'KPL-HTM-L', location: shop.surabaya, delta: -10, reason: 'hilang' },
    });
    expect(response.status).toBe(409);
    const levels = await jsonOf(await runtime.request('/api/inventory/levels?sku=KPL-HTM-L'));
    expect(levels.items.find((item: { location: string }) => item.location === shop.surabaya).on_hand).toBe(4);
    const ledger = await queryRows<{ n: number }>(runtime.db, sql`select count(*)::int as n from stock_ledger where reason = 'hilang'`);
    expect(ledger[0]!.n).toBe(0);
  });

  it('names invalid fields', async () => {
    const response = await runtime.request('/api/inventory/adjustments', {
      method: 'POST', json: { sku: 'KPL-HTM-L', location: shop.surabaya, delta: 0, reason: '' },
    });
    expect(response.status).toBe(400);
    const names = (await jsonOf(response)).invalid_fields.map((field: { name: string }) => field.name).sort();
    expect(names).toEqual(['delta', 'reason']);
  });

  it('rejects an unknown location', async () => {
    const response = await runtime.request('/api/inventory/adjustments', {
      method: 'POST', json: { sku: 'KPL-HTM-L', location: 'ST-XXX', delta: 1, reason: 'x' },
    });
    expect(response.status).toBe(404);
    expect((await jsonOf(response)).field).toBe('location');
  });

  it('requires a token', async () => {
    const response = await runtime.request('/api/inventory/adjustments', {
      method: 'POST', token: null, json: { sku: 'KPL-HTM-L', location: shop.surabaya, delta: 1, reason: 'x' },
    });
    expect(response.status).toBe(401);
  });
});

describe('listing mismatches', () => {
  it('flags a stale published price', async () => {
    const { recordListingPublication, findVariantByListing } = await import('../../src/inventory/index.js');
    const { channelListings } = await import('../../src/inventory/schema.js');
    await recordListingPublication(runtime.db, { channelCode: 'shopee', variantId: navyL, price: 149_000, available: 3 });
    await runtime.db.update(channelListings).set({ externalSku: 'SHP-88123' });
    expect(await findVariantByListing(runtime.db, { channelCode: 'shopee', externalSku: 'SHP-88123' })).toEqual({ variantId: navyL, sku: 'KBP-NVY-L' });

    const response = await runtime.request('/api/inventory/listings/mismatches?channel=shopee');
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.items).toEqual([{
      sku: 'KBP-NVY-L', published_price: 149_000, book_price: 156_000, published_available: 3, available: 3, price_differs: true, stock_differs: false,
    }]);

    await recordListingPublication(runtime.db, { channelCode: 'shopee', variantId: navyL, price: 156_000, available: 3 });
    expect((await jsonOf(await runtime.request('/api/inventory/listings/mismatches?channel=shopee'))).items).toEqual([]);
  });
});
