import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { mergeProfiles, type ManualMergeResult } from './merge.js';

export interface MergeCandidate {
  id: string;
  profile_id: string;
  other_profile_id: string;
  claim_id: string | null;
  reason: string;
  status: 'open' | 'merged' | 'dismissed';
  created_at: string;
}

/** Merge candidates with `status`, oldest first, for an agent to decide. */
export async function listMergeCandidates(db: Executor, status: MergeCandidate['status'], limit = 100): Promise<MergeCandidate[]> {
  const rows = await queryRows<Omit<MergeCandidate, 'created_at'> & { created_at: Date | string }>(db, sql`
    select id, profile_id, other_profile_id, claim_id, reason, status, created_at from merge_candidates
     where status = ${status} order by created_at, id limit ${limit}`);
  return rows.map((row) => ({ ...row, created_at: new Date(row.created_at).toISOString() }));
}

export type CandidateDecision = ManualMergeResult | { kind: 'candidate_not_found' } | { kind: 'dismissed' } | { kind: 'not_open'; status: string };

/** Confirms (merges the two profiles) or dismisses an open merge candidate. */
export async function decideMergeCandidate(
  db: Executor, input: { candidateId: string; decision: 'merge' | 'dismiss'; actor: string },
): Promise<CandidateDecision> {
  const rows = await queryRows<{ profile_id: string; other_profile_id: string; status: string }>(db, sql`
    select profile_id, other_profile_id, status from merge_candidates where id = ${input.candidateId}`);
  const candidate = rows[0];
  if (!candidate) return { kind: 'candidate_not_found' };
  if (candidate.status !== 'open') return { kind: 'not_open', status: candidate.status };
  if (input.decision === 'merge') {
    return mergeProfiles(db, {
      profileId: candidate.profile_id, otherProfileId: candidate.other_profile_id, actor: input.actor, candidateId: input.candidateId,
    });
  }
  await db.execute(sql`
    update merge_candidates set status = 'dismissed', decided_by = ${input.actor}, decided_at = now()
     where id = ${input.candidateId} and status = 'open'`);
  return { kind: 'dismissed' };
}
