import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { CompactGraph } from './compact-graph.js';
import { isDefaultBlocked } from './default-blocklist.js';

export interface RecomputeReport {
  claims: number;
  identities: number;
  /** Identities whose profile in the database differs from the rebuilt one. */
  differences: { key: string; stored_with: string; rebuilt_with: string }[];
  /** Agents' merges and unmerges that could not be replayed (a side's identifiers were erased or blocked). */
  skipped: number;
  /** Time to read the claims, to replay them, and to read the stored profiles (during the replay). */
  load_ms: number;
  replay_ms: number;
  stored_load_ms: number;
  compare_ms: number;
}

/**
 * Rebuilds every profile from the stored claims (in arrival order, with today's blocklist), replaying
 * agents' merges and unmerges where they happened among them, and reports identities whose stored
 * profile differs.
 */
export async function recomputeIdentityGraph(db: Executor, options: { maxDifferences?: number } = {}): Promise<RecomputeReport> {
  const loadStarted = performance.now();
  const events = (await loadEvents(db)) ?? '';
  const loadMs = performance.now() - loadStarted;
  // The stored profiles load on a second connection while the claims replay (PGlite runs the reads in turn).
  const storedLoad = timed(loadStoredProfiles(db));

  const replayStarted = performance.now();
  const graph = new CompactGraph();
  let claims = 0;
  let skipped = 0;
  let batch: string[] = [];
  let batchSeq = '';
  const applyBatch = () => {
    if (batchSeq === '') return;
    graph.apply(batch);
    claims += 1;
    batch = [];
    batchSeq = '';
  };
  let nextYield = yieldEvery;
  // Items are read in place with indexOf: splitting 60 MB into arrays first costs seconds of garbage collection.
  for (let position = 0; position < events.length;) {
    const end = endOfItem(events, '\x1e', position);
    const separator = events.indexOf('\x1f', position);
    if (events.startsWith('manual_', position)) {
      applyBatch();
      const [kind, winner, loser] = events.slice(position, end).split('\x1f');
      const replayed = winner && loser
        && (kind === 'manual_merge' ? graph.mergeManually(winner, loser) : graph.unmergeManually(winner, loser));
      if (!replayed) skipped += 1;
      claims += 1;
    } else {
      if (separator - position !== batchSeq.length || !events.startsWith(batchSeq, position)) {
        applyBatch();
        batchSeq = events.slice(position, separator);
      }
      const key = events.slice(separator + 1, end);
      if (!isDefaultBlocked(key)) batch.push(key);
    }
    position = end + 1;
    if (claims >= nextYield) {
      // Lets the connection read the stored profiles that PostgreSQL is sending meanwhile.
      nextYield += yieldEvery;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  applyBatch();
  const replayMs = performance.now() - replayStarted;

  const stored = await storedLoad;
  const compareStarted = performance.now();
  const { identities, differences } = compareProfiles(graph, stored.value ?? '', options.maxDifferences ?? 100);
  return {
    claims, identities, differences, skipped, replay_ms: Math.round(replayMs),
    load_ms: Math.round(loadMs), stored_load_ms: Math.round(stored.ms), compare_ms: Math.round(performance.now() - compareStarted),
  };
}


const yieldEvery = 20_000;

/**
 * Loads claims' usable, unblocked links and agents' merges and unmerges in the order they changed the
 * graph. The result is one text value with items separated by char 30 and fields by char 31, so that two
 * million links cross the wire as one field instead of two million rows. Normalised values never contain
 * either character. A link
 * reads `seq, key` (its claim's sequence number, then `type:value`). An agent's decision reads
 * `manual_merge|manual_unmerge, winner key, loser key`, each side named by the first identifier of that
 * side's own profile, and follows the last claim stored before it. Quarantine undos need no replay
 * because the blocklist redoes them.
 */
async function loadEvents(db: Executor): Promise<string | null> {
  return db.transaction(async (tx) => {
    // The sort of two million links fits in memory instead of spilling to disk (PostgreSQL's default is 4 MB).
    await tx.execute(sql`set local work_mem = '256MB'`);
    const [row] = await queryRows<{ text: string | null }>(tx, sql`
      select string_agg(item, chr(30) order by position, kind, at, link_id) as text from (
        select l.claim_seq as position, 0 as kind, null::timestamptz as at, l.id as link_id,
               l.claim_seq::text || chr(31) || l.type || ':' || l.value as item
          from identity_links l
         where l.status in ('linked', 'over_limit') and l.value is not null
           and not exists (select from identity_blocklist b where b.type = l.type and b.value = l.value)
        union all
        select m.after_claim_seq, 1, m.created_at, 0,
               'manual_merge' || chr(31) || coalesce(${firstKeyOf(sql`m.winner_id`)}, '') || chr(31) || coalesce(${firstKeyOf(sql`m.loser_id`)}, '')
          from profile_merges m
         where m.rule = 'manual'
        union all
        select m.undone_after_claim_seq, 1, m.undone_at, 0,
               'manual_unmerge' || chr(31) || coalesce(${firstKeyOf(sql`m.winner_id`)}, '') || chr(31) || coalesce(${firstKeyOf(sql`m.loser_id`)}, '')
          from profile_merges m
         where m.undone_at is not null and m.undo_reason is distinct from 'quarantine') as events`);
    return row?.text ?? null;
  });
}

function firstKeyOf(profileId: SQL) {
  return sql`(select i.type || ':' || i.value from identities i where i.profile_id = ${profileId} order by i.created_at, i.id limit 1)`;
}

/** Loads the stored identities grouped by canonical profile: groups separated by char 30, keys by char 31. */
async function loadStoredProfiles(db: Executor): Promise<string | null> {
  const [row] = await queryRows<{ text: string | null }>(db, sql`
    select string_agg(keys, chr(30)) as text from (
      select string_agg(i.type || ':' || i.value, chr(31)) as keys
        from identities i join profiles p on p.id = i.profile_id
       group by p.canonical_id) as grouped`);
  return row?.text ?? null;
}

/**
 * Compares the stored profiles with the rebuilt ones. A profile is named by its smallest identity key, so
 * that stored and rebuilt profiles compare without ids. Returns the number of stored identities and the
 * first `maxDifferences` identities whose profiles differ, including rebuilt identities that are not stored.
 */
function compareProfiles(graph: CompactGraph, storedGroups: string, maxDifferences: number) {
  const differences: RecomputeReport['differences'] = [];
  const rebuiltLabels = new Map<number, string>();
  const labelOf = (canonicalId: number) => {
    if (canonicalId < 0) return '(no claim)';
    let label = rebuiltLabels.get(canonicalId);
    if (label === undefined) {
      label = smallest(graph.keysOfProfile(canonicalId));
      rebuiltLabels.set(canonicalId, label);
    }
    return label;
  };

  let identities = 0;
  let matched = 0;
  for (let position = 0; position < storedGroups.length;) {
    const end = endOfItem(storedGroups, '\x1e', position);
    let first = -2;
    let size = 0;
    let same = true;
    for (let keyStart = position; keyStart < end;) {
      const keyEnd = Math.min(end, endOfItem(storedGroups, '\x1f', keyStart));
      const canonicalId = graph.canonicalOfKey(storedGroups.slice(keyStart, keyEnd));
      if (first === -2) first = canonicalId;
      same &&= canonicalId >= 0 && canonicalId === first;
      size += 1;
      keyStart = keyEnd + 1;
    }
    identities += size;
    if (same && graph.sizeOfProfile(first) === size) {
      matched += size;
    } else {
      const keys = storedGroups.slice(position, end).split('\x1f');
      const storedLabel = smallest(keys);
      for (const key of keys) {
        const canonicalId = graph.canonicalOfKey(key);
        if (canonicalId >= 0) matched += 1;
        const rebuiltWith = labelOf(canonicalId);
        if (rebuiltWith !== storedLabel && differences.length < maxDifferences) {
          differences.push({ key, stored_with: storedLabel, rebuilt_with: rebuiltWith });
        }
      }
    }
    position = end + 1;
  }

  if (matched !== graph.placedCount()) {
    // Some rebuilt identities are not stored at all: name them.
    const storedKeys = new Set(storedGroups.split(/[\x1e\x1f]/));
    for (const [key, canonicalId] of graph.placedKeys()) {
      if (differences.length >= maxDifferences) break;
      if (!storedKeys.has(key)) differences.push({ key, stored_with: '(not stored)', rebuilt_with: labelOf(canonicalId) });
    }
  }
  return { identities, differences };
}

/** Index of the next `separator` at or after `position`, or the text's length. */
function endOfItem(text: string, separator: string, position: number): number {
  const end = text.indexOf(separator, position);
  return end < 0 ? text.length : end;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

function smallest(keys: string[]): string {
  return keys.reduce((min, key) => (key < min ? key : min));
}
