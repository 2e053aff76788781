import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertConversation, insertOrder } from './fixtures.js';
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

  it('names only the malformed date', async () => {
    const response = await runtime.request('/api/kpis?from=2026-13-01&to=2026-03-07');
    expect(response.status).toBe(400);
    const fields = (await jsonOf(response)).invalid_fields as Array<{ name: string }>;
    expect(fields.map((field) => field.name)).toEqual(['from']);
  });

  it('rejects year zero', async () => {
    const response = await runtime.request('/api/kpis?from=0000-01-01&to=0001-01-01');
    expect(response.status).toBe(400);
    const fields = (await jsonOf(response)).invalid_fields as Array<{ name: string }>;
    expect(fields.map((field) => field.name)).toEqual(['from', 'to']);
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

describe('consolidated sales', () => {
  it('totals sold orders', () => {
    // a1 100.000 + a2 120.000 + b1 200.000 + b3 150.000 + c1 300.000; units 1 + 1 + 3 + 1 + 3.
    expect(report.sales.revenue).toBe(870_000);
    expect(report.sales.orders).toBe(5);
    expect(report.sales.units).toBe(9);
    expect(report.sales.average_order_value).toBe(174_000);
    expect(report.sales.previous).toEqual({ revenue: 100_000, orders: 1, units: 1, average_order_value: 100_000 });
    expect(report.sales.change.revenue).toBe(770_000);
  });

  it('splits by channel and location', () => {
    expect(report.sales.by_channel).toEqual([
      { channel: 'pos-bandung', revenue: 300_000, orders: 1, units: 3, average_order_value: 300_000 },
      { channel: 'shopee', revenue: 220_000, orders: 2, units: 2, average_order_value: 110_000 },
      { channel: 'website', revenue: 350_000, orders: 2, units: 4, average_order_value: 175_000 },
    ]);
    expect(report.sales.by_location).toEqual([
      { location: 'store-bandung', revenue: 770_000, orders: 4, units: 8, average_order_value: 192_500 },
      { location: 'wh-jakarta', revenue: 100_000, orders: 1, units: 1, average_order_value: 100_000 },
    ]);
  });

  it('assigns days in WIB', () => {
    // c1 at 23:30 WIB on 03-07 is 16:30 UTC: it belongs to 03-07, and c2 (00:10 WIB on 03-08) to no day here.
    expect(report.sales.by_day.map((row: { day: string; revenue: number }) => [row.day, row.revenue])).toEqual([
      ['2026-03-02', 100_000], ['2026-03-03', 200_000], ['2026-03-04', 150_000], ['2026-03-05', 120_000], ['2026-03-07', 300_000],
    ]);
    expect(report.sales.by_day_and_channel).toContainEqual(
      { day: '2026-03-07', channel: 'pos-bandung', revenue: 300_000, orders: 1, units: 3, average_order_value: 300_000 },
    );
  });
});

describe('fulfillment time', () => {
  it('measures BOPIS steps', () => {
    // Ready after 30 (b1) and 90 (b3) minutes: median 60, p90 = 30 + 0.9 × 60 = 84.
    const ready = report.fulfillment_time.bopis_ready;
    expect(ready.count).toBe(2);
    expect(ready.median_minutes).toBeCloseTo(60, 6);
    expect(ready.p90_minutes).toBeCloseTo(84, 6);
    expect(ready.histogram).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
    expect(ready.by_location).toEqual([{ location: 'store-bandung', count: 2, median_minutes: 60, p90_minutes: 84 }]);
    expect(report.fulfillment_time.bopis_picked_up).toMatchObject({ count: 1, median_minutes: 120, p90_minutes: 120 });
  });

  it('separates store and warehouse shipping', () => {
    expect(report.fulfillment_time.ship_from_store_shipped).toMatchObject({ count: 1, median_minutes: 120, p90_minutes: 120 });
    const warehouse = report.fulfillment_time.warehouse_shipped;
    expect(warehouse).toMatchObject({ count: 1, median_minutes: 360, p90_minutes: 360 });
    expect(warehouse.previous).toEqual({ count: 1, median_minutes: 360, p90_minutes: 360 });
    expect(report.fulfillment_time.histogram_buckets).toHaveLength(8);
  });
});

describe('consistency', () => {
  it('compares listed and book prices', () => {
    expect(report.price_consistency).toMatchObject({ consistent_snapshots: 2, snapshots: 3 });
    expect(report.price_consistency.value).toBeCloseTo(2 / 3, 10);
    expect(report.price_consistency.by_channel).toEqual([
      { channel: 'shopee', value: 0.5, consistent_snapshots: 1, snapshots: 2 },
      { channel: 'website', value: 1, consistent_snapshots: 1, snapshots: 1 },
    ]);
  });

  it('compares published and hub stock', () => {
    // The website snapshot without a stock figure is left out.
    expect(report.stock_consistency).toMatchObject({ value: 0.5, consistent_snapshots: 1, snapshots: 2 });
    expect(report.stock_consistency.previous).toEqual({ value: null, consistent_snapshots: 0, snapshots: 0 });
  });
});

describe('inbox figures', () => {
  it('measures first response', () => {
    // 0.5 minutes (bot on A) and 1 minute (bot on D).
    expect(report.first_response_time.count).toBe(2);
    expect(report.first_response_time.median_minutes).toBeCloseTo(0.75, 6);
    expect(report.first_response_time.p90_minutes).toBeCloseTo(0.95, 6);
  });

  it('measures resolution', () => {
    // 5 minutes (A) and 31 minutes (D): p90 = 5 + 0.9 × 26.
    expect(report.resolution_time.count).toBe(2);
    expect(report.resolution_time.median_minutes).toBeCloseTo(18, 6);
    expect(report.resolution_time.p90_minutes).toBeCloseTo(28.4, 6);
  });

  it('counts bot containment', () => {
    // C's instagram conversation starts on 03-08 WIB, so only A (bot alone) and D (handed off) count.
    expect(report.bot_containment_rate).toMatchObject({ value: 0.5, contained_conversations: 1, conversations: 2 });
    expect(report.inbox_by_channel.map((row: { channel: string }) => row.channel)).toEqual(['whatsapp']);
  });
});

describe('kpi tables', () => {
  async function csvRows(name: string): Promise<string[][]> {
    const response = await runtime.request(`/api/kpis/tables/${name}.csv?from=2026-03-01&to=2026-03-07`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    return text.trimEnd().split('\r\n').map((line) => line.split(','));
  }

  it('exports oversell CSV matching the API', async () => {
    const rows = await csvRows('oversell_by_channel');
    expect(rows[0]).toEqual(['channel', 'oversold_orders', 'orders', 'oversell_rate']);
    const expected = report.oversell_rate.by_channel.map((row: { channel: string; oversold_orders: number; orders: number; value: number }) =>
      [row.channel, String(row.oversold_orders), String(row.orders), String(row.value)]);
    expect(rows.slice(1)).toEqual(expected);
  });

  it('exports sales CSV matching the API', async () => {
    const rows = await csvRows('sales_by_day_and_channel');
    expect(rows[0]).toEqual(['day', 'channel', 'revenue', 'orders', 'units']);
    // 7 days × 3 channels that sold, zeros included.
    expect(rows).toHaveLength(1 + 7 * 3);
    const revenue = rows.slice(1).reduce((sum, row) => sum + Number(row[2]), 0);
    expect(revenue).toBe(report.sales.revenue);
    expect(rows).toContainEqual(['2026-03-07', 'pos-bandung', '300000', '1', '3']);
    expect(rows).toContainEqual(['2026-03-06', 'website', '0', '0', '0']);
  });

  it('exports segment CSV matching the API', async () => {
    const rows = await csvRows('customer_value_by_segment');
    expect(rows[1]?.slice(0, 4)).toEqual(['cross_channel', '2', '220000', '110000']);
    expect(Number(rows[2]?.[3])).toBeCloseTo(report.average_revenue_per_customer.single_channel.value, 6);
  });

  it('rejects an unknown table', async () => {
    const response = await runtime.request('/api/kpis/tables/secrets.csv?from=2026-03-01&to=2026-03-07');
    expect(response.status).toBe(404);
  });
});

describe('kpi rollups', () => {
  it('follow new and changed orders', async () => {
    // A new oversold order at 23:45 WIB on 03-05 (16:45 UTC) and a2 cancelled as out of stock afterwards.
    await insertOrder(runtime.db, {
      id: 'ord_late', channel: 'website', profileId: 'prf_h', status: 'cancelled', cancelReason: 'out_of_stock',
      placedAt: '2026-03-05T23:45:00+07:00', lines: [{ sku: 'KMJ-NAVY-L', quantity: 1, unitPrice: 100_000 }],
    });
    await runtime.db.execute(sql`update orders set status = 'cancelled', cancel_reason = 'out_of_stock' where id = 'ord_a2'`);

    const after = await jsonOf(await runtime.request('/api/kpis?from=2026-03-01&to=2026-03-07'));
    expect(after.oversell_rate).toMatchObject({ oversold_orders: 3, orders: 9 });
    // a2's 120.000 is no longer sold.
    expect(after.sales.revenue).toBe(750_000);
    expect(after.average_revenue_per_customer.cross_channel).toEqual({ value: 50_000, revenue: 100_000, customers: 2 });
    expect(after.cross_channel_customer_rate.customers).toBe(6);
  });

  it('follow handed-off conversations', async () => {
    await runtime.db.execute(sql`update conversations set owner = 'agent', handoff_reason = 'customer_request' where id = 'cnv_a'`);
    const after = await jsonOf(await runtime.request('/api/kpis?from=2026-03-01&to=2026-03-07'));
    expect(after.bot_containment_rate).toMatchObject({ value: 0, contained_conversations: 0, conversations: 2 });
  });
});

describe('merged profiles', () => {
  it('count as one customer', async () => {
    // prf_y was merged into prf_x: x's shopee order and y's WhatsApp message make one cross-channel customer.
    await runtime.db.execute(sql`insert into profiles (id, canonical_id) values ('prf_x', 'prf_x')`);
    await runtime.db.execute(sql`insert into profiles (id, merged_into, canonical_id) values ('prf_y', 'prf_x', 'prf_x')`);
    await insertOrder(runtime.db, {
      id: 'ord_x1', channel: 'shopee', profileId: 'prf_x', status: 'paid',
      placedAt: '2026-04-01T10:00:00+07:00', lines: [{ sku: 'KMJ-NAVY-L', quantity: 1, unitPrice: 100_000 }],
    });
    await insertConversation(runtime.db, {
      id: 'cnv_y', profileId: 'prf_y', channel: 'whatsapp', messages: [{ author: 'customer', sentAt: '2026-04-01T11:00:00+07:00' }],
    });

    const body = await jsonOf(await runtime.request('/api/kpis?from=2026-04-01&to=2026-04-01'));
    expect(body.cross_channel_customer_rate).toMatchObject({ value: 1, cross_channel_customers: 1, customers: 1 });
    expect(body.average_revenue_per_customer.cross_channel).toEqual({ value: 100_000, revenue: 100_000, customers: 1 });
  });
});
