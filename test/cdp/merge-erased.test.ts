import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { canonicalProfileId, resolveIdentityClaims, type IdentityClaim } from '../../src/cdp/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
let agent: string;
beforeAll(async () => {
  runtime = await createTestRuntime();
  agent = await runtime.tokenFor('agent');
});
afterAll(async () => { await runtime?.close(); });

async function profileOf(claims: IdentityClaim[]): Promise<string> {
  const result = await resolveIdentityClaims(runtime.db, { claims, source: 'pos-bandung' });
  if (result.kind !== 'resolved') throw new Error(`claim rejected: ${result.reason}`);
  return result.profileId;
}

async function erase(profileId: string): Promise<void> {
  const requested = await runtime.request(`/api/profiles/${profileId}/erasure`, { method: 'POST', json: { reason: 'customer request' } });
  expect(requested.status).toBe(202);
  await runtime.jobs.drain();
}

describe('merging an erased profile', () => {
  it('rejects a manual merge either way', async () => {
    const live = await profileOf([{ type: 'email', value: 'masih.ada@toko.id' }]);
    const erased = await profileOf([{ type: 'email', value: 'sudah.dihapus@toko.id' }]);
    await erase(erased);

    for (const [winner, loser] of [[erased, live], [live, erased]] as const) {
      const response = await runtime.request(`/api/profiles/${winner}/merge`, { method: 'POST', token: agent, json: { other_profile_id: loser } });
      expect(response.status).toBe(409);
      const problem = await jsonOf(response);
      expect(problem.type).toMatch(/conflict$/);
      expect(problem.detail).toContain(erased);
    }
    expect(await canonicalProfileId(runtime.db, live)).toBe(live);
    const view = await jsonOf(await runtime.request(`/api/profiles/${live}`, { token: agent }));
    expect(view.erased_at).toBeNull();
    expect(view.identities.map((identity: { value: string }) => identity.value)).toEqual(['masih.ada@toko.id']);
    const history = await jsonOf(await runtime.request(`/api/profiles/${live}/merges`, { token: agent }));
    expect(history.items).toEqual([]);
  });

  it('rejects confirming a candidate', async () => {
    const kept = await profileOf([{ type: 'phone', value: '0857-4000-1001' }, { type: 'pos_member_id', value: 'ERA1' }]);
    const other = await profileOf([{ type: 'phone', value: '0857-4000-1001' }, { type: 'pos_member_id', value: 'ERA2' }]);
    expect(other).not.toBe(kept);
    const candidates = await jsonOf(await runtime.request('/api/merge-candidates', { token: agent }));
    const candidate = candidates.items.find((item: { profile_id: string; other_profile_id: string }) =>
      [item.profile_id, item.other_profile_id].sort().join() === [kept, other].sort().join());
    expect(candidate).toBeDefined();
    await erase(other);
    const open = await jsonOf(await runtime.request('/api/merge-candidates', { token: agent }));
    expect(open.items.map((item: { id: string }) => item.id)).not.toContain(candidate.id);

    const decided = await runtime.request(`/api/merge-candidates/${candidate.id}/decision`, { method: 'POST', token: agent, json: { decision: 'merge' } });
    expect(decided.status).toBe(409);
    expect(await canonicalProfileId(runtime.db, kept)).toBe(kept);
    expect(await canonicalProfileId(runtime.db, other)).toBe(other);
  });
});

describe('merging a profile with itself', () => {
  it('rejects the request', async () => {
    const profileId = await profileOf([{ type: 'email', value: 'sendiri@toko.id' }]);
    const response = await runtime.request(`/api/profiles/${profileId}/merge`, { method: 'POST', token: agent, json: { other_profile_id: profileId } });
    expect(response.status).toBe(400);
    const problem = await jsonOf(response);
    expect(problem.invalid_fields).toEqual([expect.objectContaining({ name: 'other_profile_id' })]);
    const history = await jsonOf(await runtime.request(`/api/profiles/${profileId}/merges`, { token: agent }));
    expect(history.items).toEqual([]);
  });
});

describe('undoing a merge with an erased side', () => {
  it('is rejected', async () => {
    const winner = await profileOf([{ type: 'email', value: 'gabung.a@toko.id' }]);
    const loser = await profileOf([{ type: 'email', value: 'gabung.b@toko.id' }]);
    const merged = await runtime.request(`/api/profiles/${winner}/merge`, { method: 'POST', token: agent, json: { other_profile_id: loser } });
    expect(merged.status).toBe(201);
    const { merge_id: mergeId } = await jsonOf(merged);
    await erase(winner);

    const response = await runtime.request(`/api/merges/${mergeId}/undo`, { method: 'POST', token: agent, json: { reason: 'salah orang' } });
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).detail).toContain('was erased');
    expect(await canonicalProfileId(runtime.db, loser)).toBe(winner);
  });
});

describe('erasing an erased profile', () => {
  it('is rejected without a new request', async () => {
    const profileId = await profileOf([{ type: 'email', value: 'dua.kali@toko.id' }]);
    await erase(profileId);
    const again = await runtime.request(`/api/profiles/${profileId}/erasure`, { method: 'POST', json: { reason: 'customer request' } });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).detail).toContain('already erased');
    const [row] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from data_subject_requests where profile_id = ${profileId}`);
    expect(row!.count).toBe(1);
  });
});
