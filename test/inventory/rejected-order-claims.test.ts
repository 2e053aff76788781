import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertVariant, receiveStock, seedShop, shop } from './fixtures.js';

let runtime: TestRuntime;
let integration: string;

beforeAll(async () => {
  runtime = await createTestRuntime();
  await seedShop(runtime.db);
  await insertVariant(runtime.db, { sku: 'REJ-1', product: 'Kaos Rejected', basePrice: 120_000 });
  await receiveStock(runtime.db, 'REJ-1', shop.warehouse, 1);
  integration = await runtime.tokenFor('integration');
});
afterAll(async () => { await runtime?.close(); });

function order(body: Record<string, unknown>) {
  return runtime.request('/api/orders', {
    method: 'POST', token: integration,
    json: { channel: 'website', lines: [{ sku: 'REJ-1', quantity: 1 }], fulfillment: { type: 'delivery' }, ...body },
  });
}

async function storedIdentity(value: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(runtime.db, sql`
    select (select count(*) from identities where value = ${value})
         + (select count(*) from identity_links where value = ${value}) as count`);
  return Number(row!.count);
}

describe('rejected order', () => {
  it('unknown channel claims nothing', async () => {
    const response = await order({ channel: 'no-such-channel', external_id: 'REJ-A', customer: { phone: '0812-9000-3333' } });
    expect(response.status).toBe(404);
    expect(await storedIdentity('+6281290003333')).toBe(0);
  });

  it('unknown SKU claims nothing', async () => {
    const response = await order({ external_id: 'REJ-B', customer: { email: 'rejected.sku@toko.id' }, lines: [{ sku: 'NOPE-1', quantity: 1 }] });
    expect(response.status).toBe(422);
    expect(await storedIdentity('rejected.sku@toko.id')).toBe(0);
  });

  it('missing stock claims nothing', async () => {
    const response = await order({
      external_id: 'REJ-C', customer: { phone: '0812-9000-4444', email: 'rejected.stock@toko.id' }, lines: [{ sku: 'REJ-1', quantity: 5 }],
    });
    expect(response.status).toBe(409);
    expect(await storedIdentity('+6281290004444')).toBe(0);
    expect(await storedIdentity('rejected.stock@toko.id')).toBe(0);
  });

  it('accepted order files its customer', async () => {
    const response = await order({ external_id: 'REJ-D', customer: { phone: '0812-9000-5555' } });
    expect(response.status).toBe(201);
    const created = await jsonOf(response);
    expect(created.profile_id).toEqual(expect.stringMatching(/^prf_/));
    expect(await storedIdentity('+6281290005555')).toBe(2);
  });
});
