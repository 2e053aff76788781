import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireReservations, getOrder } from '../../src/inventory/index.js';
import { startReservationExpirySweeper } from '../../src/jobs/definitions/inventory.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertVariant, levelOf, receiveStock, seedShop, shop } from './fixtures.js';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
  await insertChannel(runtime.db, { code: 'flash', kind: 'website', locations: [shop.warehouse], reservationTtlMinutes: 0 });
  await insertVariant(runtime.db, { sku: 'EXP-1', product: 'Kaos Kilat', basePrice: 60_000 });
  await receiveStock(runtime.db, 'EXP-1', shop.warehouse, 3);
});
afterAll(async () => { await runtime?.close(); });

describe('reservation expiry', () => {
  it('cancels an unpaid order by its job', async () => {
    const response = await runtime.request('/api/orders', {
      method: 'POST', json: { channel: 'flash', external_id: 'F-1', lines: [{ sku: 'EXP-1', quantity: 2 }], fulfillment: { type: 'delivery' } },
    });
    const order = await jsonOf(response);
    expect(order.status).toBe('reserved');
    const stop = startReservationExpirySweeper({ jobs: runtime.jobs, logger: runtime.logger });
    stop();
    await runtime.jobs.drain();
    const after = await getOrder(runtime.db, { orderId: order.id });
    expect(after?.status).toBe('cancelled');
    expect(after?.cancelReason).toBe('payment_timeout');
    expect(await levelOf(runtime.db, 'EXP-1', shop.warehouse)).toEqual({ onHand: 3, reserved: 0 });
  });

  it('keeps a reservation within its time', async () => {
    const response = await runtime.request('/api/orders', {
      method: 'POST', json: { channel: 'shopee', external_id: 'F-2', lines: [{ sku: 'EXP-1', quantity: 1 }], fulfillment: { type: 'delivery' } },
    });
    const order = await jsonOf(response);
    expect(await expireReservations(runtime.db, { now: new Date(Date.now() + 29 * 60_000) })).toBe(0);
    expect((await getOrder(runtime.db, { orderId: order.id }))?.status).toBe('reserved');
    expect(await expireReservations(runtime.db, { now: new Date(Date.now() + 31 * 60_000) })).toBe(1);
    expect((await getOrder(runtime.db, { orderId: order.id }))?.status).toBe('cancelled');
  });

  it('spares a paid order', async () => {
    const response = await runtime.request('/api/orders', {
      method: 'POST', json: { channel: 'website', external_id: 'F-3', lines: [{ sku: 'EXP-1', quantity: 1 }], fulfillment: { type: 'delivery' } },
    });
    const order = await jsonOf(response);
    await runtime.request(`/api/orders/${order.id}/status`, { method: 'POST', json: { status: 'paid' } });
    expect(await expireReservations(runtime.db, { now: new Date(Date.now() + 24 * 3600_000) })).toBe(0);
    expect((await getOrder(runtime.db, { orderId: order.id }))?.status).toBe('paid');
  });
});
