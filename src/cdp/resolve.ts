import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import { prepareClaims, usableIdentifiers, type IdentityClaim, type PreparedIdentifier } from './claims.js';
import { refreshSurvivingFields } from './fields.js';
import { lockIdentityGraph, recordMerge } from './merge.js';
import { planResolution, sortByPriority, type Identifier, type ResolutionPlan } from './plan.js';
import { foldProfile } from './profiles.js';
import { describeWidelyShared, quarantineIfSharedWidely, type WidelySharedRow } from './quarantine.js';
import { identityKey, personTypes, quarantineAfterDistinctValues } from './rules.js';
import { loadKnownIdentifiers, lockClaimSnapshot } from './snapshot.js';

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

  const known = await loadKnownIdentifiers(db, usable);
  const canonicals = new Set([...known.values()].map((item) => item.canonicalId));
  if (known.size === usable.length && canonicals.size === 1) {
    const strongest = known.get(identityKey(sortByPriority(usable)[0]!))!;
    return { kind: 'resolved', profileId: strongest.canonicalId, memberProfileId: strongest.profileId, created: false };
  }
  const outcome = await withDeadlockRetry(() => db.transaction((tx) => resolveLocked(tx as Executor, prepared, input)));
  if (outcome.widelyShared.length === 0) return outcome.result;
  return quarantineAfterClaim(db, outcome, input.actor ?? 'system');
}

/** Runs `work` again when PostgreSQL broke a lock cycle by aborting it (rare: a profile merged meanwhile). */
async function withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (code !== '40P01' || attempt >= 5) throw error;
    }
  }
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
  const usable = usableIdentifiers(prepared);
  const snapshot = await lockClaimSnapshot(tx, usable);

  const actor = input.actor ?? 'system';
  const observedAt = input.observedAt ?? new Date();
  const claimId = newId('clm');
  const { blocked } = snapshot;
  const active = usable.filter((identifier) => !blocked.has(identityKey(identifier)));
  const writes = new ClaimWrites(claimId, input.source, observedAt);
  if (active.length === 0) {
    writes.claim(actor, null, linkRows(prepared, blocked, null));
    await writes.flush(tx, []);
    return { result: { kind: 'rejected', reason: 'every identifier is blocked or invalid' }, active, widelyShared: [] };
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

  for (const merge of plan.merges) {
    await foldProfile(tx, { winnerMemberId: anchorMember, winnerId: anchorCanonical, loserId: merge.loserId });
    await recordMerge(tx, { winnerId: anchorMember, loserId: merge.loserId, claimId, rule: `exact:${merge.via.type}`, via: merge.via, actor });
  }
  writes.identities(plan.attach, anchorMember, linkedVia);

  let resolved = anchorCanonical;
  let resolvedMember = anchorMember;
  if (plan.overflow.length > 0) {
    const overflowId = writes.profile();
    writes.identities(plan.overflow, overflowId, null);
    plan.candidates.push({ otherProfileId: overflowId, reason: plan.overflowReason ?? 'limit' });
    if (plan.resolveTo === 'overflow') resolved = resolvedMember = overflowId;
  }
  for (const candidate of plan.candidates) writes.candidate(anchorCanonical, candidate.otherProfileId, candidate.reason);
  writes.claim(actor, resolved, linkRows(prepared, blocked, plan));
  const widelyShared = await writes.flush(tx, active);
  if (plan.merges.length > 0) await refreshSurvivingFields(tx, anchorCanonical);
  return { result: { kind: 'resolved', profileId: resolved, memberProfileId: resolvedMember, created }, active, widelyShared };
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

  candidate(profileId: string, otherProfileId: string, reason: string): void {
    this.candidateRows.push({ id: newId('mcd'), profile_id: profileId, other_profile_id: otherProfileId, reason });
  }

  claim(actor: string, profileId: string | null, links: LinkRow[]): void {
    this.claimRow = { actor, outcome: profileId ? 'resolved' : 'rejected', profile_id: profileId };
    this.linkRowsOfClaim = links;
  }

  /** Writes the rows and returns the identifiers among `active` that are now widely shared. */
  async flush(tx: Executor, active: Identifier[]): Promise<(Identifier & { note: string })[]> {
    const payload = {
      ...this.claimRow!, id: this.claimId, source: this.source, observed_at: this.observedAt.toISOString(),
      profiles: this.profiles, identities: this.identityRows, candidates: this.candidateRows, links: this.linkRowsOfClaim,
      active, person_types: personTypes, threshold: quarantineAfterDistinctValues,
    };
    const rows = await queryRows<{ shared: WidelySharedRow[] | null }>(tx, sql`select cdp_write_claim(${JSON.stringify(payload)}::jsonb) as shared`);
    return describeWidelyShared(rows[0]!.shared ?? []);
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
