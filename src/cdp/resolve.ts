import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import { prepareClaims, usableIdentifiers, type IdentityClaim, type PreparedIdentifier } from './claims.js';
import { lockIdentityGraph } from './merge.js';
import { planResolution, sortByPriority, type Identifier, type ResolutionPlan } from './plan.js';
import { describeWidelyShared, quarantineIfSharedWidely, type WidelySharedRow } from './quarantine.js';
import { identityKey, personTypes, quarantineAfterDistinctValues } from './rules.js';
import { loadKnownIdentifiers, lockClaimSnapshot, readClaimSnapshot, type ClaimSnapshot } from './snapshot.js';

export interface ResolveInput {
  claims: IdentityClaim[];
  /** Channel code where the identifiers were seen. */
  source: string;
  observedAt?: Date;
  /** Who reported the claim: `system`, a job name, or a token id. */
  actor?: string;
}

export type ResolveResult =
  | {
    kind: 'resolved';
    /** The canonical profile the claim belongs to now. */
    profileId: string;
    /** The original profile holding the claim's strongest identifier; facts stored under it follow that side on unmerge. */
    memberProfileId: string;
    created: boolean;
  }
  | { kind: 'rejected'; reason: string };

/**
 * Resolves identifiers seen together to one customer profile, creating or merging profiles by the rules
 * in `rules.ts`. Returns `rejected` only when no identifier is usable (all junk, masked or blocked). A
 * claim that changes nothing (every identifier already on one profile) is answered without a write.
 */
export async function resolveIdentityClaims(db: Executor, input: ResolveInput): Promise<ResolveResult> {
  const prepared = prepareClaims(input.claims);
  const usable = usableIdentifiers(prepared);
  if (usable.length === 0) {
    const reasons = prepared.map((item) => (item.usable ? '' : `${item.type}: ${item.reason}`)).filter(Boolean);
    return { kind: 'rejected', reason: reasons.length > 0 ? reasons.join('; ') : 'no identifiers claimed' };
  }

  const snapshot = await readClaimSnapshot(db, usable);
  const canonicals = new Set([...snapshot.known.values()].map((item) => item.canonicalId));
  if (snapshot.known.size === usable.length && canonicals.size === 1) {
    const strongest = snapshot.known.get(identityKey(sortByPriority(usable)[0]!))!;
    return { kind: 'resolved', profileId: strongest.canonicalId, memberProfileId: strongest.profileId, created: false };
  }

  const outcome = await applyPlannedClaim(db, prepared, input, snapshot)
    ?? await withDeadlockRetry(() => db.transaction((tx) => resolveLocked(tx as Executor, prepared, input)));
  if (outcome.widelyShared.length === 0) return outcome.result;
  return quarantineAfterClaim(db, outcome, input.actor ?? 'system');
}

/**
 * Writes a claim planned on an unlocked snapshot in one round trip. `cdp_apply_planned_claim` writes it
 * only if, under the claim's locks, nothing the plan relied on has changed: no identifier blocked or
 * created meanwhile, and every profile the plan read still holding the same identifiers and separations.
 * Returns null, having written nothing, when the claim needs the locked path: every identifier blocked, or
 * a stale plan.
 */
async function applyPlannedClaim(
  db: Executor, prepared: PreparedIdentifier[], input: ResolveInput, snapshot: ClaimSnapshot,
): Promise<LockedOutcome | null> {
  const staged = stageClaim(prepared, input, snapshot);
  if (staged.kind !== 'planned') return null;
  const expectations = {
    keys: [...new Set(usableIdentifiers(prepared).map(identityKey))].sort(),
    types: staged.active.map((item) => item.type),
    values: staged.active.map((item) => item.value),
    fresh: staged.active.filter((item) => !snapshot.known.has(identityKey(item))),
    known: staged.active.flatMap((item) => {
      const known = snapshot.known.get(identityKey(item));
      return known ? [{ type: item.type, value: item.value, profile_id: known.profileId, canonical_id: known.canonicalId }] : [];
    }),
    groups: [...snapshot.groups.values()].map((group) => ({ canonical: group.canonicalId, keys: group.identifiers.map(identityKey) })),
    pairs: snapshot.pairs,
  };
  let applied: Awaited<ReturnType<ClaimWrites['applyIfUnchanged']>>;
  try {
    applied = await staged.writes.applyIfUnchanged(db, staged.active, expectations);
  } catch (error) {
    // PostgreSQL aborted the statement to break a lock cycle; the locked path retries such claims.
    if (isDeadlock(error)) return null;
    throw error;
  }
  if (!applied) return null;
  return { result: staged.result, active: staged.active, widelyShared: applied.widelyShared };
}

/** Runs `work` again when PostgreSQL broke a lock cycle by aborting it (rare: a profile merged meanwhile). */
async function withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= 5) throw error;
    }
  }
}

