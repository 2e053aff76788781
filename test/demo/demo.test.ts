import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Executor } from '../../src/db/index.js';
import { loadDemoBusiness, planDemoBusiness, withEan13CheckDigit, type DemoLoadResult } from '../../src/demo/index.js';
import { changeOrderStatus } from '../../src/inventory/index.js';
import { createLogger } from '../../src/logger.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';

const asOf = new Date('2026-11-30T00:00:00Z');
const logger = createLogger('silent');

let first: TestRuntime;
let second: TestRuntime;
let firstLoad: DemoLoadResult;

beforeAll(async () => {
  first = await createTestRuntime();
  second = await createTestRuntime();
  firstLoad = await loadDemoBusiness(first.db, logger, { asOf });
  await loadDemoBusiness(second.db, logger, { asOf });
  // Two full loads take about ten seconds on an idle machine and several times that on a busy one.
}, 300_000);

afterAll(async () => {
  await first?.close();
  await second?.close();
});

const count = async (db: Executor, query: ReturnType<typeof sql>) =>
  Number((await queryRows<{ n: number | string }>(db, query))[0]!.n);

async function catalogSnapshot(db: Executor) {
  return queryRows(db, sql`
    select v.sku, v.barcode, v.base_price, p.name, v.color, v.size from variants v join products p on p.id = v.product_id order by v.sku`);
}

async function stockSnapshot(db: Executor) {
  return queryRows(db, sql`
    select v.sku, l.code, s.on_hand, s.reserved from stock_levels s
      join variants v on v.id = s.variant_id join locations l on l.id = s.location_id order by v.sku, l.code`);
}

async function orderSnapshot(db: Executor) {
  return queryRows(db, sql`
    select c.code, o.external_id, o.status, o.fulfillment_type, o.cancel_reason, o.total_amount, o.placed_at,
           (select count(*) from order_lines ol where ol.order_id = o.id) as lines
      from orders o join channels c on c.id = o.channel_id order by c.code, o.external_id`);
}

