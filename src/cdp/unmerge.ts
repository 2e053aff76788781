import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { lastClaimSeq, lockIdentityGraph } from './merge.js';
import { refreshSurvivingFields } from './fields.js';
import { unfoldProfile } from './profiles.js';

export type UnmergeResult =
  | { kind: 'unmerged'; mergeId: string; profileId: string; restoredProfileId: string }
  | { kind: 'not_found' }
  | { kind: 'already_undone'; undoneAt: string }
  /** A side was erased: its identities and links are gone, so there is nothing to give back. */
  | { kind: 'erased'; profileId: string };

/**
 * Undoes one merge: the loser and every profile later merged into it become their own canonical profile
 * again, so their identities, orders, loyalty entries, conversations and messages (stored under the
 * original profile ids) return with them. Automatic merges between the two sides are refused afterwards unless `reason` is
 * `quarantine`, which undoes a merge made through a bad identifier rather than a wrong person.
 */
export async function undoMerge(
  db: Executor, input: { mergeId: string; actor: string; reason: string },
): Promise<UnmergeResult> {
  return db.transaction(async (tx) => {
    await lockIdentityGraph(tx);
    return undoMergeLocked(tx, input);
  });
}

/** `undoMerge` for a caller that already holds the identity graph lock. */
export async function undoMergeLocked(
  tx: Executor, input: { mergeId: string; actor: string; reason: string },
): Promise<UnmergeResult> {
  const rows = await queryRows<{ winner_id: string; loser_id: string; undone_at: Date | string | null; erased_id: string | null }>(tx, sql`
    select m.winner_id, m.loser_id, m.undone_at,
           case when w.erased_at is not null then w.id when l.erased_at is not null then l.id end as erased_id
      from profile_merges m join profiles w on w.id = m.winner_id join profiles l on l.id = m.loser_id
     where m.id = ${input.mergeId}`);
  const merge = rows[0];
  if (!merge) return { kind: 'not_found' };
  if (merge.undone_at) return { kind: 'already_undone', undoneAt: new Date(merge.undone_at).toISOString() };
  if (merge.erased_id) return { kind: 'erased', profileId: merge.erased_id };
  await unfoldProfile(tx, merge.loser_id);
  await tx.execute(sql`
    update profile_merges set undone_at = clock_timestamp(), undone_by = ${input.actor}, undo_reason = ${input.reason},
           undone_after_claim_seq = ${lastClaimSeq}
     where id = ${input.mergeId}`);
  const winner = await queryRows<{ canonical_id: string }>(tx, sql`select canonical_id from profiles where id = ${merge.winner_id}`);
  await refreshSurvivingFields(tx, winner[0]!.canonical_id);
  await refreshSurvivingFields(tx, merge.loser_id);
  return { kind: 'unmerged', mergeId: input.mergeId, profileId: winner[0]!.canonical_id, restoredProfileId: merge.loser_id };
}