/** True for PostgreSQL's deadlock error (40P01), also when drizzle wraps it as the cause. */
function isDeadlock(error: unknown): boolean {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return (code ?? cause?.code) === '40P01';
}

interface LockedOutcome {
  result: ResolveResult;
  active: Identifier[];
  /** Identifiers of the claim now claimed with too many people; quarantined after the claim commits. */
  widelyShared: Identifier[];
}

/**
 * Quarantines identifiers found widely shared by a claim, under the exclusive graph lock (a quarantine
 * undoes merges across many profiles), and answers with the profile of the claim's strongest remaining one.
 */
async function quarantineAfterClaim(db: Executor, outcome: LockedOutcome, actor: string): Promise<ResolveResult> {
  const created = outcome.result.kind === 'resolved' && outcome.result.created;
  return db.transaction(async (tx) => {
    await lockIdentityGraph(tx);
    const quarantined = await quarantineIfSharedWidely(tx, outcome.widelyShared, actor);
    if (quarantined.length === 0) return outcome.result;
    const remaining = sortByPriority(outcome.active.filter((identifier) => !quarantined.includes(identityKey(identifier))));
    const owners = await loadKnownIdentifiers(tx, remaining);
    const strongest = remaining.map((identifier) => owners.get(identityKey(identifier))).find(Boolean);
    if (!strongest) return { kind: 'rejected', reason: 'every identifier was quarantined' } as const;
    return { kind: 'resolved', profileId: strongest.canonicalId, memberProfileId: strongest.profileId, created } as const;
  });
}

async function resolveLocked(tx: Executor, prepared: PreparedIdentifier[], input: ResolveInput): Promise<LockedOutcome> {
  const snapshot = await lockClaimSnapshot(tx, usableIdentifiers(prepared));
  const staged = stageClaim(prepared, input, snapshot);
  if (staged.kind === 'rejected') {
    await staged.writes.flush(tx, []);
    return { result: staged.result, active: [], widelyShared: [] };
  }

  const widelyShared = await staged.writes.flush(tx, staged.active);
  return { result: staged.result, active: staged.active, widelyShared };
}

type StagedClaim =
  | { kind: 'rejected'; writes: ClaimWrites; result: ResolveResult }
  | { kind: 'planned'; writes: ClaimWrites; result: ResolveResult; plan: ResolutionPlan; active: Identifier[] };

/**
 * Plans a claim on a snapshot and stages what it writes (merges, profiles, identities, candidates, the
 * claim and its links) without touching the database.
 */
function stageClaim(prepared: PreparedIdentifier[], input: ResolveInput, snapshot: ClaimSnapshot): StagedClaim {
  const actor = input.actor ?? 'system';
  const { blocked } = snapshot;
  const active = usableIdentifiers(prepared).filter((identifier) => !blocked.has(identityKey(identifier)));
  const writes = new ClaimWrites(newId('clm'), input.source, input.observedAt ?? new Date());
  if (active.length === 0) {
    writes.claim(actor, null, linkRows(prepared, blocked, null));
    return { kind: 'rejected', writes, result: { kind: 'rejected', reason: 'every identifier is blocked or invalid' } };
  }
  const known = new Map([...snapshot.known].filter(([key]) => !blocked.has(key)));
  const plan = planResolution({ usable: active, known, groups: snapshot.groups, separated: snapshot.separated });

  let created = false;
  let anchorMember: string;
  let anchorCanonical: string;
  let linkedVia: string | null = null;
  if (plan.anchor.kind === 'new') {
    anchorMember = anchorCanonical = writes.profile();
    created = true;
  } else {
    anchorMember = plan.anchor.memberProfileId;
    anchorCanonical = plan.anchor.canonicalId;
    linkedVia = identityKey(plan.anchor.via);
  }
  for (const merge of plan.merges) writes.merge(anchorMember, anchorCanonical, merge.loserId, merge.via);
  writes.identities(plan.attach, anchorMember, linkedVia);

  let resolved = anchorCanonical;
  let resolvedMember = anchorMember;
  const candidates = [...plan.candidates];
  if (plan.overflow.length > 0) {
    const overflowId = writes.profile();
    writes.identities(plan.overflow, overflowId, null);
    candidates.push({ otherProfileId: overflowId, reason: plan.overflowReason ?? 'limit' });
    if (plan.resolveTo === 'overflow') resolved = resolvedMember = overflowId;
  }
  for (const candidate of candidates) writes.candidate(anchorCanonical, candidate.otherProfileId, candidate.reason);
  writes.claim(actor, resolved, linkRows(prepared, blocked, plan));
  return {
    kind: 'planned', writes, plan, active,
    result: { kind: 'resolved', profileId: resolved, memberProfileId: resolvedMember, created },
  };
}

