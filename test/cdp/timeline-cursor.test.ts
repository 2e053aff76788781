import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustLoyaltyPoints, resolveIdentityClaims } from '../../src/cdp/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
let agent: string;
let profileId: string;
beforeAll(async () => {
  runtime = await createTestRuntime();
  agent = await runtime.tokenFor('agent');
  const resolved = await resolveIdentityClaims(runtime.db, { claims: [{ type: 'email', value: 'cursor@toko.id' }], source: 'website' });
  if (resolved.kind !== 'resolved') throw new Error(`claim rejected: ${resolved.reason}`);
  profileId = resolved.profileId;
  for (const points of [5, 6, 7]) {
    await adjustLoyaltyPoints(runtime.db, { profileId, kind: 'adjustment', points, note: 'cursor test', actor: 'test' });
  }
});
afterAll(async () => { await runtime?.close(); });

function cursorOf(at: unknown, key: unknown): string {
  return Buffer.from(JSON.stringify([at, key])).toString('base64url');
}

/** Cursors that decode to a time and key `Date.parse` accepts but PostgreSQL rejects. */
const forgedCursors: Array<[string, string]> = [
  ['a bare number as time', cursorOf('0', 'x')],
  ['a day that does not exist', cursorOf('2026-02-30 00:00:00+00', 'x')],
  ['a year beyond PostgreSQL', cursorOf('+275760-09-13T00:00:00.000Z', 'x')],
  ['two numbers as time', cursorOf('1 2', 'x')],
  ['a NUL character in the key', cursorOf('2026-01-01 00:00:00+00', 'a\u0000b')],
];

describe('timeline and loyalty cursors', () => {
  for (const path of ['timeline', 'loyalty']) {
    for (const [name, cursor] of forgedCursors) {
      it(`${path} rejects ${name}`, async () => {
        const response = await runtime.request(`/api/profiles/${profileId}/${path}?limit=1&cursor=${cursor}`, { token: agent });
        expect(response.status).toBe(400);
        const problem = await jsonOf(response);
        expect(problem.type).toMatch(/validation-failed$/);
        expect(problem.invalid_fields).toEqual([expect.objectContaining({ name: 'cursor' })]);
      });
    }

    it(`${path} pages with its own cursors`, async () => {
      const keys: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const query: string = cursor ? `?limit=1&cursor=${cursor}` : '?limit=1';
        const response = await runtime.request(`/api/profiles/${profileId}/${path}${query}`, { token: agent });
        expect(response.status).toBe(200);
        const body = await jsonOf(response);
        keys.push(...body.items.map((item: { key?: string; id?: string }) => item.key ?? item.id));
        cursor = body.next_cursor;
        if (!cursor) break;
      }
      expect(keys.length).toBeGreaterThanOrEqual(3);
      expect(new Set(keys).size).toBe(keys.length);
    });
  }
});
