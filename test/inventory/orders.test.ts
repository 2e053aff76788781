import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { adjustStock, changeOrderStatus, createOrder, getChannelOffers } from '../../src/inventory/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { findInvariantViolations, insertChannel, insertVariant, levelOf, receiveStock, seedShop, shop } from './fixtures.js';

let runtime: TestRuntime;
let counter = 0;
const ids: Record<string, string> = {};

async function newSku(stock: Partial<Record<string, number>>, basePrice = 100_000): Promise<string> {
  counter += 1;
  const sku = `TST-${counter}`;
  ids[sku] = await insertVariant(runtime.db, { sku, product: `Kemeja Tes ${counter}`, basePrice });
  for (const [location, quantity] of Object.entries(stock)) {
    if (quantity) await receiveStock(runtime.db, sku, location, quantity);
  }
  return sku;
}

function postOrder(json: Record<string, unknown>) {
  return runtime.request('/api/orders', { method: 'POST', json });
}

function setStatus(orderId: string, json: Record<string, unknown>) {
  return runtime.request(`/api/orders/${orderId}/status`, { method: 'POST', json });
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
});
afterAll(async () => { await runtime?.close(); });

describe('POST /api/orders', () => {
  it('reserves a delivery order', async () => {
    const sku = await newSku({ [shop.warehouse]: 3, [shop.bandung]: 3 });
    const response = await postOrder({
      channel: 'website', external_id: 'W-1', customer: { phone: '0812-3456-7801' },
      lines: [{ sku, quantity: 2 }], fulfillment: { type: 'delivery', city: 'Cimahi' },
    });
    expect(response.status).toBe(201);
    const order = await jsonOf(response);
    expect(order.status).toBe('reserved');
    expect(order.total_amount).toBe(200_000);
    expect(order.profile_id).toMatch(/^prf_/);
    expect(order.reservation_expires_at).not.toBeNull();
    // Both hold 2; Bandung is nearer to Cimahi.
    expect(order.lines[0].allocations).toHaveLength(1);
    expect(order.lines[0].allocations[0].location).toBe(shop.bandung);
    expect(order.lines[0].allocations[0].reason).toContain('km from Cimahi');
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 3, reserved: 2 });
  });

  it('returns the existing order on repeat', async () => {
    const sku = await newSku({ [shop.warehouse]: 5 });
    const body = { channel: 'website', external_id: 'W-2', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' } };
    const first = await jsonOf(await postOrder(body));
    const second = await postOrder(body);
    expect(second.status).toBe(200);
    expect((await jsonOf(second)).id).toBe(first.id);
    const found = await runtime.request('/api/orders?channel=website&external_id=W-2');
    expect((await jsonOf(found)).id).toBe(first.id);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 5, reserved: 1 });
  });

  it('rejects short stock and reserves nothing', async () => {
    const plenty = await newSku({ [shop.warehouse]: 10 });
    const scarce = await newSku({ [shop.warehouse]: 1, [shop.surabaya]: 1 });
    const response = await postOrder({
      channel: 'website', external_id: 'W-3',
      lines: [{ sku: plenty, quantity: 2 }, { sku: scarce, quantity: 3 }], fulfillment: { type: 'delivery' },
    });
    expect(response.status).toBe(409);
    const problem = await jsonOf(response);
    expect(problem.type).toMatch(/insufficient-stock$/);
    expect(problem.items).toEqual([{ sku: scarce, requested: 3, available: 2 }]);
    expect(await levelOf(runtime.db, plenty, shop.warehouse)).toEqual({ onHand: 10, reserved: 0 });
    const stored = await queryRows(runtime.db, sql`select id from orders where external_id = 'W-3'`);
    expect(stored).toHaveLength(0);
  });

  it('skips an empty first location', async () => {
    const sku = await newSku({ [shop.surabaya]: 5 });
    // Bandung has a stock row, emptied by a write-off.
    await receiveStock(runtime.db, sku, shop.bandung, 1);
    await adjustStock(runtime.db, { sku, locationCode: shop.bandung, delta: -1, reason: 'rusak', actor: 'test' });
    const channelId = await insertChannel(runtime.db, { code: 'tokopedia-2loc', kind: 'marketplace', locations: [shop.bandung, shop.surabaya] });
    expect(channelId).toMatch(/^chn_/);
    const result = await createOrder(runtime.db, {
      channelCode: 'tokopedia-2loc', externalId: 'T-1', lines: [{ sku, quantity: 5 }], fulfillment: { type: 'delivery', city: 'Bandung' }, actor: 'test',
    });
    expect(result.kind).toBe('created');
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 0, reserved: 0 });
    expect(await levelOf(runtime.db, sku, shop.surabaya)).toEqual({ onHand: 5, reserved: 5 });
  });

  it('splits when no location has all', async () => {
    const sku = await newSku({ [shop.warehouse]: 2, [shop.bandung]: 1, [shop.surabaya]: 2 });
    const order = await jsonOf(await postOrder({
      channel: 'website', external_id: 'W-4', lines: [{ sku, quantity: 4 }], fulfillment: { type: 'delivery', city: 'Surabaya' },
    }));
    const allocations = order.lines[0].allocations.map((allocation: { location: string; quantity: number }) => [allocation.location, allocation.quantity]);
    // Nearest first: Surabaya itself, then Bandung (about 570 km), then the Jakarta warehouse.
    expect(allocations.sort()).toEqual([[shop.bandung, 1], [shop.surabaya, 2], [shop.warehouse, 1]]);
    for (const allocation of order.lines[0].allocations) expect(allocation.reason).toMatch(/^split: /);
  });

  it('reserves BOPIS at the store', async () => {
    const sku = await newSku({ [shop.warehouse]: 9, [shop.bandung]: 1 });
    const order = await jsonOf(await postOrder({
      channel: 'website', external_id: 'W-5', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'bopis', location: shop.bandung },
    }));
    expect(order.fulfillment_type).toBe('bopis');
    expect(order.location).toBe(shop.bandung);
    expect(order.pickup_code).toMatch(/^\d{6}$/);
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 1, reserved: 1 });

    const again = await postOrder({
      channel: 'website', external_id: 'W-6', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'bopis', location: shop.bandung },
    });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).items).toEqual([{ sku, requested: 1, available: 0 }]);
  });

  it('rejects BOPIS at a warehouse', async () => {
    const sku = await newSku({ [shop.warehouse]: 1 });
    const response = await postOrder({
      channel: 'website', external_id: 'W-7', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'bopis', location: shop.warehouse },
    });
    expect(response.status).toBe(422);
  });

  it('names invalid fields', async () => {
    const response = await postOrder({ channel: 'website', lines: [{ sku: 'X', quantity: 0 }], fulfillment: { type: 'drone' } });
    expect(response.status).toBe(400);
    const names = (await jsonOf(response)).invalid_fields.map((field: { name: string }) => field.name);
    expect(names).toEqual(expect.arrayContaining(['external_id', 'lines.0.quantity', 'fulfillment.type']));
  });

  it('requires a token', async () => {
    const response = await runtime.request('/api/orders', { method: 'POST', token: null, json: {} });
    expect(response.status).toBe(401);
  });
});

