import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertVariant, receiveStock, seedShop, shop } from '../inventory/fixtures.js';

// Not the default rule (one point per Rp10.000), so the tests show that the configured one is used.
const rupiahPerPoint = 5_000;

let runtime: TestRuntime;
let agent: string;
let integration: string;
let counter = 0;

beforeAll(async () => {
  runtime = await createTestRuntime({ SATU_LOYALTY_RUPIAH_PER_POINT: String(rupiahPerPoint) });
  await seedShop(runtime.db);
  agent = await runtime.tokenFor('agent');
  integration = await runtime.tokenFor('integration');
});
afterAll(async () => { await runtime?.close(); });

/** Creates a SKU at the given unit price with 50 units in the warehouse and the Bandung store. */
async function newSku(price: number): Promise<string> {
  counter += 1;
  const sku = `LOY-${counter}`;
  await insertVariant(runtime.db, { sku, product: `Kemeja Poin ${counter}`, basePrice: price });
  await receiveStock(runtime.db, sku, shop.warehouse, 50);
  await receiveStock(runtime.db, sku, shop.bandung, 50);
  return sku;
}

/** Places an order through the API as the shop's integration and returns the order body. */
async function placeOrder(json: Record<string, unknown>) {
  const response = await runtime.request('/api/orders', { method: 'POST', json, token: integration });
  expect(response.status).toBe(201);
  return jsonOf(response);
}

async function setStatus(orderId: string, json: Record<string, unknown>) {
  const response = await runtime.request(`/api/orders/${orderId}/status`, { method: 'POST', json, token: integration });
  expect(response.status).toBe(200);
  return jsonOf(response);
}

async function loyaltyOf(profileId: string, query = '') {
  const response = await runtime.request(`/api/profiles/${profileId}/loyalty${query}`, { token: agent });
  expect(response.status).toBe(200);
  return jsonOf(response);
}

function adjust(profileId: string, json: unknown, headers: Record<string, string> = {}) {
  return runtime.request(`/api/profiles/${profileId}/loyalty/adjustments`, { method: 'POST', json, token: agent, headers });
}

