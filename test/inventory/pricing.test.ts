import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/db/index.js';
import { computeChannelPrice, getChannelPrice } from '../../src/inventory/index.js';
import { channelPrices, promotions } from '../../src/inventory/schema.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertVariant, seedShop } from './fixtures.js';

describe('computeChannelPrice', () => {
  const markup = { type: 'markup_percent' as const, percent: 5, round_to: 1000, rounding: 'nearest' as const };

  it('rounds a markup to the step', () => {
    expect(computeChannelPrice({ basePrice: 149_000, override: null, rule: markup, promotions: [] })).toBe(156_000);
    expect(computeChannelPrice({ basePrice: 150_000, override: null, rule: markup, promotions: [] })).toBe(158_000);
    expect(computeChannelPrice({ basePrice: 149_000, override: null, rule: { ...markup, rounding: 'up' }, promotions: [] })).toBe(157_000);
    expect(computeChannelPrice({ basePrice: 149_000, override: null, rule: { ...markup, rounding: 'down' }, promotions: [] })).toBe(156_000);
  });

  it('prefers the fixed channel price', () => {
    expect(computeChannelPrice({ basePrice: 149_000, override: 139_000, rule: markup, promotions: [] })).toBe(139_000);
  });

  it('applies the lowest promotion', () => {
    const promos = [{ kind: 'percent_off' as const, value: 10 }, { kind: 'amount_off' as const, value: 20_000 }];
    expect(computeChannelPrice({ basePrice: 150_000, override: null, rule: null, promotions: promos })).toBe(130_000);
    expect(computeChannelPrice({ basePrice: 300_000, override: null, rule: null, promotions: promos })).toBe(270_000);
  });

  it('never goes below zero', () => {
    expect(computeChannelPrice({ basePrice: 10_000, override: null, rule: null, promotions: [{ kind: 'amount_off', value: 50_000 }] })).toBe(0);
  });
});

describe('promotion window', () => {
  let runtime: TestRuntime;
  let variantId: string;
  let channelIds: Record<string, string>;
  const start = new Date('2026-12-12T00:00:00Z');
  const end = new Date('2026-12-13T00:00:00Z');

  beforeAll(async () => {
    runtime = await createTestRuntime();
    ({ channelIds } = await seedShop(runtime.db));
    variantId = await insertVariant(runtime.db, { sku: 'PRM-1', product: 'Kemeja Harbolnas', basePrice: 200_000 });
    await runtime.db.insert(promotions).values({
      id: newId('prm'), name: 'Harbolnas 12.12', channelId: channelIds.shopee!, variantId, kind: 'percent_off', value: 25, startsAt: start, endsAt: end,
    });
  });
  afterAll(async () => { await runtime?.close(); });

  it('starts inclusive and ends exclusive', async () => {
    const price = (at: Date) => getChannelPrice(runtime.db, { variantId, channelCode: 'shopee', at });
    expect(await price(new Date(start.getTime() - 1))).toBe(210_000);
    expect(await price(start)).toBe(157_500);
    expect(await price(new Date(end.getTime() - 1))).toBe(157_500);
    expect(await price(end)).toBe(210_000);
  });

  it('stays on its channel', async () => {
    expect(await getChannelPrice(runtime.db, { variantId, channelCode: 'website', at: start })).toBe(200_000);
  });

  it('applies to a fixed channel price', async () => {
    await runtime.db.insert(channelPrices).values({ channelId: channelIds.shopee!, variantId, price: 180_000 });
    expect(await getChannelPrice(runtime.db, { variantId, channelCode: 'shopee', at: new Date(start.getTime() - 1) })).toBe(180_000);
    expect(await getChannelPrice(runtime.db, { variantId, channelCode: 'shopee', at: start })).toBe(135_000);
  });
});

describe('price book API', () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    runtime = await createTestRuntime();
    await seedShop(runtime.db);
    await insertVariant(runtime.db, { sku: 'PB-1', product: 'Kemeja Oxford', basePrice: 120_000 });
  });
  afterAll(async () => { await runtime?.close(); });

  const priceOn = async (channel: string) =>
    (await jsonOf(await runtime.request(`/api/catalog/variants?q=PB-1&channel=${channel}`))).items[0].price;

  it('sets a channel rule', async () => {
    const response = await runtime.request('/api/inventory/price-book/channels/website/rule', {
      method: 'PUT', json: { rule: { type: 'markup_amount', amount: 5_000 } },
    });
    expect(response.status).toBe(200);
    expect(await priceOn('website')).toBe(125_000);
  });

  it('sets and clears a fixed price', async () => {
    await runtime.request('/api/inventory/price-book/channels/shopee/prices', { method: 'PUT', json: { sku: 'PB-1', price: 119_000 } });
    expect(await priceOn('shopee')).toBe(119_000);
    await runtime.request('/api/inventory/price-book/channels/shopee/prices', { method: 'PUT', json: { sku: 'PB-1', price: null } });
    expect(await priceOn('shopee')).toBe(126_000);
  });

  it('creates a running promotion', async () => {
    const now = Date.now();
    const response = await runtime.request('/api/inventory/price-book/promotions', {
      method: 'POST',
      json: {
        name: 'Gajian', channel: 'whatsapp', sku: 'PB-1', kind: 'amount_off', value: 20_000,
        starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + 3_600_000).toISOString(),
      },
    });
    expect(response.status).toBe(201);
    expect((await jsonOf(response)).id).toMatch(/^prm_/);
    expect(await priceOn('whatsapp')).toBe(100_000);
  });

  it('rejects an empty window', async () => {
    const response = await runtime.request('/api/inventory/price-book/promotions', {
      method: 'POST', json: { name: 'x', kind: 'percent_off', value: 150, starts_at: '2026-12-12T00:00:00Z', ends_at: '2026-12-11T00:00:00Z' },
    });
    expect(response.status).toBe(400);
    const names = (await jsonOf(response)).invalid_fields.map((field: { name: string }) => field.name).sort();
    expect(names).toEqual(['ends_at', 'value']);
  });

  it('requires the owner', async () => {
    const agent = await runtime.tokenFor('agent');
    const response = await runtime.request('/api/inventory/price-book/channels/website/rule', { method: 'PUT', token: agent, json: { rule: null } });
    expect(response.status).toBe(403);
  });
});
