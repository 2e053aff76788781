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
  const links = await queryRows<{ seq: string | number; type: IdentityType; value: string }>(db, sql`
    select c.seq, l.type, l.value
      from identity_claims c join identity_links l on l.claim_id = c.id
     where l.status in ('linked', 'over_limit')
       and not exists (select 1 from identity_blocklist b where b.type = l.type and b.value = l.value)
     order by c.seq, l.id`);
  const stored = await queryRows<{ type: string; value: string; canonical_id: string; manual: boolean }>(db, sql`
    select i.type, i.value, p.canonical_id,
           exists (select 1 from profile_merges m join profiles w on w.id = m.winner_id or w.id = m.loser_id
                    where w.canonical_id = p.canonical_id
                      and (m.rule = 'manual' or (m.undone_at is not null and m.undo_reason is distinct from 'quarantine'))) as manual
      from identities i join profiles p on p.id = i.profile_id`);
  const loadMs = performance.now() - loadStarted;

  const replayStarted = performance.now();
  const graph = new ReplayGraph();
  let claims = 0;
  let batch: Identifier[] = [];
  let batchSeq: string | number | null = null;
  for (const link of links) {
    if (link.seq !== batchSeq && batch.length > 0) {
      graph.apply(batch);
      claims += 1;
      batch = [];
    }
    batchSeq = link.seq;
    if (isDefaultBlocked(identityKey(link))) continue;
    batch.push({ type: link.type, value: link.value });
  }
  if (batch.length > 0) {
    graph.apply(batch);
    claims += 1;
  }
  const rebuilt = graph.partitionLabels();
  const replayMs = performance.now() - replayStarted;

  const storedLabels = new Map<string, string>();
  for (const row of stored) {
    const key = identityKey(row);
    const label = storedLabels.get(row.canonical_id);
    if (label === undefined || key < label) storedLabels.set(row.canonical_id, key);
  }
  const differences: RecomputeReport['differences'] = [];
  let skipped = 0;
  for (const row of stored) {
    if (row.manual) {
      skipped += 1;
      continue;
    }
    const key = identityKey(row);
    const storedWith = storedLabels.get(row.canonical_id)!;
    const rebuiltWith = rebuilt.get(key) ?? '(no claim)';
    if (storedWith !== rebuiltWith && differences.length < (options.maxDifferences ?? 100)) {
      differences.push({ key, stored_with: storedWith, rebuilt_with: rebuiltWith });
    }
  }
  return { claims, identities: stored.length, differences, skipped, replay_ms: Math.round(replayMs), load_ms: Math.round(loadMs) };
}
