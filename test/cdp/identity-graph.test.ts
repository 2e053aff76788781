import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalProfileId, defaultLoyaltyRule, earnOrderPoints, getLoyaltyPage, listProfileMemberIds, resolveIdentityClaims, undoMerge, type IdentityClaim,
} from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertOrder, insertVariant } from './fixtures.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

async function resolve(claims: IdentityClaim[], source = 'whatsapp') {
  return resolveIdentityClaims(runtime.db, { claims, source });
}

async function profileOf(claims: IdentityClaim[], source = 'whatsapp'): Promise<string> {
  const result = await resolve(claims, source);
  if (result.kind !== 'resolved') throw new Error(`claim rejected: ${result.reason}`);
  return result.profileId;
}

describe('identity graph', () => {
  it('merges a chain POS → WhatsApp → Instagram', async () => {
    const pos = await profileOf([{ type: 'pos_member_id', value: 'M-100' }, { type: 'phone', value: '0812-7000-1000' }], 'pos-bandung');
    const wa = await profileOf([{ type: 'whatsapp_id', value: '6281270001000' }, { type: 'email', value: 'Rina.Putri@gmail.com' }]);
    const ig = await profileOf([{ type: 'instagram_id', value: 'ig-rina' }], 'instagram');
    expect(ig).not.toBe(pos);
    const linked = await profileOf([{ type: 'instagram_id', value: 'ig-rina' }, { type: 'email', value: 'rinaputri@gmail.com' }], 'instagram');

    expect(wa).toBe(pos);
    expect(linked).toBe(pos);
    expect(await canonicalProfileId(runtime.db, ig)).toBe(pos);
    expect(await listProfileMemberIds(runtime.db, pos)).toHaveLength(2);
  });

  it('merges nobody through a blocklisted number', async () => {
    await runtime.db.execute(sql`insert into identity_blocklist (type, value, reason, actor) values ('phone', '+622287654321', 'configured', 'test')`);
    const first = await profileOf([{ type: 'email', value: 'andi@toko.id' }, { type: 'phone', value: '022 8765 4321' }]);
    const second = await profileOf([{ type: 'email', value: 'budi@toko.id' }, { type: 'phone', value: '(022) 87654321' }]);
    expect(second).not.toBe(first);
    const owners = await queryRows(runtime.db, sql`select 1 from identities where type = 'phone' and value = '+622287654321'`);
    expect(owners).toHaveLength(0);
  });

  it('merges nobody through the default junk number', async () => {
    const first = await profileOf([{ type: 'email', value: 'citra@toko.id' }, { type: 'phone', value: '0812-3456-7890' }]);
    const second = await profileOf([{ type: 'email', value: 'dodi@toko.id' }, { type: 'whatsapp_id', value: '6281234567890' }]);
    expect(second).not.toBe(first);
    const owners = await queryRows(runtime.db, sql`select 1 from identities where value = '+6281234567890'`);
    expect(owners).toHaveLength(0);
  });

  it('rejects a claim of blocked values only', async () => {
    const result = await resolve([{ type: 'phone', value: '022-8765-4321' }]);
    expect(result.kind).toBe('rejected');
  });

  it('records a candidate past a type limit', async () => {
    const dad = await profileOf([{ type: 'pos_member_id', value: 'M-200' }, { type: 'phone', value: '0812-7000-2000' }], 'pos-bandung');
    const mom = await profileOf([{ type: 'pos_member_id', value: 'M-201' }, { type: 'phone', value: '0812-7000-2000' }], 'pos-bandung');
    expect(mom).not.toBe(dad);
    const candidates = await queryRows<{ profile_id: string; other_profile_id: string; reason: string }>(runtime.db, sql`
      select profile_id, other_profile_id, reason from merge_candidates where status = 'open' and profile_id = ${dad}`);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.other_profile_id).toBe(mom);
    expect(candidates[0]!.reason).toContain('pos_member_id');
  });

  it('never merges on masked marketplace values', async () => {
    const first = await profileOf([{ type: 'marketplace_buyer_id', value: 'shopee:****1234' }, { type: 'email', value: 'sari@yahoo.co.id' }], 'shopee');
    const second = await profileOf([{ type: 'marketplace_buyer_id', value: 'shopee:****1234' }, { type: 'email', value: 'tono@yahoo.co.id' }], 'shopee');
    expect(second).not.toBe(first);
    const masked = await resolve([{ type: 'marketplace_buyer_id', value: 'shopee:****1234' }, { type: 'phone', value: '08******90' }], 'shopee');
    expect(masked.kind).toBe('rejected');
  });

  it('quarantines a number shared by many members', async () => {
    const profiles: string[] = [];
    for (let member = 0; member < 8; member += 1) {
      profiles.push(await profileOf([{ type: 'pos_member_id', value: `Q-${member}` }, { type: 'phone', value: '0812-7000-9999' }], 'pos-bandung'));
    }
    const blocked = await queryRows<{ reason: string }>(runtime.db, sql`select reason from identity_blocklist where value = '+6281270009999'`);
    expect(blocked).toEqual([{ reason: 'quarantine' }]);
    expect(new Set(profiles).size).toBe(8);
    const holders = await queryRows(runtime.db, sql`select 1 from identities where value = '+6281270009999'`);
    expect(holders).toHaveLength(0);
    const open = await queryRows(runtime.db, sql`
      select 1 from merge_candidates c join identity_links l on l.claim_id = c.claim_id
       where c.status = 'open' and l.value = '+6281270009999'`);
    expect(open).toHaveLength(0);
  });

  it('undoes a quarantined merge', async () => {
    const emails = ['a1@kantor.id', 'a2@kantor.id', 'a3@kantor.id'];
    const first = await profileOf([{ type: 'email', value: emails[0]! }, { type: 'phone', value: '021-5550-1234' }]);
    const joined = await profileOf([{ type: 'email', value: emails[1]! }]);
    const merged = await profileOf([{ type: 'email', value: emails[1]! }, { type: 'phone', value: '021 5550 1234' }]);
    expect(await canonicalProfileId(runtime.db, first)).toBe(merged);
    expect(await canonicalProfileId(runtime.db, joined)).toBe(merged);
    for (let index = 2; index < 9; index += 1) {
      await resolve([{ type: 'email', value: `a${index + 1}@kantor.id` }, { type: 'phone', value: '02155501234' }]);
    }
    expect(await canonicalProfileId(runtime.db, joined)).toBe(joined);
    expect(await canonicalProfileId(runtime.db, first)).toBe(first);
    const merges = await queryRows<{ undo_reason: string }>(runtime.db, sql`
      select undo_reason from profile_merges where loser_id in (${first}, ${joined})`);
    expect(merges).toEqual([{ undo_reason: 'quarantine' }]);
  });

  it('unmerges both sides exactly', async () => {
    const left = await profileOf([{ type: 'email', value: 'kiri@toko.id' }, { type: 'web_visitor_id', value: 'v-left' }], 'website');
    const right = await profileOf([{ type: 'phone', value: '0813-2000-3000' }, { type: 'instagram_id', value: 'ig-right' }], 'instagram');
    const channelId = await insertChannel(runtime.db, 'pos-unmerge', 'pos');
    const variantId = await insertVariant(runtime.db, 'UNMERGE-1');
    for (const [profileId, total] of [[left, 150_000], [right, 480_000]] as const) {
      const orderId = await insertOrder(runtime.db, { channelId, profileId, placedAt: new Date('2026-11-02T03:00:00Z'), variantId, total });
      await earnOrderPoints(runtime.db, { orderId, rule: defaultLoyaltyRule, actor: 'test' });
    }
    const orderRows = () => queryRows<{ profile_id: string; total_amount: string | number }>(runtime.db, sql`
      select profile_id, total_amount from orders where profile_id in (${left}, ${right}) order by profile_id`);
    const loyaltyRows = () => queryRows<{ profile_id: string; kind: string; points: string | number }>(runtime.db, sql`
      select profile_id, kind, points from loyalty_entries where profile_id in (${left}, ${right}) order by profile_id`);
    const ordersBefore = await orderRows();
    const loyaltyBefore = await loyaltyRows();
    expect(loyaltyBefore).toHaveLength(2);
    const merged = await profileOf([{ type: 'email', value: 'kiri@toko.id' }, { type: 'phone', value: '081320003000' }], 'website');
    expect(merged).toBe(left);
    expect((await getLoyaltyPage(runtime.db, right, { limit: 10 })).balance).toBe(15 + 48);
    const identityRows = () => queryRows<{ profile_id: string; type: string }>(runtime.db, sql`
      select profile_id, type from identities where profile_id in (${left}, ${right}) order by type`);
    const before = await identityRows();
    const [merge] = await queryRows<{ id: string }>(runtime.db, sql`select id from profile_merges where loser_id = ${right} and undone_at is null`);
    const result = await undoMerge(runtime.db, { mergeId: merge!.id, actor: 'agent', reason: 'different people' });

    expect(result.kind).toBe('unmerged');
    expect(await canonicalProfileId(runtime.db, right)).toBe(right);
    expect(await listProfileMemberIds(runtime.db, left)).toEqual([left]);
    expect(await identityRows()).toEqual(before);
    expect(await orderRows()).toEqual(ordersBefore);
    expect(await loyaltyRows()).toEqual(loyaltyBefore);
    expect((await getLoyaltyPage(runtime.db, left, { limit: 10 })).balance).toBe(15);
    expect((await getLoyaltyPage(runtime.db, right, { limit: 10 })).balance).toBe(48);
    const again = await profileOf([{ type: 'email', value: 'kiri@toko.id' }, { type: 'phone', value: '081320003000' }], 'website');
    expect(again).toBe(left);
    expect(await canonicalProfileId(runtime.db, right)).toBe(right);
  });
});