describe('order status', () => {
  it('commits on payment', async () => {
    const sku = await newSku({ [shop.warehouse]: 3 });
    const order = await jsonOf(await postOrder({ channel: 'website', external_id: 'S-1', lines: [{ sku, quantity: 2 }], fulfillment: { type: 'delivery' } }));
    const paid = await setStatus(order.id, { status: 'paid' });
    expect(paid.status).toBe(200);
    expect((await jsonOf(paid)).status).toBe('paid');
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 1, reserved: 0 });

    const again = await setStatus(order.id, { status: 'paid' });
    expect(again.status).toBe(200);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 1, reserved: 0 });

    const shipped = await jsonOf(await setStatus(order.id, { status: 'shipped' }));
    expect(shipped.shipped_at).not.toBeNull();
  });

  it('releases on cancellation', async () => {
    const sku = await newSku({ [shop.warehouse]: 3 });
    const order = await jsonOf(await postOrder({ channel: 'website', external_id: 'S-2', lines: [{ sku, quantity: 3 }], fulfillment: { type: 'delivery' } }));
    const cancelled = await jsonOf(await setStatus(order.id, { status: 'cancelled', reason: 'out_of_stock' }));
    expect(cancelled.cancel_reason).toBe('out_of_stock');
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 3, reserved: 0 });
    const repeat = await setStatus(order.id, { status: 'cancelled', reason: 'out_of_stock' });
    expect(repeat.status).toBe(200);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 3, reserved: 0 });
  });

  it('requires a cancel reason', async () => {
    const response = await setStatus('ord_whatever', { status: 'cancelled' });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('reason');
  });

  it('walks BOPIS to pickup', async () => {
    const sku = await newSku({ [shop.surabaya]: 2 });
    const order = await jsonOf(await postOrder({ channel: 'website', external_id: 'S-3', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'bopis', location: shop.surabaya } }));
    expect((await setStatus(order.id, { status: 'shipped' })).status).toBe(409);
    await setStatus(order.id, { status: 'paid' });
    const ready = await jsonOf(await setStatus(order.id, { status: 'ready_for_pickup' }));
    expect(ready.ready_at).not.toBeNull();
    const picked = await jsonOf(await setStatus(order.id, { status: 'picked_up' }));
    expect(picked.status).toBe('picked_up');
    expect(await levelOf(runtime.db, sku, shop.surabaya)).toEqual({ onHand: 1, reserved: 0 });
  });

  it('restocks a resellable return', async () => {
    const sku = await newSku({ [shop.warehouse]: 2 });
    const order = await jsonOf(await postOrder({ channel: 'website', external_id: 'S-4', lines: [{ sku, quantity: 2 }], fulfillment: { type: 'delivery' }, paid: true }));
    expect(order.status).toBe('paid');
    await setStatus(order.id, { status: 'shipped' });
    const returned = await setStatus(order.id, { status: 'returned', condition: 'resellable', location: shop.bandung });
    expect((await jsonOf(returned)).status).toBe('returned');
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 2, reserved: 0 });
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 0, reserved: 0 });
    expect((await setStatus(order.id, { status: 'returned', condition: 'resellable' })).status).toBe(200);
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('writes off a damaged return', async () => {
    const sku = await newSku({ [shop.warehouse]: 1 });
    const order = await jsonOf(await postOrder({ channel: 'website', external_id: 'S-5', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' }, paid: true }));
    await setStatus(order.id, { status: 'shipped' });
    await setStatus(order.id, { status: 'returned', condition: 'damaged' });
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 0, reserved: 0 });
    const reasons = await queryRows<{ reason: string }>(runtime.db, sql`
      select reason from stock_ledger where source = ${`order:${order.id}`} order by id`);
    expect(reasons.map((row) => row.reason)).toEqual(['reserved', 'sold', 'returned: damaged', 'written off: damaged return']);
  });
});

