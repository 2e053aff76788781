import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import { prepareClaims, usableIdentifiers, type PreparedIdentifier } from './claims.js';
import { isDefaultBlocked } from './default-blocklist.js';
import { lockIdentityGraph } from './merge.js';
import type { Identifier } from './plan.js';
import { QuarantineCounter } from './quarantine-counter.js';
import { CompactGraph } from './compact-graph.js';
import { ReplayGraph, type ReplayStep } from './replay-graph.js';
import type { ResolveInput } from './resolve.js';
import { identityKey } from './rules.js';

export type BackfillResult =
  | { kind: 'not_empty'; storedClaims: number }
  | {
    kind: 'loaded';
    /** Claims given, and claims stored (a claim without one usable identifier is not stored, as live). */
    claims: number; storedClaims: number; rejected: number;
    profiles: number; identities: number; merges: number; candidates: number;
    /** `type:value` keys quarantined while loading. */
    quarantined: string[];
    timings: { prepareMs: number; replayMs: number; writeMs: number };
  };

/**
 * Loads many claims into an empty identity graph at once, with the rules of live resolution: the same
 * planner (priorities, limits, candidates), blocklist and quarantine, so the profiles equal those that
 * resolving the claims one by one in this order would give. Claims are normalised and replayed in memory
 * (a first pass finds the identifiers to quarantine, a second builds the graph with them blocked), then
 * profiles, identities, claims, links, merges and candidates are written with multi-row inserts in one
 * transaction. Refuses (`not_empty`) when claims are already stored: live resolution extends a loaded graph.
 */
export async function backfillIdentityClaims(db: Executor, inputs: ResolveInput[]): Promise<BackfillResult> {
  const prepareStarted = performance.now();
  const prepared = inputs.map((input) => prepareClaims(input.claims));
  const prepareMs = performance.now() - prepareStarted;

  return db.transaction(async (tx) => {
    await lockIdentityGraph(tx);
    const stored = await queryRows<{ count: number }>(tx, sql`select count(*)::int as count from identity_claims`);
    if (stored[0]!.count > 0) return { kind: 'not_empty' as const, storedClaims: stored[0]!.count };
    const configured = await queryRows<{ type: string; value: string }>(tx, sql`select type, value from identity_blocklist`);
    const blocked = new Set(configured.map(identityKey));
    const isBlocked = (identifier: Identifier) => blocked.has(identityKey(identifier)) || isDefaultBlocked(identityKey(identifier));

    const replayStarted = performance.now();
    const quarantined = findQuarantined(prepared, isBlocked);
    for (const key of quarantined) blocked.add(key);
    const graph = new ReplayGraph(true);
    const steps: (ReplayStep | null)[] = prepared.map((items, claim) => graph.apply(usableIdentifiers(items).filter((item) => !isBlocked(item)), claim));
    const replayMs = performance.now() - replayStarted;

    const writeStarted = performance.now();
    const counts = await writeGraph(tx, { inputs, prepared, steps, graph, isBlocked, quarantined });
    // Fresh statistics, so that live resolution right after a large load plans with index scans.
    await tx.execute(sql`analyze profiles, identities, identity_claims, identity_links, profile_merges, merge_candidates`);
    return {
      kind: 'loaded' as const, claims: inputs.length, ...counts, quarantined: [...quarantined],
      timings: { prepareMs: Math.round(prepareMs), replayMs: Math.round(replayMs), writeMs: Math.round(performance.now() - writeStarted) },
    };
  });
}

/** First pass: which identifiers live resolution would quarantine, claim after claim. */
function findQuarantined(prepared: PreparedIdentifier[][], isBlocked: (identifier: Identifier) => boolean): Set<string> {
  const quarantined = new Set<string>();
  const graph = new CompactGraph();
  const counter = new QuarantineCounter();
  for (const items of prepared) {
    const active = usableIdentifiers(items).filter((item) => !isBlocked(item) && !quarantined.has(identityKey(item)));
    if (active.length === 0) continue;
    const unplaced = new Set(graph.apply(active.map(identityKey)));
    const linked = active.filter((item) => !unplaced.has(identityKey(item)));
    const overLimit = active.filter((item) => unplaced.has(identityKey(item)));
    for (const identifier of counter.observe(linked, overLimit)) quarantined.add(identityKey(identifier));
  }
  return quarantined;
}

interface WriteInput {
  inputs: ResolveInput[];
  prepared: PreparedIdentifier[][];
  steps: (ReplayStep | null)[];
  graph: ReplayGraph;
  isBlocked: (identifier: Identifier) => boolean;
  quarantined: Set<string>;
}

