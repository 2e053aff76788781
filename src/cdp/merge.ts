import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import type { Identifier } from './plan.js';
import { refreshSurvivingFields } from './fields.js';
import { foldProfile } from './profiles.js';

/** Advisory lock key held while the identity graph changes; reads never take it. */
const identityGraphLockKey = 727_001;

/**
 * Serialises changes to the identity graph for the rest of the transaction. Merges read whole profile
 * groups and rewrite canonical ids, so two changes running side by side could each see the other's
 * groups half-updated; one lock keeps every change working on a settled graph.
 */
export async function lockIdentityGraph(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${identityGraphLockKey})`);
}

export interface MergeRecord {
  winnerId: string;
  loserId: string;
  claimId: string | null;
  rule: string;
  via: Identifier | null;
  actor: string;
}

export async function recordMerge(tx: Executor, merge: MergeRecord): Promise<string> {
  const id = newId('mrg');
  await tx.execute(sql`
    insert into profile_merges (id, winner_id, loser_id, claim_id, rule, via_type, via_value, actor)
    values (${id}, ${merge.winnerId}, ${merge.loserId}, ${merge.claimId}, ${merge.rule},
            ${merge.via?.type ?? null}, ${merge.via?.value ?? null}, ${merge.actor})`);
  return id;
}

export type ManualMergeResult =
  | { kind: 'merged'; mergeId: string; profileId: string }
  | { kind: 'already_merged'; profileId: string }
  | { kind: 'not_found'; profileId: string };

/**
 * Merges two profiles on an agent's or owner's word (confirming a merge candidate, for instance). Limits
 * do not apply: a person decided. The first profile's canonical profile survives.
 */
export async function mergeProfiles(
  db: Executor, input: { profileId: string; otherProfileId: string; actor: string; candidateId?: string },
): Promise<ManualMergeResult> {
  return db.transaction(async (tx) => {
    await lockIdentityGraph(tx);
    const rows = await queryRows<{ id: string; canonical_id: string }>(tx, sql`
      select id, canonical_id from profiles where id in (${input.profileId}, ${input.otherProfileId})`);
    const winner = rows.find((row) => row.id === input.profileId);
    const loser = rows.find((row) => row.id === input.otherProfileId);
    if (!winner) return { kind: 'not_found', profileId: input.profileId } as const;
    if (!loser) return { kind: 'not_found', profileId: input.otherProfileId } as const;
    if (winner.canonical_id === loser.canonical_id) return { kind: 'already_merged', profileId: winner.canonical_id } as const;
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
