import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertKpiWeek } from './kpi-dataset.js';

// Expected values are computed by hand from the dataset listed in kpi-dataset.ts.
let runtime: TestRuntime;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked by the assertions below
let report: any;

beforeAll(async () => {
  runtime = await createTestRuntime();
  await insertKpiWeek(runtime.db);
  const response = await runtime.request('/api/kpis?from=2026-03-01&to=2026-03-07');
  expect(response.status).toBe(200);
  report = await jsonOf(response);
});
afterAll(async () => { await runtime?.close(); });

describe('kpis periods', () => {
  it('names the period and the previous one', () => {
    expect(report.period).toEqual({ from: '2026-03-01', to: '2026-03-07', timezone: 'Asia/Jakarta', days: 7 });
    expect(report.previous_period).toEqual({ from: '2026-02-22', to: '2026-02-28', timezone: 'Asia/Jakarta', days: 7 });
  });
});

describe('oversell rate', () => {
  it('counts out-of-stock cancellations only', () => {
    // 8 orders placed (a1 a2 b1 b2 b3 c1 e1 e2); only b2 was cancelled as out of stock, e1 for another reason.
    expect(report.oversell_rate.oversold_orders).toBe(1);
    expect(report.oversell_rate.orders).toBe(8);
    expect(report.oversell_rate.value).toBeCloseTo(1 / 8, 10);
    expect(report.oversell_rate.definition).toMatch(/out_of_stock/);
  });

  it('compares with the previous period', () => {
    // f1 (oversold, 02-28 23:30 WIB) and g1: 1 of 2.
    expect(report.oversell_rate.previous).toEqual({ value: 0.5, oversold_orders: 1, orders: 2 });
    expect(report.oversell_rate.change).toBeCloseTo(1 / 8 - 0.5, 10);
  });

  it('splits by channel and location', () => {
    expect(report.oversell_rate.by_channel).toEqual([
      { channel: 'pos-bandung', value: 0, oversold_orders: 0, orders: 1 },
      { channel: 'shopee', value: 0, oversold_orders: 0, orders: 3 },
      { channel: 'website', value: 0.25, oversold_orders: 1, orders: 4 },
    ]);
    // Orders without any location (b2, e1, e2) have no location row.
    expect(report.oversell_rate.by_location).toEqual([
      { location: 'store-bandung', value: 0, oversold_orders: 0, orders: 4 },
      { location: 'wh-jakarta', value: 0, oversold_orders: 0, orders: 1 },
    ]);
  });

  it('lists the cancelled orders behind it', () => {
    expect(report.oversell_rate.cancelled_orders).toEqual([{
      id: 'ord_b2', channel: 'website', external_id: 'ord_b2', placed_at: '2026-03-03T04:00:00.000Z',
      cancelled_at: '2026-03-03T04:05:00.000Z', total_amount: 50_000,
    }]);
  });
});

describe('cross-channel customers', () => {
  it('counts customers on two or more channels', () => {
    // A: shopee + whatsapp, E: shopee + website; B website, C pos-bandung, D whatsapp.
    // C's shopee order and instagram message fall on 03-08 WIB, outside the period.
    expect(report.cross_channel_customer_rate.cross_channel_customers).toBe(2);
    expect(report.cross_channel_customer_rate.customers).toBe(5);
    expect(report.cross_channel_customer_rate.value).toBeCloseTo(0.4, 10);
    expect(report.cross_channel_customer_rate.previous).toEqual({ value: 0, cross_channel_customers: 0, customers: 2 });
  });

  it('splits by channel', () => {
    expect(report.cross_channel_customer_rate.by_channel).toEqual([
      { channel: 'pos-bandung', value: 0, cross_channel_customers: 0, customers: 1 },
      { channel: 'shopee', value: 1, cross_channel_customers: 2, customers: 2 },
      { channel: 'website', value: 0.5, cross_channel_customers: 1, customers: 2 },
      { channel: 'whatsapp', value: 0.5, cross_channel_customers: 1, customers: 2 },
    ]);
  });

  it('averages revenue per segment', () => {
    // Cross: A 100.000 + 120.000, E 0 (cancelled and pending) → 220.000 / 2.
    // Single: B 200.000 + 150.000, C 300.000, D 0 → 650.000 / 3.
    const revenue = report.average_revenue_per_customer;
    expect(revenue.cross_channel).toEqual({ value: 110_000, revenue: 220_000, customers: 2 });
    expect(revenue.single_channel.revenue).toBe(650_000);
    expect(revenue.single_channel.customers).toBe(3);
    expect(revenue.single_channel.value).toBeCloseTo(650_000 / 3, 6);
    // Previous: F (cancelled, 0) and G 100.000, both single-channel.
    expect(revenue.previous.single_channel).toEqual({ value: 50_000, revenue: 100_000, customers: 2 });
    expect(revenue.previous.cross_channel).toEqual({ value: null, revenue: 0, customers: 0 });
    expect(revenue.change.cross_channel).toBeNull();
  });
});

describe('kpis request', () => {
  it('rejects a malformed date', async () => {
    const response = await runtime.request('/api/kpis?from=2026-3-1&to=2026-03-07');
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.invalid_fields[0].name).toBe('from');
  });

  it('rejects to before from', async () => {
    const response = await runtime.request('/api/kpis?from=2026-03-07&to=2026-03-01');
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('to');
  });

  it('requires a token', async () => {
    const response = await runtime.request('/api/kpis?from=2026-03-01&to=2026-03-07', { token: null });
    expect(response.status).toBe(401);
  });

  it('forbids an agent', async () => {
    const response = await runtime.request('/api/kpis?from=2026-03-01&to=2026-03-07', { token: await runtime.tokenFor('agent') });
    expect(response.status).toBe(403);
  });
});
