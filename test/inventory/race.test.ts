import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOrderStatus, computeChannelAvailability, createOrder, expireOrderReservation, findChannel, moveAllocation } from '../../src/inventory/index.js';
import type { CreateOrderResult } from '../../src/inventory/index.js';
import { locations, stockAllocations } from '../../src/inventory/schema.js';
import { createTestRuntime, testTarget, type TestRuntime } from '../helpers/runtime.js';
import { defineBundle, findInvariantViolations, insertChannel, insertVariant, levelOf, receiveStock, seedShop, shop } from './fixtures.js';
import { eq } from 'drizzle-orm';

let runtime: TestRuntime;
let counter = 0;
const channelCodes = ['website', 'shopee', 'whatsapp', 'tiktok', 'tokopedia'];

async function newSku(warehouseStock: number): Promise<{ sku: string; id: string }> {
  counter += 1;
  const sku = `RACE-${counter}`;
  const id = await insertVariant(runtime.db, { sku, product: `Kaos Balapan ${counter}`, basePrice: 50_000 });
  if (warehouseStock > 0) await receiveStock(runtime.db, sku, shop.warehouse, warehouseStock);
  return { sku, id };
}

function order(channelCode: string, externalId: string, lines: Array<{ sku: string; quantity: number }>) {
  return createOrder(runtime.db, { channelCode, externalId, lines, fulfillment: { type: 'delivery' }, actor: 'race-test' });
}

function kinds(results: CreateOrderResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.kind] = (counts[result.kind] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
  await insertChannel(runtime.db, { code: 'tiktok', kind: 'marketplace', locations: [shop.warehouse, shop.bandung] });
  await insertChannel(runtime.db, { code: 'tokopedia', kind: 'marketplace', locations: [shop.warehouse] });
  await insertChannel(runtime.db, { code: 'flash', kind: 'website', locations: [shop.warehouse], reservationTtlMinutes: 0 });
});
afterAll(async () => { await runtime?.close(); });

