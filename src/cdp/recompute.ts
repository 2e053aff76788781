import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import type { Identifier } from './plan.js';
import { ReplayGraph } from './replay-graph.js';
import { isDefaultBlocked } from './default-blocklist.js';
import { identityKey } from './rules.js';
import type { IdentityType } from './schema.js';

export interface RecomputeReport {
  claims: number;
  identities: number;
  /** Identities whose profile in the database differs from the rebuilt one. */
  differences: { key: string; stored_with: string; rebuilt_with: string }[];
  /** Agents' merges and unmerges that could not be replayed (a side's identifiers were erased or blocked). */
  skipped: number;
  replay_ms: number;
  load_ms: number;
}

/**
 * Rebuilds every profile from the stored claims (in arrival order, with today's blocklist), replaying
 * agents' merges and unmerges where they happened among them, and reports identities whose stored
 * profile differs.
 */
export async function recomputeIdentityGraph(db: Executor, options: { maxDifferences?: number } = {}): Promise<RecomputeReport> {
  const loadStarted = performance.now();
  // Each result is one text value (claims separated by char 30, identifiers by char 31), so a million
  // links cross the wire as one field instead of a million rows; normalised values never hold either character.
  // Agents' merges and unmerges are replayed where they happened among the claims (every one of them holds
  // the graph lock, and claims, merges and undos take their time after their locks), each side named by an
  // identifier held by that side's own profile. Quarantine undos need no replay: the blocklist redoes them.
  const [linkText] = await queryRows<{ text: string | null }>(db, sql`
    with own as (
      select distinct on (profile_id) profile_id, type || ':' || value as key from identities order by profile_id, created_at, id),
    events as (
      select c.created_at as at, 0 as kind, c.seq, string_agg(l.type || ':' || l.value, chr(31) order by l.id) as keys
        from identity_claims c join identity_links l on l.claim_id = c.id
        left join identity_blocklist b on b.type = l.type and b.value = l.value
       where l.status in ('linked', 'over_limit') and l.value is not null and b.type is null
       group by c.id
      union all
      select m.created_at, 1, 0, 'manual_merge' || chr(31) || coalesce(w.key, '') || chr(31) || coalesce(o.key, '')
        from profile_merges m left join own w on w.profile_id = m.winner_id left join own o on o.profile_id = m.loser_id
       where m.rule = 'manual'
      union all
      select m.undone_at, 2, 0, 'manual_unmerge' || chr(31) || coalesce(w.key, '') || chr(31) || coalesce(o.key, '')
        from profile_merges m left join own w on w.profile_id = m.winner_id left join own o on o.profile_id = m.loser_id
       where m.undone_at is not null and m.undo_reason is distinct from 'quarantine')
    select string_agg(keys, chr(30) order by at, kind, seq) as text from events`);
  const [storedText] = await queryRows<{ text: string | null }>(db, sql`
    select string_agg(i.type || ':' || i.value || chr(31) || p.canonical_id, chr(30)) as text
      from identities i join profiles p on p.id = i.profile_id`);
  const loadMs = performance.now() - loadStarted;

  const replayStarted = performance.now();
  const graph = new ReplayGraph();
  let claims = 0;
  let skipped = 0;
  for (const claim of linkText?.text ? linkText.text.split('\x1e') : []) {
    if (claim.startsWith('manual_')) {
      const [kind, winner, loser] = claim.split('\x1f');
      const replayed = winner && loser
        && (kind === 'manual_merge' ? graph.mergeManually(winner, loser) : graph.unmergeManually(winner, loser));
      if (!replayed) skipped += 1;
      claims += 1;
      continue;
    }
    const batch: Identifier[] = [];
    for (const key of claim.split('\x1f')) {
      if (isDefaultBlocked(key)) continue;
      const colon = key.indexOf(':');
      batch.push({ type: key.slice(0, colon) as IdentityType, value: key.slice(colon + 1) });
    }
    graph.apply(batch);
    claims += 1;
  }
  const rebuilt = graph.partitionLabels();
  const replayMs = performance.now() - replayStarted;

  const stored = (storedText?.text ? storedText.text.split('\x1e') : []).map((row) => {
    const separator = row.lastIndexOf('\x1f');
    return { key: row.slice(0, separator), canonicalId: row.slice(separator + 1) };
  });
  const storedLabels = new Map<string, string>();
  for (const row of stored) {
    const label = storedLabels.get(row.canonicalId);
    if (label === undefined || row.key < label) storedLabels.set(row.canonicalId, row.key);
  }
  const differences: RecomputeReport['differences'] = [];
  for (const row of stored) {
    const storedWith = storedLabels.get(row.canonicalId)!;
    const rebuiltWith = rebuilt.get(row.key) ?? '(no claim)';
    if (storedWith !== rebuiltWith && differences.length < (options.maxDifferences ?? 100)) {
      differences.push({ key: row.key, stored_with: storedWith, rebuilt_with: rebuiltWith });
    }
  }
  return { claims, identities: stored.length, differences, skipped, replay_ms: Math.round(replayMs), load_ms: Math.round(loadMs) };
}

