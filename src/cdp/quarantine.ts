import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import type { Identifier } from './plan.js';
import type { IdentityType } from './schema.js';
import { textArray } from './snapshot.js';
import { identityKey, personTypes, quarantineAfterDistinctValues } from './rules.js';
import { undoMergeLocked } from './unmerge.js';

/** A row of `cdp_widely_shared`: an identifier and the person type it was claimed with too often. */
export interface WidelySharedRow { type: IdentityType; value: string; other_type: string; distinct_values: number }

/**
 * The identifiers among `identifiers` that have been claimed together with more than
 * `quarantineAfterDistinctValues` distinct values of one person type, with that count, in one statement.
 */
export async function findWidelyShared(tx: Executor, identifiers: Identifier[]): Promise<(Identifier & { note: string })[]> {
  if (identifiers.length === 0) return [];
  const rows = await queryRows<WidelySharedRow>(tx, sql`
    select * from cdp_widely_shared(
      ${textArray(identifiers.map((item) => item.type))}, ${textArray(identifiers.map((item) => item.value))},
      ${textArray(personTypes)}, ${quarantineAfterDistinctValues})`);
  return describeWidelyShared(rows);
}

export function describeWidelyShared(rows: WidelySharedRow[]): (Identifier & { note: string })[] {
  return rows.map((row) => ({ type: row.type, value: row.value, note: `claimed with ${row.distinct_values} distinct ${row.other_type} values` }));
}

/**
 * Quarantines each of `identifiers` that is widely shared (`findWidelyShared`) and returns the keys
 * quarantined. The caller holds the identity graph lock.
 */
export async function quarantineIfSharedWidely(tx: Executor, identifiers: Identifier[], actor: string): Promise<string[]> {
  const quarantined: string[] = [];
  for (const identifier of await findWidelyShared(tx, identifiers)) {
    const { note, ...plain } = identifier;
    await detachIdentifier(tx, plain, { reason: 'quarantine', actor, note });
    quarantined.push(identityKey(identifier));
  }
  return quarantined;
}

/**
 * Blocks an identifier and takes it off the graph: merges made by claims that contained it are undone,
 * identifiers attached through it move to a profile of their own per claim, open merge candidates raised
 * by those claims are dismissed, and its identity row is removed. Orders and messages already stored under
 * a profile stay there. The caller holds the identity graph lock.
 */
export async function detachIdentifier(
  tx: Executor, identifier: Identifier, block: { reason: 'configured' | 'junk' | 'quarantine'; actor: string; note?: string },
): Promise<void> {
  await tx.execute(sql`
    insert into identity_blocklist (type, value, reason, note, actor)
    values (${identifier.type}, ${identifier.value}, ${block.reason}, ${block.note ?? null}, ${block.actor})
    on conflict do nothing`);

  const merges = await queryRows<{ id: string }>(tx, sql`
    select distinct m.id, m.created_at from profile_merges m
      join identity_links l on l.claim_id = m.claim_id
     where m.undone_at is null and l.type = ${identifier.type} and l.value = ${identifier.value}
     order by m.created_at desc, m.id desc`);
  for (const merge of merges) await undoMergeLocked(tx, { mergeId: merge.id, actor: block.actor, reason: 'quarantine' });

  const attached = await queryRows<{ id: string; claim_id: string | null; created_at: Date | string }>(tx, sql`
    select id, claim_id, created_at from identities where linked_via = ${identityKey(identifier)} order by created_at, id`);
  const profileByClaim = new Map<string, string>();
  for (const row of attached) {
    const group = row.claim_id ?? row.id;
    let profileId = profileByClaim.get(group);
    if (!profileId) {
      profileId = newId('prf');
      await tx.execute(sql`insert into profiles (id, canonical_id) values (${profileId}, ${profileId})`);
      profileByClaim.set(group, profileId);
    }
    await tx.execute(sql`update identities set profile_id = ${profileId}, linked_via = null where id = ${row.id}`);
  }

  await tx.execute(sql`
    update merge_candidates c set status = 'dismissed', decided_by = ${block.actor}, decided_at = now()
      from identity_links l
     where c.status = 'open' and l.claim_id = c.claim_id and l.type = ${identifier.type} and l.value = ${identifier.value}`);
  await tx.execute(sql`delete from identities where type = ${identifier.type} and value = ${identifier.value}`);
}