async function entryCount(): Promise<number> {
  const rows = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from loyalty_entries`);
  return rows[0]!.count;
}

/** Places a delivery order of `quantity` units at Rp125.000 for the customer and pays it through the API. */
async function paidDeliveryOrder(customer: Record<string, string>, quantity = 2) {
  const sku = await newSku(125_000);
  counter += 1;
  const order = await placeOrder({
    channel: 'website', external_id: `LOY-W-${counter}`, customer, lines: [{ sku, quantity }], fulfillment: { type: 'delivery' },
  });
  return setStatus(order.id, { status: 'paid' });
}

describe('earning rule', () => {
  it('defaults to one point per Rp10.000', () => {
    expect(loadConfig({}).SATU_LOYALTY_RUPIAH_PER_POINT).toBe(10_000);
  });

  it('rejects a rule below one rupiah', () => {
    expect(() => loadConfig({ SATU_LOYALTY_RUPIAH_PER_POINT: '0' })).toThrow(/SATU_LOYALTY_RUPIAH_PER_POINT/);
  });
});

describe('earning on orders', () => {
  it('earns once when an order is paid', async () => {
    const sku = await newSku(123_400);
    const order = await placeOrder({
      channel: 'website', external_id: 'LOY-PAY-1', customer: { phone: '0812-7000-0001' },
      lines: [{ sku, quantity: 2 }], fulfillment: { type: 'delivery' },
    });
    expect(order.status).toBe('reserved');
    expect((await loyaltyOf(order.profile_id)).balance).toBe(0);

    await setStatus(order.id, { status: 'paid' });
    await setStatus(order.id, { status: 'paid' });

    const loyalty = await loyaltyOf(order.profile_id);
    // Rp246.800 at Rp5.000 per point, rounded down.
    expect(loyalty.balance).toBe(49);
    expect(loyalty.items).toHaveLength(1);
    expect(loyalty.items[0]).toMatchObject({ kind: 'earned', points: 49, order_id: order.id, profile_id: order.profile_id, note: null });
  });

  it('earns on a POS sale at once', async () => {
    const sku = await newSku(60_000);
    const order = await placeOrder({
      channel: 'pos-bdg', external_id: 'LOY-POS-1', customer: { phone: '0812-7000-0002' },
      lines: [{ sku, quantity: 1 }], fulfillment: { type: 'pos', location: shop.bandung },
    });
    expect(order.status).toBe('picked_up');
    const loyalty = await loyaltyOf(order.profile_id);
    expect(loyalty.balance).toBe(12);
    expect(loyalty.items.map((item: { kind: string }) => item.kind)).toEqual(['earned']);
  });

  it('earns when created paid', async () => {
    const sku = await newSku(10_000);
    const order = await placeOrder({
      channel: 'website', external_id: 'LOY-PAID-1', customer: { email: 'lunas@pelanggan.id' }, paid: true,
      lines: [{ sku, quantity: 3 }], fulfillment: { type: 'delivery' },
    });
    expect(order.status).toBe('paid');
    expect((await loyaltyOf(order.profile_id)).balance).toBe(6);
  });

  it('earns nothing without a profile', async () => {
    const sku = await newSku(200_000);
    const order = await placeOrder({ channel: 'website', external_id: 'LOY-ANON-1', lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' } });
    expect(order.profile_id).toBeNull();
    await setStatus(order.id, { status: 'paid' });
    const rows = await queryRows(runtime.db, sql`select 1 from loyalty_entries where order_id = ${order.id}`);
    expect(rows).toHaveLength(0);
  });

  it('earns nothing below one point', async () => {
    const sku = await newSku(4_999);
    const order = await placeOrder({
      channel: 'website', external_id: 'LOY-SMALL-1', customer: { phone: '0812-7000-0003' }, paid: true,
      lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' },
    });
    const loyalty = await loyaltyOf(order.profile_id);
    expect(loyalty.balance).toBe(0);
    expect(loyalty.items).toEqual([]);
  });

  it('reverses on cancellation after payment', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7000-0004' });
    expect((await loyaltyOf(paid.profile_id)).balance).toBe(50);

    await setStatus(paid.id, { status: 'cancelled', reason: 'customer_request' });
    await setStatus(paid.id, { status: 'cancelled', reason: 'customer_request' });

    const loyalty = await loyaltyOf(paid.profile_id);
    expect(loyalty.balance).toBe(0);
    expect(loyalty.items.map((item: { kind: string; points: number }) => [item.kind, item.points])).toEqual([['reversed', -50], ['earned', 50]]);
    expect(loyalty.items[0].order_id).toBe(paid.id);
  });

  it('reverses on return', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7000-0005' }, 1);
    await setStatus(paid.id, { status: 'shipped' });
    await setStatus(paid.id, { status: 'returned', condition: 'resellable' });
    const loyalty = await loyaltyOf(paid.profile_id);
    expect(loyalty.balance).toBe(0);
    expect(loyalty.items.map((item: { kind: string }) => item.kind)).toEqual(['reversed', 'earned']);
  });

  it('reverses nothing for an unpaid cancellation', async () => {
    const sku = await newSku(100_000);
    const order = await placeOrder({
      channel: 'website', external_id: 'LOY-UNPAID-1', customer: { phone: '0812-7000-0006' },
      lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' },
    });
    await setStatus(order.id, { status: 'cancelled', reason: 'customer_request' });
    const rows = await queryRows(runtime.db, sql`select kind from loyalty_entries where order_id = ${order.id}`);
    expect(rows).toEqual([]);
  });

  it('shows entries on the timeline', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7000-0007' }, 1);
    const timeline = await jsonOf(await runtime.request(`/api/profiles/${paid.profile_id}/timeline`, { token: agent }));
    const entry = timeline.items.find((item: { kind: string }) => item.kind === 'loyalty_earned');
    expect(entry).toMatchObject({ profile_id: paid.profile_id, data: { points: 25, order_id: paid.id, kind: 'earned' } });
    expect(entry.key).toMatch(/^loyalty:loy_/);
  });
});

describe('adjustments api', () => {
  it('records an adjustment and a redemption', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7100-0001' });
    const bonus = await adjust(paid.profile_id, { points: 10, note: 'Hadiah ulang tahun' });
    expect(bonus.status).toBe(201);
    const bonusBody = await jsonOf(bonus);
    expect(bonusBody.balance).toBe(60);
    expect(bonusBody.entry).toMatchObject({ kind: 'adjustment', points: 10, note: 'Hadiah ulang tahun', profile_id: paid.profile_id });
    expect(bonusBody.entry.actor).toMatch(/^agent:/);

    const redeemed = await adjust(paid.profile_id, { kind: 'redeemed', points: -60, note: 'Voucher Rp60.000' });
    expect(redeemed.status).toBe(201);
    expect((await jsonOf(redeemed)).balance).toBe(0);
    const loyalty = await loyaltyOf(paid.profile_id);
    expect(loyalty.items.map((item: { kind: string }) => item.kind)).toEqual(['redeemed', 'adjustment', 'earned']);
  });

  it('rejects invalid bodies and changes nothing', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7100-0002' });
    const before = await entryCount();
    const cases: Array<[unknown, string]> = [
      [{ points: 0, note: 'nol' }, 'points'],
      [{ points: 1.5, note: 'pecahan' }, 'points'],
      [{ points: '5', note: 'teks' }, 'points'],
      [{ points: 2_000_000_000, note: 'terlalu besar' }, 'points'],
      [{ note: 'tanpa poin' }, 'points'],
      [{ points: 5 }, 'note'],
      [{ points: 5, note: '   ' }, 'note'],
      [{ points: 5, note: 'x'.repeat(501) }, 'note'],
      [{ kind: 'gift', points: 5, note: 'hadiah' }, 'kind'],
      [{ kind: 'redeemed', points: 5, note: 'positif' }, 'points'],
    ];
    for (const [body, field] of cases) {
      const response = await adjust(paid.profile_id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = await jsonOf(response);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(problem.type).toMatch(/validation-failed$/);
      expect(problem.invalid_fields.map((item: { name: string }) => item.name), JSON.stringify(body)).toContain(field);
      expect(problem.detail).toContain(field);
    }
    expect(await entryCount()).toBe(before);
    expect((await loyaltyOf(paid.profile_id)).balance).toBe(50);
  });

  it('words problems in Indonesian or English', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7100-0003' }, 1);
    const indonesian = await jsonOf(await adjust(paid.profile_id, { points: 5 }));
    expect(indonesian.invalid_fields[0].reason).toContain('wajib diisi');
    const english = await jsonOf(await adjust(paid.profile_id, { points: 5 }, { 'Accept-Language': 'en-US,en;q=0.9' }));
    expect(english.invalid_fields[0].reason).toContain('is required');
    const regional = await jsonOf(await adjust(paid.profile_id, { points: 5 }, { 'Accept-Language': 'id-ID' }));
    expect(regional.invalid_fields[0].reason).toContain('wajib diisi');
  });

  it('rejects a redemption below zero', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7100-0004' });
    const before = await entryCount();
    const response = await adjust(paid.profile_id, { kind: 'redeemed', points: -51, note: 'Voucher' }, { 'Accept-Language': 'en' });
    expect(response.status).toBe(409);
    const problem = await jsonOf(response);
    expect(problem.balance).toBe(50);
    expect(problem.invalid_fields[0].name).toBe('points');
    expect(problem.detail).toContain('below zero');
    const negative = await adjust(paid.profile_id, { points: -51, note: 'Koreksi' });
    expect(negative.status).toBe(409);
    expect((await jsonOf(negative)).detail).toContain('Tidak ada yang diubah');
    expect(await entryCount()).toBe(before);
    expect((await loyaltyOf(paid.profile_id)).balance).toBe(50);
  });

  it('lets one of three concurrent redemptions win', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7100-0005' });
    const responses = await Promise.all([1, 2, 3].map(() => adjust(paid.profile_id, { kind: 'redeemed', points: -30, note: 'Voucher' })));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    expect((await loyaltyOf(paid.profile_id)).balance).toBe(20);
  });

  it('pages entries with a cursor', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7100-0006' }, 1);
    for (let index = 1; index <= 4; index += 1) {
      expect((await adjust(paid.profile_id, { points: index, note: `bonus ${index}` })).status).toBe(201);
    }
    const first = await loyaltyOf(paid.profile_id, '?limit=2');
    expect(first.balance).toBe(35);
    expect(first.items.map((item: { points: number }) => item.points)).toEqual([4, 3]);
    const second = await loyaltyOf(paid.profile_id, `?limit=2&cursor=${first.next_cursor}`);
    expect(second.items.map((item: { points: number }) => item.points)).toEqual([2, 1]);
    const third = await loyaltyOf(paid.profile_id, `?limit=2&cursor=${second.next_cursor}`);
    expect(third.items.map((item: { kind: string }) => item.kind)).toEqual(['earned']);
    expect(third.next_cursor).toBeNull();
  });

  it('checks the token, profile id and cursor', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7100-0007' }, 1);
    const path = `/api/profiles/${paid.profile_id}/loyalty`;
    expect((await runtime.request(path, { token: null })).status).toBe(401);
    expect((await runtime.request(path, { token: integration })).status).toBe(403);
    const adjustment = { method: 'POST', json: { points: 5, note: 'x' } };
    expect((await runtime.request(`${path}/adjustments`, { ...adjustment, token: null })).status).toBe(401);
    expect((await runtime.request(`${path}/adjustments`, { ...adjustment, token: integration })).status).toBe(403);
    expect((await runtime.request(path)).status).toBe(200);

    const badId = await runtime.request('/api/profiles/nope/loyalty', { token: agent });
    expect(badId.status).toBe(400);
    expect((await jsonOf(badId)).invalid_fields[0].name).toBe('id');
    const missing = await adjust('prf_0000000000000000', { points: 5, note: 'x' });
    expect(missing.status).toBe(404);
    const badCursor = await runtime.request(`${path}?cursor=abc`, { token: agent });
    expect(badCursor.status).toBe(400);
    expect((await jsonOf(badCursor)).invalid_fields[0].name).toBe('cursor');
  });
});

describe('merge and unmerge', () => {
  it('sums members and restores each side', async () => {
    const left = await paidDeliveryOrder({ phone: '0812-7200-0001' }, 1);
    const right = await paidDeliveryOrder({ email: 'kanan@pelanggan.id' }, 3);
    expect((await adjust(right.profile_id, { points: 7, note: 'Bonus member' })).status).toBe(201);
    expect((await loyaltyOf(left.profile_id)).balance).toBe(25);
    expect((await loyaltyOf(right.profile_id)).balance).toBe(82);

    // An unpaid order that names both identifiers merges the two profiles and earns nothing.
    const sku = await newSku(100_000);
    const bridge = await placeOrder({
      channel: 'website', external_id: 'LOY-BRIDGE-1', customer: { phone: '081272000001', email: 'kanan@pelanggan.id' },
      lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' },
    });
    const merged = await loyaltyOf(left.profile_id);
    expect(merged.profile_id).toBe(bridge.profile_id);
    expect(merged.balance).toBe(25 + 82);
    expect(merged.items).toHaveLength(3);
    const viaOther = await loyaltyOf(right.profile_id);
    expect(viaOther.profile_id).toBe(merged.profile_id);
    expect(viaOther.balance).toBe(107);

    const history = await jsonOf(await runtime.request(`/api/profiles/${left.profile_id}/merges`, { token: agent }));
    expect(history.items).toHaveLength(1);
    const undo = await runtime.request(`/api/merges/${history.items[0].id}/undo`, { method: 'POST', json: { reason: 'two people' }, token: agent });
    expect(undo.status).toBe(200);

    const leftAfter = await loyaltyOf(left.profile_id);
    const rightAfter = await loyaltyOf(right.profile_id);
    expect(leftAfter.profile_id).toBe(left.profile_id);
    expect(rightAfter.profile_id).toBe(right.profile_id);
    expect(leftAfter.balance).toBe(25);
    expect(rightAfter.balance).toBe(82);
    expect(leftAfter.items.map((item: { order_id: string | null }) => item.order_id)).toEqual([left.id]);
    expect(rightAfter.items.map((item: { kind: string }) => item.kind)).toEqual(['adjustment', 'earned']);
  });

  it('keeps a redemption with its side', async () => {
    const left = await paidDeliveryOrder({ phone: '0812-7200-0002' }, 1);
    const right = await paidDeliveryOrder({ email: 'tukar@pelanggan.id' }, 1);
    const sku = await newSku(100_000);
    const bridge = await placeOrder({
      channel: 'website', external_id: 'LOY-BRIDGE-2', customer: { phone: '081272000002', email: 'tukar@pelanggan.id' },
      lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' },
    });
    const redeemed = await adjust(right.profile_id, { kind: 'redeemed', points: -40, note: 'Voucher' });
    expect(redeemed.status).toBe(201);
    const body = await jsonOf(redeemed);
    expect(body.profile_id).toBe(bridge.profile_id);
    expect(body.balance).toBe(10);

    const history = await jsonOf(await runtime.request(`/api/profiles/${bridge.profile_id}/merges`, { token: agent }));
    await runtime.request(`/api/merges/${history.items[0].id}/undo`, { method: 'POST', json: { reason: 'two people' }, token: agent });
    // The redemption was recorded under the canonical profile, so it stays with that side.
    const canonicalSide = bridge.profile_id === left.profile_id ? left : right;
    const otherSide = canonicalSide === left ? right : left;
    expect((await loyaltyOf(canonicalSide.profile_id)).balance).toBe(25 - 40);
    expect((await loyaltyOf(otherSide.profile_id)).balance).toBe(25);
  });
});

describe('ledger invariants', () => {
  it('rejects updates and deletes', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7300-0001' }, 1);
    await expect(runtime.db.execute(sql`update loyalty_entries set points = 1000 where order_id = ${paid.id}`)).rejects.toThrow();
    await expect(runtime.db.execute(sql`delete from loyalty_entries where order_id = ${paid.id}`)).rejects.toThrow();
    expect((await loyaltyOf(paid.profile_id)).balance).toBe(25);
  });

  it('rejects a second earning per order', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7300-0002' }, 1);
    await expect(runtime.db.execute(sql`
      insert into loyalty_entries (id, profile_id, order_id, points, kind, actor)
      values ('loy_dup', ${paid.profile_id}, ${paid.id}, 25, 'earned', 'test')`)).rejects.toThrow();
  });

  it('rejects a reversal of other points', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7300-0003' }, 1);
    await expect(runtime.db.execute(sql`
      insert into loyalty_entries (id, profile_id, order_id, points, kind, actor)
      values ('loy_rev', ${paid.profile_id}, ${paid.id}, -99, 'reversed', 'test')`)).rejects.toThrow();
  });

  it('rejects a sign against the kind', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7300-0004' }, 1);
    await expect(runtime.db.execute(sql`
      insert into loyalty_entries (id, profile_id, points, kind, note, actor)
      values ('loy_sign', ${paid.profile_id}, 5, 'redeemed', 'x', 'test')`)).rejects.toThrow();
  });
});

describe('uu pdp', () => {
  it('exports entries and cuts links on erasure', async () => {
    const paid = await paidDeliveryOrder({ phone: '0812-7400-0001' }, 1);
    expect((await adjust(paid.profile_id, { points: 5, note: 'Catatan pribadi pelanggan' })).status).toBe(201);
    const exported = await jsonOf(await runtime.request(`/api/profiles/${paid.profile_id}/export`, { token: agent }));
    expect(exported.loyalty.balance).toBe(30);
    expect(exported.loyalty.entries.map((entry: { kind: string }) => entry.kind)).toEqual(['earned', 'adjustment']);

    const requested = await runtime.request(`/api/profiles/${paid.profile_id}/erasure`, { method: 'POST', json: { reason: 'customer request' } });
    expect(requested.status).toBe(202);
    await runtime.jobs.drain();

    const entryIds = JSON.stringify(exported.loyalty.entries.map((entry: { id: string }) => entry.id));
    const rows = await queryRows<{ profile_id: string | null; note: string | null; points: string | number }>(runtime.db, sql`
      select profile_id, note, points from loyalty_entries
       where id in (select jsonb_array_elements_text(${entryIds}::jsonb)) order by created_at, id`);
    expect(rows.map((row) => ({ ...row, points: Number(row.points) }))).toEqual([
      { profile_id: null, note: null, points: 25 },
      { profile_id: null, note: null, points: 5 },
    ]);
    const linked = await queryRows(runtime.db, sql`select 1 from loyalty_entries where profile_id = ${paid.profile_id}`);
    expect(linked).toHaveLength(0);
    expect((await loyaltyOf(paid.profile_id)).balance).toBe(0);
    const erased = await adjust(paid.profile_id, { points: 5, note: 'x' });
    expect(erased.status).toBe(409);
  });
});