describe(`reservation races (${testTarget})`, () => {
  it('gives the last unit once', async () => {
    const { sku } = await newSku(1);
    const results = await Promise.all([order('website', 'L-1', [{ sku, quantity: 1 }]), order('shopee', 'L-2', [{ sku, quantity: 1 }])]);
    expect(kinds(results)).toEqual({ created: 1, insufficient_stock: 1 });
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 1, reserved: 1 });
  });

  it('sells exactly K of N', async () => {
    const K = 5;
    const N = 24;
    const { sku } = await newSku(K);
    const results = await Promise.all(Array.from({ length: N }, (_, index) =>
      order(channelCodes[index % channelCodes.length]!, `K-${index}`, [{ sku, quantity: 1 }])));
    expect(kinds(results)).toEqual({ created: K, insufficient_stock: N - K });

    const paid = await Promise.all(results.flatMap((result) => result.kind === 'created'
      ? [changeOrderStatus(runtime.db, { orderId: result.order.id, change: { status: 'paid' }, actor: 'race-test' })]
      : []));
    expect(paid.every((result) => result.kind === 'changed')).toBe(true);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 0, reserved: 0 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('shares a component between bundles', async () => {
    const component = await newSku(6);
    const pair = await newSku(0);
    const trio = await newSku(0);
    await defineBundle(runtime.db, pair.id, [{ variantId: component.id, quantity: 2 }]);
    await defineBundle(runtime.db, trio.id, [{ variantId: component.id, quantity: 3 }]);
    const website = (await findChannel(runtime.db, 'website'))!;
    expect((await computeChannelAvailability(runtime.db, website, [pair.id, trio.id])).get(pair.id)).toBe(3);

    const plan = [pair.sku, trio.sku, component.sku];
    const results = await Promise.all(Array.from({ length: 18 }, (_, index) =>
      order(channelCodes[index % channelCodes.length]!, `B-${index}`, [{ sku: plan[index % 3]!, quantity: 1 }])));
    const perUnit: Record<string, number> = { [pair.sku]: 2, [trio.sku]: 3, [component.sku]: 1 };
    const consumed = results.reduce((sum, result, index) => sum + (result.kind === 'created' ? perUnit[plan[index % 3]!]! : 0), 0);
    const level = await levelOf(runtime.db, component.sku, shop.warehouse);
    expect(level.onHand).toBe(6);
    expect(level.reserved).toBe(consumed);
    expect(level.reserved).toBeLessThanOrEqual(6);
    // Every refused order asked for more than what was left.
    const left = 6 - consumed;
    results.forEach((result, index) => {
      if (result.kind !== 'created') expect(perUnit[plan[index % 3]!]!).toBeGreaterThan(left);
    });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('checks a bundle and its component together', async () => {
    const component = await newSku(3);
    const pair = await newSku(0);
    await defineBundle(runtime.db, pair.id, [{ variantId: component.id, quantity: 2 }]);
    const tooMany = await order('website', 'BC-1', [{ sku: pair.sku, quantity: 1 }, { sku: component.sku, quantity: 2 }]);
    expect(tooMany.kind).toBe('insufficient_stock');
    expect(await levelOf(runtime.db, component.sku, shop.warehouse)).toEqual({ onHand: 3, reserved: 0 });
    const fits = await order('website', 'BC-2', [{ sku: pair.sku, quantity: 1 }, { sku: component.sku, quantity: 1 }]);
    expect(fits.kind).toBe('created');
    expect(await levelOf(runtime.db, component.sku, shop.warehouse)).toEqual({ onHand: 3, reserved: 3 });
  });

  it('creates one order from concurrent repeats', async () => {
    const { sku } = await newSku(10);
    const results = await Promise.all(Array.from({ length: 6 }, () => order('tokopedia', 'DUP-1', [{ sku, quantity: 2 }])));
    expect(kinds(results)).toEqual({ created: 1, existing: 5 });
    expect(new Set(results.map((result) => (result.kind === 'created' || result.kind === 'existing' ? result.order.id : ''))).size).toBe(1);
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 10, reserved: 2 });
  });

  it('settles expiry against payment', async () => {
    const { sku } = await newSku(1);
    const created = await createOrder(runtime.db, { channelCode: 'flash', externalId: 'EXP-1', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' }, actor: 'race-test' });
    if (created.kind !== 'created') throw new Error(created.kind);
    const [payment, expiry] = await Promise.all([
      changeOrderStatus(runtime.db, { orderId: created.order.id, change: { status: 'paid' }, actor: 'race-test' }),
      expireOrderReservation(runtime.db, { orderId: created.order.id, now: new Date(Date.now() + 1000) }),
    ]);
    const level = await levelOf(runtime.db, sku, shop.warehouse);
    if (payment.kind === 'changed') {
      expect(expiry).toBe('not_due');
      expect(level).toEqual({ onHand: 0, reserved: 0 });
    } else {
      expect(expiry).toBe('expired');
      expect(payment.kind).toBe('invalid_transition');
      expect(level).toEqual({ onHand: 1, reserved: 0 });
    }
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('moves only a whole reservation', async () => {
    const { sku } = await newSku(3);
    await receiveStock(runtime.db, sku, shop.bandung, 2);
    const created = await order('website', 'MV-1', [{ sku, quantity: 3 }]);
    if (created.kind !== 'created') throw new Error(created.kind);
    const [allocation] = await runtime.db.select().from(stockAllocations).where(eq(stockAllocations.orderId, created.order.id));
    const [store] = await runtime.db.select({ id: locations.id }).from(locations).where(eq(locations.code, shop.bandung));
    const refused = await moveAllocation(runtime.db, { allocationId: allocation!.id, destinationLocationId: store!.id, actor: 'test', reason: 'test move' });
    expect(refused.kind).toBe('destination_short');
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 3, reserved: 3 });
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 2, reserved: 0 });

    await receiveStock(runtime.db, sku, shop.bandung, 1);
    const moved = await moveAllocation(runtime.db, { allocationId: allocation!.id, destinationLocationId: store!.id, actor: 'test', reason: 'test move' });
    expect(moved.kind).toBe('moved');
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 3, reserved: 0 });
    expect(await levelOf(runtime.db, sku, shop.bandung)).toEqual({ onHand: 3, reserved: 3 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });

  it('locks lines in one order', async () => {
    const first = await newSku(40);
    const second = await newSku(40);
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => {
      const lines = [{ sku: first.sku, quantity: 1 }, { sku: second.sku, quantity: 1 }];
      return order('website', `X-${index}`, index % 2 === 0 ? lines : lines.reverse());
    }));
    expect(kinds(results)).toEqual({ created: 20 });
    const paid = await Promise.all(results.map((result) => result.kind === 'created'
      ? changeOrderStatus(runtime.db, { orderId: result.order.id, change: { status: 'paid' }, actor: 'race-test' })
      : Promise.reject(new Error(result.kind))));
    expect(paid.every((result) => result.kind === 'changed')).toBe(true);
    expect(await levelOf(runtime.db, first.sku, shop.warehouse)).toEqual({ onHand: 20, reserved: 0 });
    expect(await levelOf(runtime.db, second.sku, shop.warehouse)).toEqual({ onHand: 20, reserved: 0 });
  });

  it('ignores redelivered events', async () => {
    const { sku } = await newSku(4);
    const lines = [{ sku, quantity: 2 }];
    const first = await order('website', 'RE-1', lines);
    const again = await order('website', 'RE-1', lines);
    if (first.kind !== 'created' || again.kind !== 'existing') throw new Error(`${first.kind}/${again.kind}`);
    const orderId = first.order.id;
    for (const change of [{ status: 'paid' }, { status: 'shipped' }, { status: 'returned', condition: 'resellable' }] as const) {
      expect((await changeOrderStatus(runtime.db, { orderId, change, actor: 'test' })).kind).toBe('changed');
      expect((await changeOrderStatus(runtime.db, { orderId, change, actor: 'test' })).kind).toBe('unchanged');
    }
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 4, reserved: 0 });

    const cancelled = await order('website', 'RE-2', lines);
    if (cancelled.kind !== 'created') throw new Error(cancelled.kind);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await changeOrderStatus(runtime.db, { orderId: cancelled.order.id, change: { status: 'cancelled', reason: 'customer_request' }, actor: 'test' });
    }
    expect(await levelOf(runtime.db, sku, shop.warehouse)).toEqual({ onHand: 4, reserved: 0 });
    expect(await findInvariantViolations(runtime.db)).toEqual([]);
  });
});
