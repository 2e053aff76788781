import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockIdentifier } from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { findInvariantViolations, insertVariant, levelOf, receiveStock, seedShop, shop } from './fixtures.js';

let runtime: TestRuntime;
let counter = 0;

async function newSku(stock: Partial<Record<string, number>>): Promise<string> {
  counter += 1;
  const sku = `GRD-${counter}`;
  await insertVariant(runtime.db, { sku, product: `Kemeja Jaga ${counter}`, basePrice: 100_000 });
  for (const [location, quantity] of Object.entries(stock)) {
    if (quantity) await receiveStock(runtime.db, sku, location, quantity);
  }
  return sku;
}

function post(path: string, json: unknown, token?: string) {
  return runtime.request(path, { method: 'POST', json, ...(token ? { token } : {}) });
}

async function orderCount(externalId: string): Promise<number> {
  return (await queryRows(runtime.db, sql`select id from orders where external_id = ${externalId}`)).length;
}

/** Expects a 400 validation problem naming `field`. */
async function expectInvalid(response: Response, field: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = await jsonOf(response);
  expect(problem.invalid_fields.map((item: { name: string }) => item.name)).toContain(field);
  expect(problem.detail).toContain(field);
}

function delivery(externalId: string, sku: string, extra: Record<string, unknown> = {}) {
  return { channel: 'website', external_id: externalId, lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' }, ...extra };
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
});
afterAll(async () => { await runtime?.close(); });

describe('order customer identifiers', () => {
  it.each([
    [{ phone: 'abc' }, 'customer.phone'],
    [{ email: 'notanemail' }, 'customer.email'],
    [{ identifiers: [{ type: 'pos_member_id', value: 'M-1' }, { type: 'email', value: 'a@' }] }, 'customer.identifiers.1.value'],
  ])('rejects %j', async (customer, field) => {
    const sku = await newSku({ [shop.warehouse]: 2 });
    const externalId = `C-${field}`;
    await expectInvalid(await post('/api/orders', delivery(externalId, sku, { customer })), field);
    expect(await orderCount(externalId)).toBe(0);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('accepts a blocked number without a profile', async () => {
    const blocked = await blockIdentifier(runtime.db, { type: 'phone', value: '0812-9999-0001', actor: 'test' });
    expect(blocked.kind).toBe('blocked');
    const sku = await newSku({ [shop.warehouse]: 2 });
    const response = await post('/api/orders', delivery('C-blocked', sku, { customer: { phone: '0812-9999-0001' } }));
    expect(response.status).toBe(201);
    expect((await jsonOf(response)).profile_id).toBeNull();
  });
});

describe('order amounts and dates', () => {
  it.each([
    [[{ quantity: 1, unit_price: 1e15 }], 'lines.0.unit_price'],
    [[{ quantity: 1100, unit_price: 9007199254740991 }], 'lines.0.unit_price'],
    [[{ quantity: 10_001, unit_price: 1 }], 'lines.0.quantity'],
    [Array.from({ length: 11 }, () => ({ quantity: 10_000, unit_price: 1_000_000_000 })), 'lines'],
  ])('rejects line %#', async (lines, field) => {
    const sku = await newSku({ [shop.warehouse]: 1 });
    const externalId = `A-${counter}`;
    await expectInvalid(await post('/api/orders', delivery(externalId, sku, { lines: lines.map((line) => ({ sku, ...line })) })), field);
    expect(await orderCount(externalId)).toBe(0);
  });

  it.each(['2999-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z'])('rejects placed_at %s', async (placedAt) => {
    const sku = await newSku({ [shop.warehouse]: 1 });
    const externalId = `P-${placedAt}`;
    await expectInvalid(await post('/api/orders', delivery(externalId, sku, { placed_at: placedAt })), 'placed_at');
    expect(await orderCount(externalId)).toBe(0);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 1, reserved: 0 });
  });

  it('accepts a recent placed_at', async () => {
    const sku = await newSku({ [shop.warehouse]: 1 });
    const response = await post('/api/orders', delivery('P-ok', sku, { placed_at: '2026-01-02T03:04:05Z' }));
    expect(response.status).toBe(201);
  });
});

describe('order fulfillment location', () => {
  it.each([
    ['shopee', { type: 'pos', location: shop.bandung }, 'fulfillment.type', /POS channel/],
    ['pos-bdg', { type: 'pos', location: shop.surabaya }, 'fulfillment.location', /does not serve channel pos-bdg/],
    ['shopee', { type: 'bopis', location: shop.bandung }, 'fulfillment.location', /does not serve channel shopee/],
  ])('rejects %s %j', async (channel, fulfillment, field, detail) => {
    const sku = await newSku({ [shop.bandung]: 2, [shop.surabaya]: 2, [shop.warehouse]: 2 });
    const externalId = `F-${counter}`;
    const response = await post('/api/orders', { channel, external_id: externalId, lines: [{ sku, quantity: 1 }], fulfillment });
    expect(response.status).toBe(422);
    const problem = await jsonOf(response);
    expect(problem.field).toBe(field);
    expect(problem.detail).toMatch(detail);
    expect(await orderCount(externalId)).toBe(0);
    for (const location of [shop.bandung, shop.surabaya, shop.warehouse]) {
      expect(await levelOf(runtime.db, sku, location)).toEqual({ onHand: 2, reserved: 0 });
    }
  });

  it('sells on POS at its store', async () => {
    const sku = await newSku({ [shop.bandung]: 2 });
    const response = await post('/api/orders', {
      channel: 'pos-bdg', external_id: 'F-ok', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'pos', location: shop.bandung },
    });
    expect(response.status).toBe(201);
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 1, reserved: 0 });
  });
});