describe('POS sale', () => {
  it('commits at once for every channel', async () => {
    const sku = await newSku({ [shop.bandung]: 3 });
    const before = await getChannelOffers(runtime.db, { variantIds: [ids[sku]!], channelCode: 'whatsapp' });
    expect(before[0]!.available).toBe(3);
    const response = await postOrder({ channel: 'pos-bdg', external_id: 'POS-1', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'pos', location: shop.bandung } });
    expect(response.status).toBe(201);
    expect((await jsonOf(response)).status).toBe('picked_up');
    for (const channelCode of ['whatsapp', 'website', 'pos-bdg']) {
      const [offer] = await getChannelOffers(runtime.db, { variantIds: [ids[sku]!], channelCode });
      expect(offer!.available).toBe(2);
    }
    const api = await jsonOf(await runtime.request(`/api/catalog/variants?q=${sku}&channel=website`));
    expect(api.items[0].available).toBe(2);
  });

  it('leaves a shortage, never a negative', async () => {
    const sku = await newSku({ [shop.bandung]: 1 });
    const online = await jsonOf(await postOrder({ channel: 'website', external_id: 'SH-1', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'bopis', location: shop.bandung } }));
    const sale = await postOrder({ channel: 'pos-bdg', external_id: 'POS-2', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'pos', location: shop.bandung } });
    expect(sale.status).toBe(201);
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 0, reserved: 1 });
    const flagged = await jsonOf(await runtime.request(`/api/orders/${online.id}`));
    expect(flagged.lines[0].allocations[0].shortage).toBe(1);
    const levels = await jsonOf(await runtime.request(`/api/inventory/levels?sku=${sku}`));
    expect(levels.items.find((item: { location: string }) => item.location === shop.bandung).shortage).toBe(1);

    const paid = await setStatus(online.id, { status: 'paid' });
    expect(paid.status).toBe(409);
    const cancelled = await jsonOf(await setStatus(online.id, { status: 'cancelled', reason: 'out_of_stock' }));
    expect(cancelled.cancel_reason).toBe('out_of_stock');
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 0, reserved: 0 });
  });

  it('reroutes a broken delivery reservation', async () => {
    const sku = await newSku({ [shop.bandung]: 1, [shop.surabaya]: 1 });
    const online = await jsonOf(await postOrder({ channel: 'website', external_id: 'SH-2', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery', city: 'Bandung' } }));
    expect(online.lines[0].allocations[0].location).toBe(shop.bandung);
    await postOrder({ channel: 'pos-bdg', external_id: 'POS-3', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'pos', location: shop.bandung } });
    const moved = await jsonOf(await runtime.request(`/api/orders/${online.id}`));
    const live = moved.lines[0].allocations.filter((allocation: { status: string }) => allocation.status === 'reserved');
    expect(live).toHaveLength(1);
    expect(live[0].location).toBe(shop.surabaya);
    expect(live[0].reason).toMatch(/^rerouted after a shortage/);
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 0, reserved: 0 });
    expect(await levelOf(runtime.db, sku, shop.surabaya)).toEqual({ onHand: 1, reserved: 1 });
    const lineLocation = await queryRows<{ code: string }>(runtime.db, sql`
      select l.code from order_lines ol join locations l on l.id = ol.location_id where ol.order_id = ${online.id}`);
    expect(lineLocation).toEqual([{ code: shop.surabaya }]);
  });

  it('rejects a sale beyond on hand', async () => {
    const sku = await newSku({ [shop.bandung]: 1 });
    const response = await postOrder({ channel: 'pos-bdg', external_id: 'POS-4', lines: [{ sku, quantity: 2 }], fulfillment: { type: 'pos', location: shop.bandung } });
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).items).toEqual([{ sku, requested: 2, available: 1 }]);
  });
});

