import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertConversation, insertOrder, insertVariant } from './fixtures.js';

// The customer rollup is keyed by member profile: merges made after it was built must still count one
// customer, and a channel first seen after the build must get its own bit.
let runtime: TestRuntime;

async function customersOn(day: string) {
  const response = await runtime.request(`/api/kpis?from=${day}&to=${day}`);
  expect(response.status).toBe(200);
  return jsonOf(response);
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  await insertChannel(runtime.db, 'shopee', 'marketplace');
  await insertChannel(runtime.db, 'whatsapp', 'messaging');
  await insertVariant(runtime.db, 'KMJ-NAVY-L', 100_000);
  await runtime.db.execute(sql`insert into profiles (id, canonical_id) values ('prf_p', 'prf_p'), ('prf_q', 'prf_q')`);
  await insertOrder(runtime.db, {
    id: 'ord_p1', channel: 'shopee', profileId: 'prf_p', status: 'paid',
    placedAt: '2026-05-02T09:00:00+07:00', lines: [{ sku: 'KMJ-NAVY-L', quantity: 1, unitPrice: 100_000 }],
  });
  await insertConversation(runtime.db, {
    id: 'cnv_q', profileId: 'prf_q', channel: 'whatsapp', messages: [{ author: 'customer', sentAt: '2026-05-02T10:00:00+07:00' }],
  });
});
afterAll(async () => { await runtime?.close(); });

describe('customer rollup', () => {
  it('counts two profiles as two customers', async () => {
    const body = await customersOn('2026-05-02');
    expect(body.cross_channel_customer_rate).toMatchObject({ value: 0, cross_channel_customers: 0, customers: 2 });
  });

  it('follows a merge made after the build', async () => {
    await runtime.db.execute(sql`update profiles set merged_into = 'prf_p', canonical_id = 'prf_p' where id = 'prf_q'`);
    const body = await customersOn('2026-05-02');
    expect(body.cross_channel_customer_rate).toMatchObject({ value: 1, cross_channel_customers: 1, customers: 1 });
    expect(body.average_revenue_per_customer.cross_channel).toEqual({ value: 100_000, revenue: 100_000, customers: 1 });
  });

  it('follows an unmerge', async () => {
    await runtime.db.execute(sql`update profiles set merged_into = null, canonical_id = 'prf_q' where id = 'prf_q'`);
    const body = await customersOn('2026-05-02');
    expect(body.cross_channel_customer_rate).toMatchObject({ value: 0, cross_channel_customers: 0, customers: 2 });
    expect(body.average_revenue_per_customer.single_channel).toEqual({ value: 50_000, revenue: 100_000, customers: 2 });
  });

  it('gives a new channel its own bit', async () => {
    await insertChannel(runtime.db, 'tokopedia', 'marketplace');
    await insertOrder(runtime.db, {
      id: 'ord_p2', channel: 'tokopedia', profileId: 'prf_p', status: 'paid',
      placedAt: '2026-05-02T12:00:00+07:00', lines: [{ sku: 'KMJ-NAVY-L', quantity: 2, unitPrice: 100_000 }],
    });
    const body = await customersOn('2026-05-02');
    expect(body.cross_channel_customer_rate.by_channel).toEqual([
      { channel: 'shopee', value: 1, cross_channel_customers: 1, customers: 1 },
      { channel: 'tokopedia', value: 1, cross_channel_customers: 1, customers: 1 },
      { channel: 'whatsapp', value: 0, cross_channel_customers: 0, customers: 1 },
    ]);
    expect(body.average_revenue_per_customer.cross_channel).toEqual({ value: 300_000, revenue: 300_000, customers: 1 });
  });
});
