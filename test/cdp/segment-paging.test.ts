import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentityClaims } from '../../src/cdp/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { profileOf } from './fixtures.js';

let runtime: TestRuntime;
let segmentId: string;
const members: string[] = [];

beforeAll(async () => {
  runtime = await createTestRuntime();
  for (let index = 0; index < 5; index += 1) {
    const profileId = profileOf(await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'email', value: `paging.${index}@toko.id` }] }));
    const saved = await runtime.request(`/api/profiles/${profileId}/fields`, { method: 'POST', json: { field: 'city', value: 'Cimahi' } });
    expect(saved.status).toBe(200);
    members.push(profileId);
  }
  const created = await runtime.request('/api/segments', { method: 'POST', json: { name: 'cimahi', filter: { city: 'Cimahi' } } });
  expect(created.status).toBe(201);
  segmentId = (await jsonOf(created)).id;
});
afterAll(async () => { await runtime?.close(); });

describe('segment member pages', () => {
  it('walk every member once', async () => {
    const seen: string[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await runtime.request(`/api/segments/${segmentId}/profiles?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = await jsonOf(response);
      pages.push(page.items.length);
      seen.push(...page.items.map((item: { profile_id: string }) => item.profile_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toEqual([...members].sort());
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['cursor=nope', 'cursor'],
  ])('rejects %s', async (query, field) => {
    const response = await runtime.request(`/api/segments/${segmentId}/profiles?${query}`);
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe(field);
  });
});