describe('idempotency keys', () => {
  it('conflicts on an order with other lines', async () => {
    const sku = await newSku({ [shop.warehouse]: 5 });
    const other = await newSku({ [shop.warehouse]: 5 });
    const body = delivery('I-1', sku);
    const first = await post('/api/orders', body);
    expect(first.status).toBe(201);
    const created = await jsonOf(first);
    const repeat = await post('/api/orders', body);
    expect(repeat.status).toBe(200);
    expect((await jsonOf(repeat)).id).toBe(created.id);

    for (const lines of [[{ sku, quantity: 2 }], [{ sku: other, quantity: 1 }], [{ sku, quantity: 1 }, { sku: other, quantity: 1 }]]) {
      const conflict = await post('/api/orders', { ...body, lines });
      expect(conflict.status).toBe(409);
      const problem = await jsonOf(conflict);
      expect(problem.field).toBe('external_id');
      expect(problem.detail).toContain('I-1');
    }
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 5, reserved: 1 });
    expect(await levelOf(runtime.db, other, shop.warehouse)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('conflicts on an adjustment with another delta', async () => {
    const sku = await newSku({ [shop.warehouse]: 5 });
    const body = { sku, location: shop.warehouse, delta: 3, reason: 'terima barang', idempotency_key: 'adj-key-1' };
    expect((await post('/api/inventory/adjustments', body)).status).toBe(201);
    const repeat = await post('/api/inventory/adjustments', body);
    expect(repeat.status).toBe(200);
    expect((await jsonOf(repeat)).on_hand).toBe(8);

    for (const changed of [{ delta: 4 }, { location: shop.bandung }]) {
      const conflict = await post('/api/inventory/adjustments', { ...body, ...changed });
      expect(conflict.status).toBe(409);
      const problem = await jsonOf(conflict);
      expect(problem.field).toBe('idempotency_key');
      expect(problem.detail).toContain('adj-key-1');
    }
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 8, reserved: 0 });
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 0, reserved: 0 });
  });
});

describe('import limits', () => {
  it('rejects a price or stock beyond the limits', async () => {
    const sheet = [
      'product_handle,product_name,category,description,sku,barcode,color,size,weight_grams,base_price,price:shopee,stock:WH-JKT',
      'kemeja-mahal,Kemeja Mahal,Kemeja,,KM-1,,,,,1000000001,2000000000,3000000000',
    ].join('\n');
    const response = await runtime.request('/api/inventory/import?format=csv', { method: 'POST', body: sheet, headers: { 'content-type': 'text/csv' } });
    expect(response.status).toBe(422);
    const columns = (await jsonOf(response)).errors.map((error: { column: string }) => error.column);
    expect(columns.sort()).toEqual(['base_price', 'price:shopee', 'stock:WH-JKT']);
    expect(await queryRows(runtime.db, sql`select id from variants where sku = 'KM-1'`)).toHaveLength(0);
  });
});

describe('adjustment limits', () => {
  it('rejects stock beyond the limit', async () => {
    const sku = await newSku({});
    const body = { sku, location: shop.warehouse, delta: 1_000_000, reason: 'terima barang' };
    for (let step = 0; step < 10; step += 1) expect((await post('/api/inventory/adjustments', body)).status).toBe(201);
    const response = await post('/api/inventory/adjustments', body);
    expect(response.status).toBe(422);
    expect((await jsonOf(response)).field).toBe('delta');
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 10_000_000, reserved: 0 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });
});

describe('stocktake lines', () => {
  it('rejects a SKU counted twice', async () => {
    const sku = await newSku({ [shop.bandung]: 4 });
    const response = await post('/api/inventory/stocktakes', {
      location: shop.bandung, counts: [{ sku, counted: 1 }, { sku, counted: 7 }],
    });
    await expectInvalid(response, 'counts.1.sku');
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 4, reserved: 0 });
  });
});

describe('NUL characters', () => {
  it('rejects NUL in a JSON sku', async () => {
    const sku = await newSku({ [shop.warehouse]: 1 });
    await expectInvalid(await post('/api/inventory/adjustments', { sku: `${sku}\u0000`, location: shop.warehouse, delta: 1, reason: 'x' }), 'sku');
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 1, reserved: 0 });
  });

  it('rejects NUL in a query', async () => {
    await expectInvalid(await runtime.request('/api/inventory/levels?sku=KBP%00'), 'sku');
  });
});

describe('roles', () => {
  it('forbids stock writes to an agent', async () => {
    const sku = await newSku({ [shop.warehouse]: 3 });
    const agent = await runtime.tokenFor('agent');
    const writes: Array<[string, unknown]> = [
      ['/api/inventory/adjustments', { sku, location: shop.warehouse, delta: 5, reason: 'x' }],
      ['/api/inventory/stocktakes', { location: shop.warehouse, counts: [{ sku, counted: 9 }] }],
      ['/api/inventory/transfers', { from: shop.warehouse, to: shop.bandung, lines: [{ sku, quantity: 1 }] }],
      ['/api/orders', delivery('R-1', sku)],
    ];
    for (const [path, json] of writes) {
      const response = await post(path, json, agent);
      expect(response.status, path).toBe(403);
    }
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 3, reserved: 0 });
    expect(await orderCount('R-1')).toBe(0);

    const read = await runtime.request(`/api/inventory/levels?sku=${sku}`, { token: agent });
    expect(read.status).toBe(200);
    const integration = await runtime.tokenFor('integration');
    expect((await post('/api/inventory/adjustments', { sku, location: shop.warehouse, delta: 1, reason: 'x' }, integration)).status).toBe(201);
  });
});
