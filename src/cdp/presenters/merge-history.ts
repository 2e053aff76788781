import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { listProfileMemberIds } from '../profiles.js';

export interface MergeHistoryEntry {
  id: string;
  winner_id: string;
  loser_id: string;
  claim_id: string | null;
  rule: string;
  via_type: string | null;
  via_value: string | null;
  actor: string;
  created_at: string;
  undone_at: string | null;
  undone_by: string | null;
  undo_reason: string | null;
  /** Identifiers of the claim that caused the merge and what the rules did with each. */
  claim_links: { type: string; value: string | null; status: string; rule: string }[];
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Every merge touching the profile's members, undone ones included, newest first. */
export async function listMergeHistory(db: Executor, profileId: string): Promise<MergeHistoryEntry[]> {
  const members = JSON.stringify(await listProfileMemberIds(db, profileId));
  const rows = await queryRows<Omit<MergeHistoryEntry, 'created_at' | 'undone_at'> & { created_at: Date | string; undone_at: Date | string | null }>(db, sql`
    select m.id, m.winner_id, m.loser_id, m.claim_id, m.rule, m.via_type, m.via_value, m.actor, m.created_at,
           m.undone_at, m.undone_by, m.undo_reason,
           coalesce((select jsonb_agg(jsonb_build_object('type', l.type, 'value', l.value, 'status', l.status, 'rule', l.rule) order by l.id)
                       from identity_links l where l.claim_id = m.claim_id), '[]'::jsonb) as claim_links
      from profile_merges m
     where m.winner_id in (select jsonb_array_elements_text(${members}::jsonb))
        or m.loser_id in (select jsonb_array_elements_text(${members}::jsonb))
     order by m.created_at desc, m.id desc`);
  return rows.map((row) => ({ ...row, created_at: iso(row.created_at)!, undone_at: iso(row.undone_at) }));
}
