import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import type { Identifier } from './plan.js';
import { refreshSurvivingFields } from './fields.js';
import { foldProfile } from './profiles.js';
import { textArray } from './snapshot.js';

/**
 * Advisory lock key held while the identity graph changes; reads never take it. The SQL function
 * `cdp_lock_claim_keys` (migration 0022) takes the same key shared.
 */
const identityGraphLockKey = 727_001;

/**
 * Takes the whole identity graph for the rest of the transaction: for changes that reach beyond one
 * claim's profiles (blocking or quarantining a value, manual merges and unmerges, erasure, backfill).
 * Claims hold the same lock shared (`lockClaimSnapshot`), so these wait for running claims and claims wait for them.
 */
export async function lockIdentityGraph(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${identityGraphLockKey})`);
}

/**
 * Row-locks canonical profiles (in id order). Merges rewrite `canonical_id` of a
 * whole group under its canonical row, so holding that row keeps the group settled while a claim plans.
 */
export async function lockCanonicalProfiles(tx: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`select id from profiles where id = any(${textArray([...new Set(ids)].sort())}) order by id for update`);
}

export interface MergeRecord {
  winnerId: string;
  loserId: string;
  claimId: string | null;
  rule: string;
  via: Identifier | null;
  actor: string;
}

/**
 * The `seq` of the last stored claim, for agents' decisions made under the exclusive graph lock: no claim
 * is running then, so every claim up to this one came before the decision and every later one after it.
 */
export const lastClaimSeq = sql`(select coalesce(max(seq), 0) from identity_claims)`;

/**
 * Records a merge. An agent's merge (no claim) also records the last claim before it, so that a recompute
 * replays it in its place among the claims.
 */
export async function recordMerge(tx: Executor, merge: MergeRecord): Promise<string> {
  const id = newId('mrg');
  await tx.execute(sql`
    insert into profile_merges (id, winner_id, loser_id, claim_id, rule, via_type, via_value, actor, created_at, after_claim_seq)
    values (${id}, ${merge.winnerId}, ${merge.loserId}, ${merge.claimId}, ${merge.rule},
            ${merge.via?.type ?? null}, ${merge.via?.value ?? null}, ${merge.actor}, clock_timestamp(),
            ${merge.claimId === null ? lastClaimSeq : null})`);
  return id;
}

export type ManualMergeResult =
  | { kind: 'merged'; mergeId: string; profileId: string }
  | { kind: 'already_merged'; profileId: string }
  | { kind: 'not_found'; profileId: string }
  | { kind: 'erased'; profileId: string };

/**
 * Merges two profiles on an agent's or owner's word (confirming a merge candidate, for instance). Limits
 * do not apply: a person decided. The first profile's canonical profile survives.
 */
export async function mergeProfiles(
  db: Executor, input: { profileId: string; otherProfileId: string; actor: string; candidateId?: string },
): Promise<ManualMergeResult> {
  return db.transaction(async (tx) => {
    await lockIdentityGraph(tx);
    const rows = await queryRows<{ id: string; canonical_id: string; erased: boolean }>(tx, sql`
      select p.id, p.canonical_id, (p.erased_at is not null or c.erased_at is not null) as erased
        from profiles p join profiles c on c.id = p.canonical_id
       where p.id in (${input.profileId}, ${input.otherProfileId})`);
    const winner = rows.find((row) => row.id === input.profileId);
    const loser = rows.find((row) => row.id === input.otherProfileId);
    if (!winner) return { kind: 'not_found', profileId: input.profileId } as const;
    if (!loser) return { kind: 'not_found', profileId: input.otherProfileId } as const;
    if (winner.canonical_id === loser.canonical_id) return { kind: 'already_merged', profileId: winner.canonical_id } as const;
    // An erased profile keeps no identities; merging a live customer into it would hide them as erased too.
    const erased = [winner, loser].find((row) => row.erased);
    if (erased) return { kind: 'erased', profileId: erased.id } as const;
    await foldProfile(tx, { winnerMemberId: winner.id, winnerId: winner.canonical_id, loserId: loser.canonical_id });
    const mergeId = await recordMerge(tx, {
      winnerId: winner.id, loserId: loser.canonical_id, claimId: null, rule: 'manual', via: null, actor: input.actor,
    });
    await refreshSurvivingFields(tx, winner.canonical_id);
    if (input.candidateId) {
      await tx.execute(sql`
        update merge_candidates set status = 'merged', decided_by = ${input.actor}, decided_at = now()
         where id = ${input.candidateId} and status = 'open'`);
    }
    return { kind: 'merged', mergeId, profileId: winner.canonical_id } as const;
  });
}
