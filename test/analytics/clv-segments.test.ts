import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, readCustomerSummaries } from '../../src/analytics/index.js';
import { buildCalibrationSummary, summarizeSegment, type Transaction } from '../../src/analytics/clv/index.js';
import { createSeededRandom } from '../../src/analytics/simulation/demand.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertConversation, insertOrder, insertVariant } from './fixtures.js';

const period = { from: '2026-03-01', to: '2026-03-31', timezone: 'Asia/Jakarta' };
let runtime: TestRuntime;
const transactions: Transaction[] = [];

// 200 generated customers: each picks a weekly purchase rate, a dropout probability after each
// purchase and a usual spend, starts on a random day from 2025-10-01 and buys after exponential gaps
// until dropping out, as BG/NBD assumes. Even customers also send a WhatsApp message, which makes them
// cross-channel. Seed 11 gives histories on which both fits converge.
async function insertGeneratedCustomers(): Promise<void> {
  const random = createSeededRandom(11);
  const weeklyRates = [0.03, 0.07, 0.15, 0.3, 0.6];
  const dropouts = [0.05, 0.15, 0.3, 0.5, 0.8];
  for (let customer = 0; customer < 200; customer += 1) {
    const weeklyRate = weeklyRates[Math.floor(random() * weeklyRates.length)]!;
    const dropout = dropouts[Math.floor(random() * dropouts.length)]!;
    const usualSpend = 50_000 + Math.floor(random() * 20) * 10_000;
    const firstDay = addDays('2025-10-01', Math.floor(random() * 90));
    let day = firstDay;
    let purchase = 0;
    while (day <= period.to) {
      const amount = usualSpend + Math.floor(random() * 5) * 10_000;
      transactions.push({ customerId: `prf_${customer}`, date: day, amount });
      await insertOrder(runtime.db, {
        id: `ord_${customer}_${purchase}`, channel: 'shopee', profileId: `prf_${customer}`, status: 'paid',
        placedAt: `${day}T20:00:00+07:00`, lines: [{ sku: 'KMJ', quantity: 1, unitPrice: amount }],
      });
      purchase += 1;
      if (random() < dropout) break;
      day = addDays(day, 1 + Math.floor((-Math.log(1 - random()) / weeklyRate) * 7));
    }
    if (customer % 2 === 0) {
      await insertConversation(runtime.db, {
        id: `cnv_${customer}`, profileId: `prf_${customer}`, channel: 'whatsapp',
        messages: [{ author: 'customer', sentAt: `${firstDay}T09:00:00+07:00` }],
      });
    }
  }
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  await insertChannel(runtime.db, 'shopee', 'marketplace');
  await insertChannel(runtime.db, 'whatsapp', 'messaging');
  await insertVariant(runtime.db, 'KMJ', 100_000);
  await insertGeneratedCustomers();
  // One customer written out by hand: two orders on 03-01 (the second at 23:30 WIB), then 03-15 and 03-29.
  const hand = [['2026-03-01T10:00:00+07:00', 100_000], ['2026-03-01T23:30:00+07:00', 50_000], ['2026-03-15T12:00:00+07:00', 200_000], ['2026-03-29T12:00:00+07:00', 300_000]] as const;
  for (const [index, [placedAt, amount]] of hand.entries()) {
    await insertOrder(runtime.db, {
      id: `ord_hand_${index}`, channel: 'shopee', profileId: 'prf_hand', status: 'paid', placedAt,
      lines: [{ sku: 'KMJ', quantity: 1, unitPrice: amount }],
    });
  }
  // Cancelled orders are no purchases.
  await insertOrder(runtime.db, {
    id: 'ord_hand_cancelled', channel: 'shopee', profileId: 'prf_hand', status: 'cancelled', cancelReason: 'out_of_stock',
    placedAt: '2026-03-20T12:00:00+07:00', lines: [{ sku: 'KMJ', quantity: 1, unitPrice: 999_000 }],
  });
});
afterAll(async () => { await runtime?.close(); });

describe('customer summaries', () => {
  it('summarise one customer by hand', async () => {
    const summaries = await readCustomerSummaries(runtime.db, period);
    const hand = summaries.find((summary) => summary.customerId === 'prf_hand');
    // Purchase days 03-01, 03-15, 03-29: x = 2, t_x = 28 / 7, T = 30 / 7, zbar = (200.000 + 300.000) / 2.
    expect(hand?.x).toBe(2);
    expect(hand?.tx).toBeCloseTo(4, 10);
    expect(hand?.T).toBeCloseTo(30 / 7, 10);
    expect(hand?.zbar).toBe(250_000);
    expect(hand?.crossChannel).toBe(false);
  });

  it('match the calibration summary builder', async () => {
    const summaries = await readCustomerSummaries(runtime.db, period);
    const expected = buildCalibrationSummary(transactions, period.to);
    for (const customer of expected) {
      const actual = summaries.find((summary) => summary.customerId === customer.customerId);
      expect(actual, customer.customerId).toBeDefined();
      expect(actual!.x).toBe(customer.x);
      expect(actual!.tx).toBeCloseTo(customer.tx, 10);
      expect(actual!.T).toBeCloseTo(customer.T, 10);
      expect(actual!.zbar).toBeCloseTo(customer.zbar, 6);
      expect(actual!.crossChannel).toBe(Number(customer.customerId.slice(4)) % 2 === 0);
    }
  });
});

describe('predicted clv', () => {
  it('fits and splits by segment', async () => {
    const response = await runtime.request(`/api/kpis/clv?from=${period.from}&to=${period.to}`);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.reason).toBeUndefined();
    expect(body.status).toBe('fitted');
    expect(body.horizon_weeks).toBe(52);
    expect(body.cross_channel.customers).toBe(100);
    // 100 odd generated customers and the hand-written one.
    expect(body.single_channel.customers).toBe(101);

    // Recompute the single-channel mean from the returned parameters (spend scaled to thousands as fitted).
    const summaries = await readCustomerSummaries(runtime.db, period);
    const single = summaries.filter((summary) => !summary.crossChannel).map((summary) => ({ ...summary, zbar: summary.zbar / 1000 }));
    const models = { purchases: body.bg_nbd, spend: { ...body.gamma_gamma, v: body.gamma_gamma.v / 1000 } };
    const expected = summarizeSegment(models, single, { weeks: 52 });
    expect(body.single_channel.mean_expected_value).toBeCloseTo(expected.meanExpectedValue! * 1000, 3);
    expect(body.single_channel.mean_expected_purchases).toBeCloseTo(expected.meanExpectedPurchases!, 10);
    expect(body.cross_channel.mean_expected_value).toBeGreaterThan(0);
  });

  it('reports too little data', async () => {
    const response = await runtime.request('/api/kpis/clv?from=2025-01-01&to=2025-01-31');
    const body = await jsonOf(response);
    expect(body.status).toBe('insufficient_data');
    expect(body.customers).toBe(0);
  });
});
