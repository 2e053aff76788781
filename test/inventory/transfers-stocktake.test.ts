import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { findInvariantViolations, insertVariant, levelOf, receiveStock, seedShop, shop } from './fixtures.js';

let runtime: TestRuntime;

function post(path: string, json?: unknown) {
  return runtime.request(path, { method: 'POST', ...(json === undefined ? {} : { json }) });
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
  await insertVariant(runtime.db, { sku: 'TRF-1', product: 'Celana Chino', basePrice: 180_000 });
  await receiveStock(runtime.db, 'TRF-1', shop.warehouse, 10);
});
afterAll(async () => { await runtime?.close(); });

describe('transfers', () => {
  it('moves stock when received', async () => {
    const sent = await post('/api/inventory/transfers', { from: shop.warehouse, to: shop.bandung, lines: [{ sku: 'TRF-1', quantity: 4 }] });
    expect(sent.status).toBe(201);
    const { id } = await jsonOf(sent);
    expect(await levelOf(runtime.db, 'TRF-1', shop.warehouse)).toEqual({ onHand: 6, reserved: 0 });
    expect(await levelOf(runtime.db, 'TRF-1', shop.bandung)).toEqual({ onHand: 0, reserved: 0 });

    expect((await post(`/api/inventory/transfers/${id}/receive`)).status).toBe(200);
    expect((await post(`/api/inventory/transfers/${id}/receive`)).status).toBe(200);
    expect(await levelOf(runtime.db, 'TRF-1', shop.bandung)).toEqual({ onHand: 4, reserved: 0 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('keeps reserved units home', async () => {
    await post('/api/orders', { channel: 'shopee', external_id: 'TR-1', lines: [{ sku: 'TRF-1', quantity: 5 }], fulfillment: { type: 'delivery' } });
    const response = await post('/api/inventory/transfers', { from: shop.warehouse, to: shop.surabaya, lines: [{ sku: 'TRF-1', quantity: 2 }] });
    expect(response.status).toBe(409);
    expect(await levelOf(runtime.db, 'TRF-1', shop.warehouse)).toEqual({ onHand: 6, reserved: 5 });
  });

  it('rejects an unknown transfer', async () => {
    expect((await post('/api/inventory/transfers/trf_missing/receive')).status).toBe(404);
  });
});

describe('stocktake', () => {
  it('records the difference', async () => {
    const response = await post('/api/inventory/stocktakes', { location: shop.bandung, stocktake_id: 'opname-1', counts: [{ sku: 'TRF-1', counted: 3 }] });
    expect(response.status).toBe(201);
    expect((await jsonOf(response)).lines).toEqual([{ sku: 'TRF-1', previous_on_hand: 4, counted: 3, difference: -1 }]);
    const repeat = await jsonOf(await post('/api/inventory/stocktakes', { location: shop.bandung, stocktake_id: 'opname-1', counts: [{ sku: 'TRF-1', counted: 3 }] }));
    expect(repeat.lines).toEqual([]);
    expect(await levelOf(runtime.db, 'TRF-1', shop.bandung)).toEqual({ onHand: 3, reserved: 0 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('flags reservations a count breaks', async () => {
    const order = await jsonOf(await post('/api/orders', {
      channel: 'website', external_id: 'TK-1', lines: [{ sku: 'TRF-1', quantity: 2 }], fulfillment: { type: 'bopis', location: shop.bandung },
    }));
    await post('/api/inventory/stocktakes', { location: shop.bandung, counts: [{ sku: 'TRF-1', counted: 1 }] });
    expect(await levelOf(runtime.db, 'TRF-1', shop.bandung)).toEqual({ onHand: 1, reserved: 2 });
    const flagged = await jsonOf(await runtime.request(`/api/orders/${order.id}`));
    expect(flagged.lines[0].allocations[0].shortage).toBe(2);
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('rejects a negative count', async () => {
    const response = await post('/api/inventory/stocktakes', { location: shop.bandung, counts: [{ sku: 'TRF-1', counted: -1 }] });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('counts.0.counted');
  });
});