describe('ledger', () => {
  it('matches every level', async () => {
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('emits outbox rows', async () => {
    const topics = await queryRows<{ topic: string; n: number }>(runtime.db, sql`
      select topic, count(*)::int as n from inventory_outbox group by topic order by topic`);
    expect(topics.map((row) => row.topic)).toEqual(['inventory.order_changed', 'inventory.stock_changed']);
  });

  it('pays once when completed twice at once', async () => {
    const sku = await newSku({ [shop.warehouse]: 2 });
    const created = await createOrder(runtime.db, { channelCode: 'website', externalId: 'D-1', lines: [{ sku, quantity: 2 }], fulfillment: { type: 'delivery' }, actor: 'test' });
    if (created.kind !== 'created') throw new Error(created.kind);
    const results = await Promise.all([1, 2].map(() => changeOrderStatus(runtime.db, { orderId: created.order.id, change: { status: 'paid' }, actor: 'test' })));
    expect(results.map((result) => result.kind).sort()).toEqual(['changed', 'unchanged']);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 0, reserved: 0 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });
});

describe('write-off below reserved', () => {
  it('reroutes the broken reservation', async () => {
    const sku = await newSku({ [shop.warehouse]: 2, [shop.surabaya]: 2 });
    const order = await jsonOf(await postOrder({ channel: 'website', external_id: 'WO-1', lines: [{ sku, quantity: 2 }], fulfillment: { type: 'delivery', city: 'Jakarta' } }));
    expect(order.lines[0].allocations[0].location).toBe(shop.warehouse);
    const adjusted = await runtime.request('/api/inventory/adjustments', { method: 'POST', json: { sku, location: shop.warehouse, delta: -2, reason: 'banjir' } });
    expect(adjusted.status).toBe(201);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 0, reserved: 0 });
    expect(await levelOf(runtime.db, sku, shop.surabaya)).toEqual({ onHand: 2, reserved: 2 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });
});