async function writeGraph(tx: Executor, input: WriteInput) {
  const { inputs, prepared, steps, graph, isBlocked } = input;
  const now = new Date().toISOString();
  const observedAt = inputs.map((item) => (item.observedAt ?? new Date()).toISOString());
  const claimIds = inputs.map(() => newId('clm'));
  const profileIds = new Map(graph.profiles.map((profile) => [profile.id, newId('prf')]));
  const realId = (replayId: string) => profileIds.get(replayId)!;

  const canonicalOf = new Map<string, string>();
  for (const [canonical, members] of graph.canonicalMembers()) for (const member of members) canonicalOf.set(member, canonical);
  await insertRows(tx, 'profiles', 'id text, canonical_id text, merged_into text, created_at timestamptz, updated_at timestamptz',
    graph.profiles.map((profile) => [
      realId(profile.id), realId(canonicalOf.get(profile.id)!), profile.mergedInto ? realId(profile.mergedInto) : null,
      observedAt[profile.claim] ?? now, now,
    ]));

  const reserveCount = Math.max(1, prepared.length);
  // Claims get their `seq` here, so that their links can carry it. The backfill holds the exclusive graph
  // lock and only claims take numbers from this sequence, so the block reserved below is contiguous.
  const [reserved] = await queryRows<{ last: string }>(tx, sql`
    select setval(pg_get_serial_sequence('identity_claims', 'seq'), nextval(pg_get_serial_sequence('identity_claims', 'seq')) + ${reserveCount} - 1) as last`);
  let nextSeq = Number(reserved!.last) - reserveCount + 1;
  const claims: unknown[][] = [];
  const links: unknown[][] = [];
  let rejected = 0;
  prepared.forEach((items, claim) => {
    if (usableIdentifiers(items).length === 0) {
      rejected += 1;
      return;
    }
    const step = steps[claim] ?? null;
    const resolved = step ? realId(step.resolvedTo) : null;
    if (!resolved) rejected += 1;
    const source = inputs[claim]!.source;
    const seq = nextSeq;
    nextSeq += 1;
    claims.push([claimIds[claim], seq, source, inputs[claim]!.actor ?? 'backfill', observedAt[claim], resolved ? 'resolved' : 'rejected', resolved]);
    for (const link of linkRows(items, step, isBlocked)) links.push([claimIds[claim], seq, ...link]);
  });
  await insertRows(tx, 'identity_claims', 'id text, seq bigint, source text, actor text, observed_at timestamptz, outcome text, profile_id text', claims);
  await insertRows(tx, 'identity_links', 'claim_id text, claim_seq bigint, type text, value text, status text, rule text', links);

  await insertRows(tx, 'identities', 'id text, profile_id text, type text, value text, source text, claim_id text, linked_via text',
    [...graph.identities.values()].map((identity) => [
      newId('idn'), realId(identity.profileId), identity.type, identity.value, inputs[identity.claim]!.source, claimIds[identity.claim],
      identity.linkedVia,
    ]));
  await insertRows(tx, 'profile_merges', 'id text, winner_id text, loser_id text, claim_id text, rule text, via_type text, via_value text, actor text',
    graph.merges.map((merge) => [
      newId('mrg'), realId(merge.winnerMemberId), realId(merge.loserId), claimIds[merge.claim], `exact:${merge.via.type}`,
      merge.via.type, merge.via.value, inputs[merge.claim]!.actor ?? 'backfill',
    ]));
  const openPairs = new Set<string>();
  const candidates = graph.candidates.filter((candidate) => {
    const pair = `${candidate.profileId}|${candidate.otherProfileId}`;
    if (openPairs.has(pair)) return false;
    openPairs.add(pair);
    return true;
  });
  await insertRows(tx, 'merge_candidates', 'id text, profile_id text, other_profile_id text, claim_id text, reason text',
    candidates.map((candidate) => [newId('mcd'), realId(candidate.profileId), realId(candidate.otherProfileId), claimIds[candidate.claim], candidate.reason]));
  await insertRows(tx, 'identity_blocklist', 'type text, value text, reason text, note text, actor text',
    [...input.quarantined].map((key) => {
      const colon = key.indexOf(':');
      return [key.slice(0, colon), key.slice(colon + 1), 'quarantine', 'claimed with too many people during backfill', 'backfill'];
    }));
  return {
    storedClaims: claims.length, rejected, profiles: graph.canonicalMembers().size, identities: graph.identities.size,
    merges: graph.merges.length, candidates: candidates.length,
  };
}

/** The links live resolution stores for one claim: `[type, value, status, rule]`. */
function linkRows(items: PreparedIdentifier[], step: ReplayStep | null, isBlocked: (identifier: Identifier) => boolean): unknown[][] {
  const plan = step?.plan;
  const unplaced = new Set((plan?.unplaced ?? []).map(identityKey));
  const attached = new Set((plan?.attach ?? []).map(identityKey));
  const overflow = new Set((plan?.overflow ?? []).map(identityKey));
  return items.map((item) => {
    if (!item.usable) return [item.type, null, 'invalid', item.reason];
    const key = identityKey(item);
    if (isBlocked(item)) return [item.type, item.value, 'blocked', 'blocklist'];
    if (unplaced.has(key)) return [item.type, item.value, 'over_limit', plan?.overflowReason ?? 'limit'];
    if (attached.has(key)) return [item.type, item.value, 'linked', plan?.anchor.kind === 'new' ? 'new_profile' : 'attached'];
    return [item.type, item.value, 'linked', overflow.has(key) ? 'overflow_profile' : 'exact_match'];
  });
}

const chunkSize = 20_000;

/**
 * Inserts rows through one JSON parameter per chunk (`json_to_recordset`), which both drivers send the
 * same way and PostgreSQL reads in one pass. `columns` is a fixed column list with types, never user input.
 */
async function insertRows(tx: Executor, table: string, columns: string, rows: unknown[][]): Promise<void> {
  const names = columns.split(',').map((column) => column.trim().split(' ')[0]!);
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize).map((row) => Object.fromEntries(names.map((name, index) => [name, row[index]])));
    await tx.execute(sql`
      insert into ${sql.raw(table)} (${sql.raw(names.join(', '))})
      select ${sql.raw(names.join(', '))} from json_to_recordset(${JSON.stringify(chunk)}::json) as r(${sql.raw(columns)})`);
  }
}
