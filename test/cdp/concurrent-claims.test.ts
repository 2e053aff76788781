import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeIdentityGraph, resolveIdentityClaims } from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { profileOf } from './fixtures.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

async function identitiesOf(profileId: string): Promise<string[]> {
  const rows = await queryRows<{ key: string }>(runtime.db, sql`
    select i.type || ':' || i.value as key from identities i join profiles p on p.id = i.profile_id
     where p.canonical_id = (select canonical_id from profiles where id = ${profileId}) order by 1`);
  return rows.map((row) => row.key);
}

describe('concurrent identity claims', () => {
  it('one new person claimed at once', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, (_, index) => resolveIdentityClaims(runtime.db, {
      source: 'whatsapp', claims: [{ type: 'phone', value: '0813-5500-0001' }, { type: 'email', value: `sari.${index}@toko.id` }],
    })));
    expect(results.every((result) => result.kind === 'resolved')).toBe(true);
    const [phone] = await queryRows<{ profile_id: string; count: number }>(runtime.db, sql`
      select min(profile_id) as profile_id, count(*)::int as count from identities where value = '+6281355000001'`);
    expect(phone!.count).toBe(1);
    const keys = await identitiesOf(phone!.profile_id);
    // Email's limit is 3 per profile, so the fourth email waits on an overflow profile for an agent. (Six
    // or more emails with one number would quarantine the number as shared.)
    expect(keys.filter((key) => key.startsWith('email:'))).toHaveLength(3);
    const [emails] = await queryRows<{ count: number }>(runtime.db, sql`
      select count(*)::int as count from identities where value like 'sari.%@toko.id'`);
    expect(emails!.count).toBe(4);
    const [candidates] = await queryRows<{ count: number }>(runtime.db, sql`
      select count(*)::int as count from merge_candidates c join profiles p on p.id = c.profile_id
       where p.canonical_id = (select canonical_id from profiles where id = ${phone!.profile_id})`);
    expect(candidates!.count).toBe(1);
  });

  it('racing claims respect a limit', async () => {
    const phone = '0813-5500-0002';
    const owner = profileOf(await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'phone', value: phone }] }));
    await Promise.all(['M-9001', 'M-9002', 'M-9003', 'M-9004'].map((member) => resolveIdentityClaims(runtime.db, {
      source: 'pos', claims: [{ type: 'phone', value: phone }, { type: 'pos_member_id', value: member }],
    })));
    const members = (await identitiesOf(owner)).filter((key) => key.startsWith('pos_member_id:'));
    expect(members).toHaveLength(1);
    const [stored] = await queryRows<{ count: number }>(runtime.db, sql`
      select count(*)::int as count from identities where type = 'pos_member_id' and value like 'M900%'`);
    expect(stored!.count).toBe(4);
  });

  it('recompute agrees after the races', async () => {
    const report = await recomputeIdentityGraph(runtime.db);
    expect(report.differences).toEqual([]);
  });

  it('stale plan writes nothing', async () => {
    const phone = '+6281355000003';
    await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'phone', value: phone }] });
    const before = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from identity_claims`);
    // A plan that expected the phone to be new: another claim created it since.
    const payload = {
      id: 'clm_stale_plan', source: 'pos', actor: 'test', outcome: 'resolved', profile_id: 'prf_stale_plan',
      observed_at: new Date().toISOString(), profiles: ['prf_stale_plan'],
      identities: [{ id: 'idn_stale_plan', profile_id: 'prf_stale_plan', type: 'phone', value: phone, linked_via: null }],
      candidates: [], links: [{ type: 'phone', value: phone, status: 'linked', rule: 'new_profile' }],
      active: [{ type: 'phone', value: phone }], person_types: ['phone'], threshold: 5,
      keys: [`phone:${phone}`], types: ['phone'], values: [phone], fresh: [{ type: 'phone', value: phone }], known: [],
      groups: [], pairs: [],
    };
    const [row] = await queryRows<{ outcome: { applied: boolean } }>(runtime.db, sql`
      select cdp_apply_planned_claim(${JSON.stringify(payload)}::jsonb) as outcome`);
    expect(row!.outcome.applied).toBe(false);
    const after = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from identity_claims`);
    expect(after[0]!.count).toBe(before[0]!.count);
    const [profile] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from profiles where id = 'prf_stale_plan'`);
    expect(profile!.count).toBe(0);
  });

  it('stale profile group writes nothing', async () => {
    const phone = '+6281355000004';
    const owner = profileOf(await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'phone', value: phone }] }));
    const [member] = await queryRows<{ profile_id: string }>(runtime.db, sql`select profile_id from identities where value = ${phone}`);
    await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'phone', value: phone }, { type: 'pos_member_id', value: 'M-9100' }] });
    // A plan made before M-9100 arrived: it saw no POS member id on the profile.
    const payload = {
      id: 'clm_stale_limit', source: 'pos', actor: 'test', outcome: 'resolved', profile_id: owner,
      observed_at: new Date().toISOString(), profiles: [],
      identities: [{ id: 'idn_stale_limit', profile_id: member!.profile_id, type: 'pos_member_id', value: 'M-9101', linked_via: `phone:${phone}` }],
      candidates: [], links: [{ type: 'phone', value: phone, status: 'linked', rule: 'exact_match' }, { type: 'pos_member_id', value: 'M-9101', status: 'linked', rule: 'attached' }],
      active: [{ type: 'phone', value: phone }], person_types: ['phone'], threshold: 5,
      keys: ['phone:' + phone, 'pos_member_id:M-9101'].sort(), types: ['phone', 'pos_member_id'], values: [phone, 'M-9101'],
      fresh: [{ type: 'pos_member_id', value: 'M-9101' }],
      known: [{ type: 'phone', value: phone, profile_id: member!.profile_id, canonical_id: owner }],
      groups: [{ canonical: owner, keys: [`phone:${phone}`] }], pairs: [],
    };
    const [row] = await queryRows<{ outcome: { applied: boolean } }>(runtime.db, sql`
      select cdp_apply_planned_claim(${JSON.stringify(payload)}::jsonb) as outcome`);
    expect(row!.outcome.applied).toBe(false);
    const [stored] = await queryRows<{ count: number }>(runtime.db, sql`select count(*)::int as count from identities where value = 'M-9101'`);
    expect(stored!.count).toBe(0);
  });
});
