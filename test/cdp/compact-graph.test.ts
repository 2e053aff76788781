import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplayGraph } from '../../src/cdp/index.js';
import { prepareClaims, usableIdentifiers } from '../../src/cdp/claims.js';
import { CompactGraph } from '../../src/cdp/compact-graph.js';
import type { Identifier } from '../../src/cdp/plan.js';
import { identityKey } from '../../src/cdp/rules.js';
import { claimStream } from './claim-stream.js';

/** A small universe of normalised identifiers, so that random claims hit every per-type limit. */
const universe: Identifier[] = [
  ...['+628111000001', '+628111000002', '+628111000003', '+628111000004', '+628111000005'].map((value) => ({ type: 'phone' as const, value })),
  ...['a@toko.id', 'b@toko.id', 'c@toko.id', 'd@toko.id'].map((value) => ({ type: 'email' as const, value })),
  ...['ig-1', 'ig-2', 'ig-3'].map((value) => ({ type: 'instagram_id' as const, value })),
  ...['M-1', 'M-2', 'M-3'].map((value) => ({ type: 'pos_member_id' as const, value })),
  ...['shopee:11', 'shopee:12', 'tokopedia:11'].map((value) => ({ type: 'marketplace_buyer_id' as const, value })),
  ...['v-1', 'v-2'].map((value) => ({ type: 'web_visitor_id' as const, value })),
  ...['acct-1', 'acct-2'].map((value) => ({ type: 'website_account_id' as const, value })),
];
const keys = universe.map(identityKey);

const event = fc.oneof(
  { weight: 8, arbitrary: fc.uniqueArray(fc.nat(universe.length - 1), { minLength: 1, maxLength: 5 }).map((picks) => ({ kind: 'claim' as const, picks })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(universe.length - 1), fc.nat(universe.length - 1)).map(([winner, loser]) => ({ kind: 'merge' as const, winner, loser })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(universe.length - 1), fc.nat(universe.length - 1)).map(([winner, loser]) => ({ kind: 'unmerge' as const, winner, loser })) },
);

/** Profiles as sorted lists of identity keys. */
function partitionOf(labels: Map<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [key, label] of labels) groups.set(label, [...(groups.get(label) ?? []), key]);
  return [...groups.values()].map((group) => group.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe('compact identity graph', () => {
  it('matches the replay graph on random claims, merges and unmerges', () => {
    fc.assert(fc.property(fc.array(event, { minLength: 1, maxLength: 40 }), (events) => {
      const replay = new ReplayGraph();
      const compact = new CompactGraph();
      for (const item of events) {
        if (item.kind === 'claim') {
          const step = replay.apply(item.picks.map((pick) => universe[pick]!));
          const unplaced = compact.apply(item.picks.map((pick) => keys[pick]!));
          expect([...unplaced].sort()).toEqual((step?.plan.unplaced ?? []).map(identityKey).sort());
        } else if (item.kind === 'merge') {
          expect(compact.mergeManually(keys[item.winner]!, keys[item.loser]!)).toBe(replay.mergeManually(keys[item.winner]!, keys[item.loser]!));
        } else {
          expect(compact.unmergeManually(keys[item.winner]!, keys[item.loser]!)).toBe(replay.unmergeManually(keys[item.winner]!, keys[item.loser]!));
        }
      }
      expect(partitionOf(compact.partitionLabels())).toEqual(partitionOf(replay.partitionLabels()));
    }), { numRuns: 500 });
  });

  it('matches the replay graph on a realistic claim stream', () => {
    const next = claimStream({ people: 3_000, seed: 7 });
    const replay = new ReplayGraph();
    const compact = new CompactGraph();
    for (let index = 0; index < 10_000; index += 1) {
      const usable = usableIdentifiers(prepareClaims(next().claims));
      replay.apply(usable);
      compact.apply(usable.map(identityKey));
    }
    const labels = compact.partitionLabels();
    expect(labels.size).toBeGreaterThan(5_000);
    expect(partitionOf(labels)).toEqual(partitionOf(replay.partitionLabels()));
  });

  it('rejects a key of an unknown type', () => {
    expect(() => new CompactGraph().apply(['fax:123'])).toThrow(/unknown identity type/);
  });
});
