import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemandEvent } from '../../src/analytics/simulation/demand.js';
import { runHub } from '../../src/analytics/simulation/hub-run.js';
import { runPerChannelCopies } from '../../src/analytics/simulation/per-channel-copies.js';
import { readStockPicture } from '../../src/analytics/simulation/stock.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertLocation, insertVariant } from './fixtures.js';

let runtime: TestRuntime;

// 3 units in one warehouse that serves shopee and website; copies reconcile every 60 minutes.
const start = Date.parse('2026-03-02T01:00:00Z');
const event = (index: number, minutes: number, channelCode: string, quantity: number): DemandEvent => ({
  index, at: new Date(start + minutes * 60_000), channelCode, sku: 'KMJ', variantId: 'var_KMJ', quantity, unitPrice: 100_000,
});
const events = [event(0, 0, 'shopee', 1), event(1, 10, 'website', 2), event(2, 20, 'shopee', 1), event(3, 70, 'website', 1)];

beforeAll(async () => {
  runtime = await createTestRuntime();
  await insertChannel(runtime.db, 'shopee', 'marketplace');
  await insertChannel(runtime.db, 'website', 'website');
  await insertLocation(runtime.db, 'gudang', 'warehouse');
  await insertVariant(runtime.db, 'KMJ', 100_000);
  await runtime.db.execute(sql`insert into channel_locations (channel_id, location_id) values ('chn_shopee', 'loc_gudang'), ('chn_website', 'loc_gudang')`);
  await runtime.db.execute(sql`insert into stock_levels (variant_id, location_id, on_hand) values ('var_KMJ', 'loc_gudang', 3)`);
  await runtime.db.execute(sql`insert into stock_ledger (variant_id, location_id, on_hand_delta, reason, actor, source, idempotency_key)
    values ('var_KMJ', 'loc_gudang', 3, 'initial count', 'test', 'adjustment', 'sim-initial')`);
});
afterAll(async () => { await runtime?.close(); });

describe('per-channel copies', () => {
  it('oversells between reconciliations', async () => {
    const outcome = runPerChannelCopies(events, await readStockPicture(runtime.db), 60);
    // shopee 1 sold (3 → 2); website lists 3, buys 2 (2 → 0); shopee still lists 2 and takes 1: oversold.
    // After the 02:00 UTC reconciliation website lists 0: out of stock. Listings matched the truth at orders 0 and 3.
    expect(outcome).toMatchObject({ demand: 4, sold: 2, oversold: 1, lostSales: 0, outOfStock: 1, consistentChecks: 2, checks: 4 });
    expect(outcome.soldRevenue).toBe(300_000);
  });
});

describe('hub run', () => {
  it('never oversells', async () => {
    const outcome = await runHub(runtime.db, events, 'test');
    expect(outcome).toMatchObject({ demand: 4, sold: 2, oversold: 0, lostSales: 0, outOfStock: 2 });
    const rows = await queryRows<{ on_hand: number }>(runtime.db, sql`select on_hand from stock_levels where variant_id = 'var_KMJ'`);
    expect(rows[0]?.on_hand).toBe(0);
  });
});
