import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalProfileId, defaultLoyaltyRule, earnOrderPoints, getLoyaltyPage, getProfileView, getTimelinePage, mergeProfiles, normalizeIdentity,
  recomputeIdentityGraph, ReplayGraph, resolveIdentityClaims, undoMerge, type IdentityClaim,
} from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertMessage, insertOrder, insertVariant } from './fixtures.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

/** Phone written the ways customers write it; all normalise to the same E.164 number. */
function phoneForms(subscriber: string): string[] {
  return [`08${subscriber}`, `+62 8${subscriber}`, `628${subscriber}`, `8${subscriber}`, `0${'8' + subscriber.slice(0, 3)}-${subscriber.slice(3)}`];
}

interface Person { phone: string; email: string; instagram: string }

/** People with identifiers unique to `namespace`, a small positive number, so that runs never share values. */
function people(namespace: number, count: number): Person[] {
  return Array.from({ length: count }, (_, index) => ({
    phone: `12${index + 1}${String(namespace).padStart(6, '0')}7`,
    email: `p${index}.${namespace}@toko.id`,
    instagram: `ig-${namespace}-${index}`,
  }));
}

/** Claims naming one person each: non-empty subsets of the person's identifiers, phone in any written form. */
const claimPlan = (personCount: number) => fc.array(
  fc.record({
    person: fc.integer({ min: 0, max: personCount - 1 }),
    fields: fc.subarray(['phone', 'email', 'instagram'] as const, { minLength: 1 }),
    form: fc.integer({ min: 0, max: 4 }),
  }),
  { minLength: 1, maxLength: 14 },
);

function toClaims(person: Person, fields: readonly ('phone' | 'email' | 'instagram')[], form: number): IdentityClaim[] {
  return fields.map((field) => {
    if (field === 'phone') return { type: 'phone', value: phoneForms(person.phone)[form]! };
    if (field === 'email') return { type: 'email', value: person.email.toUpperCase() };
    return { type: 'instagram_id', value: person.instagram };
  });
}

function normalized(claims: IdentityClaim[]) {
  return claims.map((claim) => {
    const result = normalizeIdentity(claim.type, claim.value);
    if (!result.ok) throw new Error(`fixture value rejected: ${claim.value}`);
    return { type: claim.type, value: result.value };
  });
}