describe('demo load', () => {
  it('loads counts in range', async () => {
    expect(firstLoad.kind).toBe('loaded');
    const db = first.db;
    expect(await count(db, sql`select count(*) as n from products`)).toBeGreaterThanOrEqual(55);
    expect(await count(db, sql`select count(*) as n from products`)).toBeLessThanOrEqual(65);
    expect(await count(db, sql`select count(*) as n from variants`)).toBeGreaterThanOrEqual(270);
    expect(await count(db, sql`select count(*) as n from variants`)).toBeLessThanOrEqual(330);
    expect(await count(db, sql`select count(distinct profile_id) as n from orders`)).toBeGreaterThanOrEqual(300);
    expect(await count(db, sql`select count(*) as n from profiles`)).toBeLessThanOrEqual(500);
    expect(await count(db, sql`select count(*) as n from orders`)).toBeGreaterThanOrEqual(1800);
    expect(await count(db, sql`select count(*) as n from orders`)).toBeLessThanOrEqual(2200);
    expect(await count(db, sql`select count(*) as n from messages`)).toBeGreaterThan(300);
    expect(await count(db, sql`select count(*) as n from profiles where display_name is null or city is null`)).toBe(0);
  });

  it('second load skipped', async () => {
    const before = await orderSnapshot(first.db);
    const result = await loadDemoBusiness(first.db, logger, { asOf });
    expect(result).toEqual({ kind: 'skipped', reason: 'catalog_not_empty' });
    expect(await orderSnapshot(first.db)).toEqual(before);
    expect(await count(first.db, sql`select count(*) as n from variants`)).toBe(firstLoad.kind === 'loaded' ? firstLoad.summary.variants : -1);
  });

  it('two loads identical', async () => {
    expect(await catalogSnapshot(second.db)).toEqual(await catalogSnapshot(first.db));
    expect(await stockSnapshot(second.db)).toEqual(await stockSnapshot(first.db));
    expect(await orderSnapshot(second.db)).toEqual(await orderSnapshot(first.db));
    expect(await count(second.db, sql`select count(*) as n from messages`))
      .toBe(await count(first.db, sql`select count(*) as n from messages`));
  });

  it('ledger sums to on hand', async () => {
    const mismatched = await queryRows(first.db, sql`
      select s.variant_id, s.location_id, s.on_hand, coalesce(sum(l.on_hand_delta), 0) as ledger
        from stock_levels s
        left join stock_ledger l on l.variant_id = s.variant_id and l.location_id = s.location_id
       group by s.variant_id, s.location_id, s.on_hand
      having s.on_hand <> coalesce(sum(l.on_hand_delta), 0)`);
    expect(mismatched).toEqual([]);
    expect(await count(first.db, sql`select count(*) as n from stock_ledger where reason <> 'initial_count'`)).toBe(0);
  });

  it('catalog values realistic', async () => {
    const rows = await queryRows<{ sku: string; barcode: string; base_price: number | string }>(first.db, sql`
      select sku, barcode, base_price from variants`);
    for (const row of rows) {
      expect(row.sku).toMatch(/^[A-Z]{3}-[A-Z]{3}(-[A-Z0-9]+)?$/);
      expect(withEan13CheckDigit(row.barcode.slice(0, 12))).toBe(row.barcode);
      expect(Number(row.base_price) % 1000).toBe(0);
    }
    const kaos = await queryRows<{ price: number | string }>(first.db, sql`
      select v.base_price as price from variants v join products p on p.id = v.product_id where p.category = 'kaos'`);
    for (const { price } of kaos) {
      expect(Number(price)).toBeGreaterThanOrEqual(79_000);
      expect(Number(price)).toBeLessThanOrEqual(149_000);
    }
    const sku = await queryRows(first.db, sql`select color, size, options from variants where sku = 'KBP-NAV-L'`);
    expect(sku).toEqual([{ color: 'navy', size: 'L', options: { color: 'navy', size: 'L' } }]);
  });

  it('stock gaps exist', async () => {
    const soldOut = await count(first.db, sql`
      select count(*) as n from (select variant_id from stock_levels group by variant_id having sum(on_hand) = 0) t`);
    expect(soldOut).toBeGreaterThanOrEqual(5);
    const oneStoreOnly = await count(first.db, sql`
      select count(*) as n from (
        select s.variant_id from stock_levels s join locations l on l.id = s.location_id
         group by s.variant_id
        having sum(s.on_hand) filter (where l.kind = 'warehouse') = 0
           and count(*) filter (where l.kind = 'store' and s.on_hand > 0) = 1) t`);
    expect(oneStoreOnly).toBeGreaterThanOrEqual(5);
  });

  it('locations and channels wired', async () => {
    const locations = await queryRows(first.db, sql`select code, kind, city from locations order by code`);
    expect(locations).toEqual([
      { code: 'gudang-bekasi', kind: 'warehouse', city: 'Bekasi' },
      { code: 'toko-bandung', kind: 'store', city: 'Bandung' },
      { code: 'toko-surabaya', kind: 'store', city: 'Surabaya' },
    ]);
    const posLocations = await queryRows(first.db, sql`
      select c.code, array_agg(l.code order by l.code) as locations from channels c
        join channel_locations cl on cl.channel_id = c.id join locations l on l.id = cl.location_id
       where c.kind = 'pos' group by c.code order by c.code`);
    expect(posLocations).toEqual([
      { code: 'pos-bandung', locations: ['toko-bandung'] },
      { code: 'pos-surabaya', locations: ['toko-surabaya'] },
    ]);
    const codes = await queryRows<{ code: string }>(first.db, sql`select code from channels order by code`);
    expect(codes.map((row) => row.code)).toEqual([
      'instagram', 'pos-bandung', 'pos-surabaya', 'shopee', 'tiktok-shop', 'tokopedia', 'webchat', 'website', 'whatsapp',
    ]);
    const shopee = await queryRows(first.db, sql`select price_rule, buffer_stock from channels where code = 'shopee'`);
    expect(shopee).toEqual([{ price_rule: { type: 'markup_percent', percent: 5, round_to: 1000 }, buffer_stock: 2 }]);
  });

  it('orders within 90 days', async () => {
    const [range] = await queryRows<{ first: Date | string; last: Date | string }>(first.db, sql`
      select min(placed_at) as first, max(placed_at) as last from orders`);
    expect(new Date(range!.first).getTime()).toBeGreaterThanOrEqual(asOf.getTime() - 90 * 86_400_000);
    expect(new Date(range!.last).getTime()).toBeLessThan(asOf.getTime());
    const channels = await count(first.db, sql`select count(distinct channel_id) as n from orders`);
    expect(channels).toBe(8);
    const fulfillment = await queryRows<{ fulfillment_type: string }>(first.db, sql`
      select distinct fulfillment_type from orders order by 1`);
    expect(fulfillment.map((row) => row.fulfillment_type)).toEqual(['bopis', 'delivery', 'pos']);
  });

  it('out-of-stock cancellations exist', async () => {
    const outOfStock = await count(first.db, sql`
      select count(*) as n from orders where status = 'cancelled' and cancel_reason = 'out_of_stock' and cancelled_at is not null`);
    expect(outOfStock).toBeGreaterThanOrEqual(20);
    const otherReasons = await queryRows<{ cancel_reason: string }>(first.db, sql`
      select distinct cancel_reason from orders where cancel_reason <> 'out_of_stock' order by 1`);
    expect(otherReasons.map((row) => row.cancel_reason)).toEqual(['customer_request', 'payment_timeout']);
    const inconsistent = await count(first.db, sql`
      select count(*) as n from orders where (status = 'cancelled') <> (cancel_reason is not null)`);
    expect(inconsistent).toBe(0);
  });

  it('order totals match lines', async () => {
    const mismatched = await count(first.db, sql`
      select count(*) as n from orders o
       where o.total_amount <> (select sum(ol.quantity * ol.unit_price) from order_lines ol where ol.order_id = o.id)`);
    expect(mismatched).toBe(0);
  });

  it('phones written differently share profile', async () => {
    const plan = planDemoBusiness({ asOf });
    const spread = plan.customers.filter((customer) => {
      const written = new Set(customer.presences.flatMap((presence) => (presence.phone ? [presence.phone] : [])));
      return written.size >= 2;
    });
    expect(spread.length).toBeGreaterThanOrEqual(50);

    const refs = await queryRows<{ code: string; external_id: string; profile_id: string | null }>(first.db, sql`
      select c.code, o.external_id, o.profile_id from orders o join channels c on c.id = o.channel_id`);
    const profileOfOrder = new Map(refs.map((row) => [`${row.code}|${row.external_id}`, row.profile_id]));
    const threads = await queryRows<{ channel: string; external_thread_id: string; profile_id: string }>(first.db, sql`
      select channel, external_thread_id, profile_id from conversations`);
    const profileOfThread = new Map(threads.map((row) => [`${row.channel}|${row.external_thread_id}`, row.profile_id]));

    let crossChannel = 0;
    for (const customer of spread) {
      const phoneChannels = new Set(customer.presences.filter((presence) => presence.phone).map((presence) => presence.channel));
      const profiles = new Set<string | null | undefined>();
      const channels = new Set<string>();
      for (const order of plan.orders) {
        if (order.customerIndex !== customer.index || !phoneChannels.has(order.channel)) continue;
        profiles.add(profileOfOrder.get(`${order.channel}|${order.externalId}`));
        channels.add(order.channel);
      }
      for (const conversation of plan.conversations) {
        if (conversation.customerIndex !== customer.index || !phoneChannels.has(conversation.channel)) continue;
        profiles.add(profileOfThread.get(`${conversation.channel}|${conversation.externalThreadId}`));
        channels.add(conversation.channel);
      }
      expect(profiles.size, `customer ${customer.index} on ${[...channels].join(', ')}`).toBe(1);
      expect([...profiles][0]).toMatch(/^prf_/);
      if (channels.size >= 2) crossChannel += 1;
    }
    expect(crossChannel).toBeGreaterThanOrEqual(50);
  });

  it('listing snapshots cover marketplaces', async () => {
    const rows = await queryRows<{ code: string; snapshots: number | string; price_equal: number | string; stock_equal: number | string }>(first.db, sql`
      select c.code, count(*) as snapshots,
             count(*) filter (where s.listed_price = s.expected_price) as price_equal,
             count(*) filter (where s.published_stock = s.hub_available) as stock_equal
        from channel_listing_snapshots s join channels c on c.id = s.channel_id group by c.code order by c.code`);
    expect(rows.map((row) => row.code)).toEqual(['shopee', 'tiktok-shop', 'tokopedia']);
    for (const row of rows) {
      expect(Number(row.price_equal) / Number(row.snapshots)).toBeGreaterThan(0.85);
      expect(Number(row.price_equal)).toBeLessThan(Number(row.snapshots));
      expect(Number(row.stock_equal) / Number(row.snapshots)).toBeGreaterThan(0.8);
      expect(Number(row.stock_equal)).toBeLessThan(Number(row.snapshots));
    }
  });

  it('walk-through stock pinned', async () => {
    const levels = await queryRows<{ sku: string; code: string; on_hand: number }>(first.db, sql`
      select v.sku, l.code, s.on_hand from stock_levels s join variants v on v.id = s.variant_id
        join locations l on l.id = s.location_id
       where v.sku in ('KBP-NAV-L', 'KBM-MRH-XL', 'SNK-PTH-42') order by v.sku, l.code`);
    expect(levels.map((row) => `${row.sku} ${row.code} ${row.on_hand}`)).toEqual([
      'KBM-MRH-XL gudang-bekasi 0', 'KBM-MRH-XL toko-bandung 0', 'KBM-MRH-XL toko-surabaya 0',
      'KBP-NAV-L gudang-bekasi 14', 'KBP-NAV-L toko-bandung 3', 'KBP-NAV-L toko-surabaya 0',
      'SNK-PTH-42 gudang-bekasi 0', 'SNK-PTH-42 toko-bandung 0', 'SNK-PTH-42 toko-surabaya 2',
    ]);
  });

  it('walk-through customer found by phone', async () => {
    const response = await first.request('/api/profiles?phone=0813-7782-4519');
    expect(response.status).toBe(200);
    const profile = await jsonOf(response);
    expect(profile.display_name).toBe('Dewi Lestari');
    expect(profile.city).toBe('Bandung');
    const channels = new Set(profile.orders.map((order: { channel: string }) => order.channel));
    expect([...channels].sort()).toEqual(['pos-bandung', 'shopee', 'website']);
    expect(profile.identities.filter((identity: { type: string }) => identity.type === 'phone'))
      .toEqual([expect.objectContaining({ value: '+6281377824519' })]);
    const whatsapp = await count(first.db, sql`
      select count(*) as n from conversations where channel = 'whatsapp' and external_thread_id = '6281377824519'`);
    expect(whatsapp).toBe(0);
  });

  it('messages follow conversation', async () => {
    const stray = await count(first.db, sql`
      select count(*) as n from messages m join conversations c on c.id = m.conversation_id
       where m.profile_id <> c.profile_id or m.channel <> c.channel`);
    expect(stray).toBe(0);
    const channels = await queryRows<{ channel: string }>(first.db, sql`select distinct channel from conversations order by 1`);
    expect(channels.map((row) => row.channel)).toEqual(['instagram', 'webchat', 'whatsapp']);
    const authors = await queryRows<{ author: string }>(first.db, sql`select distinct author from messages order by 1`);
    expect(authors.map((row) => row.author)).toEqual(['agent', 'bot', 'customer']);
  });

  // Changes the first database, so it runs last.
  it('demo order return restocks', async () => {
    const [line] = await queryRows<{ order_id: string; variant_id: string; location_id: string; quantity: number }>(first.db, sql`
      select ol.order_id, ol.variant_id, ol.location_id, ol.quantity from orders o join order_lines ol on ol.order_id = o.id
       where o.status = 'delivered' and (select count(*) from order_lines x where x.order_id = o.id) = 1
       order by o.external_id limit 1`);
    const onHand = () => count(first.db, sql`
      select on_hand as n from stock_levels where variant_id = ${line!.variant_id} and location_id = ${line!.location_id}`);
    const before = await onHand();

    const result = await changeOrderStatus(first.db, {
      orderId: line!.order_id, change: { status: 'returned', condition: 'resellable' }, actor: 'test',
    });

    expect(result.kind).toBe('changed');
    expect(await onHand()).toBe(before + line!.quantity);
    const ledger = await count(first.db, sql`
      select sum(on_hand_delta) as n from stock_ledger where variant_id = ${line!.variant_id} and location_id = ${line!.location_id}`);
    expect(ledger).toBe(before + line!.quantity);
  });
});
