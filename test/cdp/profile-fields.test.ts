import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentityClaims } from '../../src/cdp/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { profileOf } from './fixtures.js';

let runtime: TestRuntime;
let profileId: string;
beforeAll(async () => {
  runtime = await createTestRuntime();
  profileId = profileOf(await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'email', value: 'fields.check@toko.id' }] }));
  const saved = await runtime.request(`/api/profiles/${profileId}/fields`, { method: 'POST', json: { field: 'display_name', value: 'Sari' } });
  expect(saved.status).toBe(200);
});
afterAll(async () => { await runtime?.close(); });

describe('profile field values', () => {
  it.each([
    ['display_name', ''],
    ['display_name', 'Sari\u202e'],
    ['display_name', 'Sa\u200bri'],
    ['city', 'Band\u0000ung'],
    ['locale', 'klingon!!'],
    ['birthday', '2026-02-30'],
  ])('rejects %s %j', async (field, value) => {
    const response = await runtime.request(`/api/profiles/${profileId}/fields`, { method: 'POST', json: { field, value } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('value');
    const view = await jsonOf(await runtime.request(`/api/profiles/${profileId}`));
    expect(view.display_name).toBe('Sari');
  });

  it('accepts a locale tag', async () => {
    const response = await runtime.request(`/api/profiles/${profileId}/fields`, { method: 'POST', json: { field: 'locale', value: 'id-ID' } });
    expect(response.status).toBe(200);
  });
});
