import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertVariant, receiveStock, seedShop, shop } from '../inventory/fixtures.js';

let runtime: TestRuntime;
let agent: string;
let integration: string;
let orderCount = 0;

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
  await insertVariant(runtime.db, { sku: 'UNM-1', product: 'Kemeja Unmerge', basePrice: 150_000 });
  await receiveStock(runtime.db, 'UNM-1', shop.warehouse, 50);
  agent = await runtime.tokenFor('agent');
  integration = await runtime.tokenFor('integration');
});
afterAll(async () => { await runtime?.close(); });

/** Places a website order for the customer and returns its id. */
async function placeOrder(customer: Record<string, unknown>): Promise<string> {
  orderCount += 1;
  const response = await runtime.request('/api/orders', {
    method: 'POST', token: integration,
    json: { channel: 'website', external_id: `UNM-${orderCount}`, customer, lines: [{ sku: 'UNM-1', quantity: 1 }], fulfillment: { type: 'delivery' } },
  });
  expect(response.status).toBe(201);
  return (await jsonOf(response)).id;
}

async function profileView(query: string) {
  const response = await runtime.request(`/api/profiles?${query}`, { token: agent });
  expect(response.status).toBe(200);
  return jsonOf(response);
}

describe('undoing a merge', () => {
  it('returns orders placed while merged', async () => {
    const phoneOrder = await placeOrder({ phone: '0819-1111-2001' });
    const emailOrder = await placeOrder({ email: 'chain.a@yahoo.com' });
    const mergingOrder = await placeOrder({ phone: '0819-1111-2001', email: 'chain.a@yahoo.com' });
    const phoneSideOrder = await placeOrder({ phone: '0819-1111-2001', identifiers: [{ type: 'instagram_id', value: 'CHAINIG' }] });
    const emailSideOrder = await placeOrder({ email: 'chain.a@yahoo.com', identifiers: [{ type: 'web_visitor_id', value: 'vis-chain-1' }] });

    const merged = await profileView('email=chain.a@yahoo.com');
    expect(merged.member_profile_ids).toHaveLength(2);
    const history = await jsonOf(await runtime.request(`/api/profiles/${merged.id}/merges`, { token: agent }));
    expect(history.items).toHaveLength(1);
    const undo = await runtime.request(`/api/merges/${history.items[0].id}/undo`, { method: 'POST', token: agent, json: { reason: 'two people' } });
    expect(undo.status).toBe(200);

    const emailSide = await profileView('email=chain.a@yahoo.com');
    const phoneSide = await profileView('phone=081911112001');
    expect(phoneSide.id).not.toBe(emailSide.id);
    const identitiesOf = (view: { identities: Array<{ type: string; value: string }> }) =>
      view.identities.map((identity) => `${identity.type}:${identity.value}`).sort();
    expect(identitiesOf(phoneSide)).toEqual(['instagram_id:CHAINIG', 'phone:+6281911112001']);
    expect(identitiesOf(emailSide)).toEqual(['email:chain.a@yahoo.com', 'web_visitor_id:vis-chain-1']);
    const orderIdsOf = (view: { orders: Array<{ id: string }> }) => view.orders.map((order) => order.id).sort();
    expect(orderIdsOf(phoneSide)).toEqual([phoneOrder, phoneSideOrder].sort());
    expect(orderIdsOf(emailSide)).toEqual([emailOrder, mergingOrder, emailSideOrder].sort());
  });
});
