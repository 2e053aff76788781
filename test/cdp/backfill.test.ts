import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillIdentityClaims, recomputeIdentityGraph, resolveIdentityClaims, type ResolveInput } from '../../src/cdp/index.js';
import { queryRows, type Executor } from '../../src/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { claimStream, shopNumberE164 } from './claim-stream.js';

let live: TestRuntime;
let bulk: TestRuntime;
beforeAll(async () => {
  live = await createTestRuntime();
  bulk = await createTestRuntime();
});
afterAll(async () => {
  await live?.close();
  await bulk?.close();
});

/** Profiles as sorted lists of identity keys, independent of profile ids. */
async function partition(db: Executor): Promise<string[][]> {
  const rows = await queryRows<{ keys: string[] }>(db, sql`
    select array_agg(i.type || ':' || i.value order by i.type, i.value) as keys
      from identities i join profiles p on p.id = i.profile_id group by p.canonical_id`);
  return rows.map((row) => row.keys).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

async function quarantined(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ key: string }>(db, sql`
    select type || ':' || value as key from identity_blocklist where reason = 'quarantine' order by 1`);
  return rows.map((row) => row.key);
}

describe('identity backfill', () => {
  const next = claimStream({ people: 300, seed: 7, shopNumberRate: 0.05 });
  const claims: ResolveInput[] = Array.from({ length: 1200 }, (_, index) => ({
    ...next(), observedAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000), actor: 'test',
  }));

  it('backfill equals one-by-one resolution', async () => {
    for (const claim of claims) await resolveIdentityClaims(live.db, claim);
    const result = await backfillIdentityClaims(bulk.db, claims);
    expect(result.kind).toBe('loaded');
    expect(await quarantined(bulk.db)).toEqual(await quarantined(live.db));
    expect(await quarantined(bulk.db)).toContain(`phone:${shopNumberE164}`);
    expect(await partition(bulk.db)).toEqual(await partition(live.db));
  });

  it('backfill agrees with its recompute', async () => {
    const report = await recomputeIdentityGraph(bulk.db);
    expect(report.differences).toEqual([]);
  });

  it('backfill refuses a loaded graph', async () => {
    const result = await backfillIdentityClaims(bulk.db, claims.slice(0, 1));
    expect(result.kind).toBe('not_empty');
  });

  it('backfill continues live', async () => {
    const more = claims.slice(0, 50).map((claim) => ({ ...claim, observedAt: new Date(Date.UTC(2026, 1, 1)) }));
    for (const claim of more) {
      await resolveIdentityClaims(live.db, claim);
      await resolveIdentityClaims(bulk.db, claim);
    }
    expect(await partition(bulk.db)).toEqual(await partition(live.db));
  });
});