/** Profiles as sets of identity keys, in a canonical order. */
function partitionOf(labels: Map<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [key, label] of labels) groups.set(label, [...(groups.get(label) ?? []), key]);
  return [...groups.values()].map((keys) => keys.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Profiles among `ids` whose canonical id is not the root of their `merged_into` chain. */
async function canonicalsFollowTree(ids: string[]): Promise<string[]> {
  const rows = await queryRows<{ id: string; merged_into: string | null; canonical_id: string }>(runtime.db, sql`
    select id, merged_into, canonical_id from profiles where canonical_id in (
      select canonical_id from profiles where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))`);
  const parent = new Map(rows.map((row) => [row.id, row.merged_into]));
  return rows.filter((row) => {
    let node = row.id;
    while (parent.get(node)) node = parent.get(node)!;
    return node !== row.canonical_id;
  }).map((row) => row.id);
}

describe('identity graph properties', () => {
  it('gives one partition for any claim order', () => {
    fc.assert(fc.property(claimPlan(4), fc.infiniteStream(fc.nat()), (plan, seeds) => {
      const persons = people(1, 4);
      const claims = plan.map((step) => normalized(toClaims(persons[step.person]!, step.fields, step.form)));
      const shuffled = [...claims].map((claim) => ({ claim, rank: seeds.next().value })).sort((a, b) => a.rank - b.rank);
      const inOrder = new ReplayGraph();
      for (const claim of claims) inOrder.apply(claim);
      const reordered = new ReplayGraph();
      for (const { claim } of shuffled) reordered.apply(claim);
      expect(partitionOf(reordered.partitionLabels())).toEqual(partitionOf(inOrder.partitionLabels()));
    }), { numRuns: 200 });
  });

  it('stores what a recompute rebuilds', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(claimPlan(3), async (plan) => {
      run += 1;
      const persons = people(100 + run, 3);
      for (const step of plan) {
        await resolveIdentityClaims(runtime.db, { claims: toClaims(persons[step.person]!, step.fields, step.form), source: 'whatsapp' });
      }
      const owners = await queryRows<{ count: number }>(runtime.db, sql`
        select count(*)::int as count from identities where value in (${persons[0]!.email}, ${persons[0]!.instagram})`);
      expect(owners[0]!.count).toBeLessThanOrEqual(2);
      const report = await recomputeIdentityGraph(runtime.db);
      expect(report.differences).toEqual([]);
    }), { numRuns: 12 });
  });

  it('keeps identities and timeline through merge and unmerge', async () => {
    let run = 0;
    const channelId = await insertChannel(runtime.db, 'pos-property', 'pos');
    const variantId = await insertVariant(runtime.db, 'PROPERTY-1');
    // Each person has three timeline entries: one message, one POS purchase and the loyalty points it earned.
    const pointsOf = (index: number) => 10 * (index + 1);
    const entriesPerPerson = 3;
    const operations = fc.array(fc.oneof(
      fc.record({ kind: fc.constant('bridge' as const), left: fc.nat(3), right: fc.nat(3) }),
      fc.record({ kind: fc.constant('manual' as const), left: fc.nat(3), right: fc.nat(3) }),
      fc.record({ kind: fc.constant('undo' as const), pick: fc.nat(20) }),
    ), { minLength: 1, maxLength: 10 });
    await fc.assert(fc.asyncProperty(operations, async (steps) => {
      run += 1;
      const persons = people(500 + run, 4);
      const original: string[] = [];
      for (const [index, person] of persons.entries()) {
        const result = await resolveIdentityClaims(runtime.db, { claims: toClaims(person, ['phone', 'instagram'], 0), source: 'instagram' });
        if (result.kind !== 'resolved') throw new Error('fixture claim rejected');
        original.push(result.profileId);
        await insertMessage(runtime.db, { profileId: result.profileId, channel: 'instagram', thread: person.instagram, body: `m${index}`, sentAt: new Date(Date.UTC(2026, 10, 1, index)) });
        const orderId = await insertOrder(runtime.db, {
          channelId, profileId: result.profileId, placedAt: new Date(Date.UTC(2026, 10, 2, index)), variantId, total: pointsOf(index) * 10_000,
        });
        await earnOrderPoints(runtime.db, { orderId, rule: defaultLoyaltyRule, actor: 'property' });
      }
      const totalPoints = persons.reduce((sum, _person, index) => sum + pointsOf(index), 0);
      const identityCount = async () => (await queryRows<{ count: number }>(runtime.db, sql`
        select count(*)::int as count from identities where profile_id in (select jsonb_array_elements_text(${JSON.stringify(original)}::jsonb))`))[0]!.count;
      const before = await identityCount();

      for (const step of steps) {
        if (step.kind === 'bridge' && step.left !== step.right) {
          await resolveIdentityClaims(runtime.db, {
            claims: [{ type: 'instagram_id', value: persons[step.left]!.instagram }, { type: 'phone', value: phoneForms(persons[step.right]!.phone)[2]! }],
            source: 'instagram',
          });
        } else if (step.kind === 'manual' && step.left !== step.right) {
          await mergeProfiles(runtime.db, { profileId: original[step.left]!, otherProfileId: original[step.right]!, actor: 'property' });
        } else if (step.kind === 'undo') {
          const active = await queryRows<{ id: string }>(runtime.db, sql`
            select id from profile_merges where undone_at is null
               and loser_id in (select jsonb_array_elements_text(${JSON.stringify(original)}::jsonb)) order by id`);
          if (active.length > 0) await undoMerge(runtime.db, { mergeId: active[step.pick % active.length]!.id, actor: 'property', reason: 'test' });
        }
        expect(await identityCount()).toBe(before);
        const canonicals = new Set(await Promise.all(original.map((id) => canonicalProfileId(runtime.db, id))));
        let messages = 0;
        for (const canonical of canonicals) messages += (await getProfileView(runtime.db, canonical))!.messages.length;
        expect(messages).toBe(persons.length);
        let entries = 0;
        let balance = 0;
        for (const canonical of canonicals) {
          const timeline = await getTimelinePage(runtime.db, canonical, { limit: 200 });
          entries += timeline.items.filter((item) => item.kind !== 'merge' && item.kind !== 'unmerge').length;
          balance += (await getLoyaltyPage(runtime.db, canonical, { limit: 1 })).balance;
        }
        expect(entries).toBe(persons.length * entriesPerPerson);
        expect(balance).toBe(totalPoints);
        expect(await canonicalsFollowTree(original)).toEqual([]);
        expect((await recomputeIdentityGraph(runtime.db)).differences).toEqual([]);
      }

      const active = await queryRows<{ id: string }>(runtime.db, sql`
        select id from profile_merges where undone_at is null
           and loser_id in (select jsonb_array_elements_text(${JSON.stringify(original)}::jsonb)) order by created_at desc`);
      for (const merge of active) await undoMerge(runtime.db, { mergeId: merge.id, actor: 'property', reason: 'test' });
      for (const [index, profileId] of original.entries()) {
        expect(await canonicalProfileId(runtime.db, profileId)).toBe(profileId);
        const loyalty = await getLoyaltyPage(runtime.db, profileId, { limit: 10 });
        expect(loyalty.balance).toBe(pointsOf(index));
        expect(loyalty.items.map((item) => item.profile_id)).toEqual([profileId]);
        const view = await getProfileView(runtime.db, profileId);
        expect(view!.identities.filter((identity) => identity.profile_id === profileId).length).toBeGreaterThanOrEqual(2);
        expect(view!.messages).toHaveLength(1);
      }
    }), { numRuns: 10 });
  });
});
