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
  /** Identities left out of the comparison because an agent merged or unmerged their profile by hand. */
  skipped: number;
  replay_ms: number;
  load_ms: number;
}

/**
 * Rebuilds every profile from the stored claims (in arrival order, with today's blocklist) and reports
 * identities whose stored profile differs. Profiles an agent merged or unmerged by hand are skipped:
 * those decisions are not claims.
 */
export async function recomputeIdentityGraph(db: Executor, options: { maxDifferences?: number } = {}): Promise<RecomputeReport> {
  const loadStarted = performance.now();
  // Each result is one text value (claims separated by char 30, identifiers by char 31), so a million
  // links cross the wire as one field instead of a million rows; normalised values never hold either character.
  const [linkText] = await queryRows<{ text: string | null }>(db, sql`
    select string_agg(keys, chr(30) order by seq) as text from (
      select c.seq, string_agg(l.type || ':' || l.value, chr(31) order by l.id) as keys
        from identity_claims c join identity_links l on l.claim_id = c.id
        left join identity_blocklist b on b.type = l.type and b.value = l.value
       where l.status in ('linked', 'over_limit') and b.type is null
       group by c.seq) as claims`);
  const [storedText] = await queryRows<{ text: string | null }>(db, sql`
    select string_agg(i.type || ':' || i.value || chr(31) || p.canonical_id, chr(30)) as text
      from identities i join profiles p on p.id = i.profile_id`);
  const manualRows = await queryRows<{ canonical_id: string }>(db, sql`
    select distinct p.canonical_id from profile_merges m join profiles p on p.id = m.winner_id or p.id = m.loser_id
     where m.rule = 'manual' or (m.undone_at is not null and m.undo_reason is distinct from 'quarantine')`);
  const manual = new Set(manualRows.map((row) => row.canonical_id));
  const loadMs = performance.now() - loadStarted;

  const replayStarted = performance.now();
  const graph = new ReplayGraph();
  let claims = 0;
  for (const claim of linkText?.text ? linkText.text.split('\x1e') : []) {
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
  let skipped = 0;
  for (const row of stored) {
    if (manual.has(row.canonicalId)) {
      skipped += 1;
      continue;
    }
    const storedWith = storedLabels.get(row.canonicalId)!;
    const rebuiltWith = rebuilt.get(row.key) ?? '(no claim)';
    if (storedWith !== rebuiltWith && differences.length < (options.maxDifferences ?? 100)) {
      differences.push({ key: row.key, stored_with: storedWith, rebuilt_with: rebuiltWith });
    }
  }
  return { claims, identities: stored.length, differences, skipped, replay_ms: Math.round(replayMs), load_ms: Math.round(loadMs) };
}