/**
 * The rows one claim adds (profiles, identities, candidates, the claim and its links), written by
 * `cdp_write_claim` in one round trip. The claim's `seq` is taken under its locks, so a recompute replays
 * claims in the order they changed the graph.
 */
class ClaimWrites {
  private readonly profiles: string[] = [];
  private readonly identityRows: Record<string, string | null>[] = [];
  private readonly candidateRows: Record<string, string>[] = [];
  private readonly mergeRows: Record<string, string>[] = [];
  private claimRow: Record<string, string | null> | null = null;
  private linkRowsOfClaim: LinkRow[] = [];

  constructor(private readonly claimId: string, private readonly source: string, private readonly observedAt: Date) {}

  profile(): string {
    const id = newId('prf');
    this.profiles.push(id);
    return id;
  }

  identities(identifiers: Identifier[], profileId: string, linkedVia: string | null): void {
    for (const identifier of identifiers) {
      this.identityRows.push({ id: newId('idn'), profile_id: profileId, type: identifier.type, value: identifier.value, linked_via: linkedVia });
    }
  }

  /** Folds the loser's group under the winner's member profile, recorded as a merge by this claim. */
  merge(winnerMemberId: string, winnerId: string, loserId: string, via: Identifier): void {
    this.mergeRows.push({
      id: newId('mrg'), winner_member_id: winnerMemberId, winner_id: winnerId, loser_id: loserId, rule: `exact:${via.type}`,
      via_type: via.type, via_value: via.value,
    });
  }

  candidate(profileId: string, otherProfileId: string, reason: string): void {
    this.candidateRows.push({ id: newId('mcd'), profile_id: profileId, other_profile_id: otherProfileId, reason });
  }

  claim(actor: string, profileId: string | null, links: LinkRow[]): void {
    this.claimRow = { actor, outcome: profileId ? 'resolved' : 'rejected', profile_id: profileId };
    this.linkRowsOfClaim = links;
  }

  /** Writes the rows under the claim's locks and returns the identifiers among `active` now widely shared. */
  async flush(tx: Executor, active: Identifier[]): Promise<(Identifier & { note: string })[]> {
    const rows = await queryRows<{ shared: WidelySharedRow[] | null }>(tx, sql`
      select cdp_write_claim(${JSON.stringify(this.payload(active))}::jsonb) as shared`);
    return describeWidelyShared(rows[0]!.shared ?? []);
  }

  /**
   * Writes the rows if the snapshot the plan was made on is still current (`cdp_apply_planned_claim`). Returns
   * null, having written nothing, when it does not.
   */
  async applyIfUnchanged(db: Executor, active: Identifier[], expectations: Record<string, unknown>) {
    const rows = await queryRows<{ outcome: { applied: boolean; shared?: WidelySharedRow[] | null } }>(db, sql`
      select cdp_apply_planned_claim(${JSON.stringify({ ...this.payload(active), ...expectations })}::jsonb) as outcome`);
    const { outcome } = rows[0]!;
    return outcome.applied ? { widelyShared: describeWidelyShared(outcome.shared ?? []) } : null;
  }

  private payload(active: Identifier[]) {
    return {
      ...this.claimRow!, id: this.claimId, source: this.source, observed_at: this.observedAt.toISOString(),
      merges: this.mergeRows, profiles: this.profiles, identities: this.identityRows, candidates: this.candidateRows,
      links: this.linkRowsOfClaim,
      active, person_types: personTypes, threshold: quarantineAfterDistinctValues,
    };
  }
}

interface LinkRow { type: string; value: string | null; status: string; rule: string }

/** One link per identifier of the claim with what the rules did to it. */
function linkRows(prepared: PreparedIdentifier[], blocked: Set<string>, plan: ResolutionPlan | null): LinkRow[] {
  const unplaced = new Set((plan?.unplaced ?? []).map(identityKey));
  return prepared.map((item) => {
    if (!item.usable) return { type: item.type, value: null, status: 'invalid', rule: item.reason };
    const key = identityKey(item);
    if (blocked.has(key)) return { type: item.type, value: item.value, status: 'blocked', rule: 'blocklist' };
    if (unplaced.has(key)) return { type: item.type, value: item.value, status: 'over_limit', rule: plan?.overflowReason ?? 'limit' };
    return { type: item.type, value: item.value, status: 'linked', rule: linkRule(plan, key) };
  });
}

function linkRule(plan: ResolutionPlan | null, key: string): string {
  if (plan?.attach.some((identifier) => identityKey(identifier) === key)) {
    return plan.anchor.kind === 'new' ? 'new_profile' : 'attached';
  }
  if (plan?.overflow.some((identifier) => identityKey(identifier) === key)) return 'overflow_profile';
  return 'exact_match';
}
