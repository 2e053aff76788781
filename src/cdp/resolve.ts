import { sql } from 'drizzle-orm';
import { newId, type Executor } from '../db/index.js';
import { prepareClaims, usableIdentifiers, type IdentityClaim, type PreparedIdentifier } from './claims.js';
import { refreshSurvivingFields } from './fields.js';
import { lockCanonicalProfiles, lockClaim, lockIdentityGraph, recordMerge } from './merge.js';
import { planResolution, sortByPriority, type Identifier, type ResolutionPlan } from './plan.js';
import { foldProfile } from './profiles.js';
import { findWidelyShared, quarantineIfSharedWidely } from './quarantine.js';
import { identityKey } from './rules.js';
import { loadClaimSnapshot, loadKnownIdentifiers, textArray } from './snapshot.js';

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
  const outcome = await withDeadlockRetry(() => db.transaction((tx) => resolveLocked(tx as Executor, prepared, input, [...canonicals])));
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

async function resolveLocked(tx: Executor, prepared: PreparedIdentifier[], input: ResolveInput, seenCanonicals: string[]): Promise<LockedOutcome> {
  const usable = usableIdentifiers(prepared);
  await lockClaim(tx, usable.map(identityKey));
  const locked = new Set(seenCanonicals);
  await lockCanonicalProfiles(tx, seenCanonicals);
  let snapshot = await loadClaimSnapshot(tx, usable);
  for (;;) {
    const unlocked = [...new Set([...snapshot.known.values()].map((item) => item.canonicalId))].filter((id) => !locked.has(id));
    if (unlocked.length === 0) break;
    await lockCanonicalProfiles(tx, unlocked);
    for (const id of unlocked) locked.add(id);
    snapshot = await loadClaimSnapshot(tx, usable);
  }

  const actor = input.actor ?? 'system';
  const observedAt = input.observedAt ?? new Date();
  const claimId = newId('clm');
  const { blocked } = snapshot;
  const active = usable.filter((identifier) => !blocked.has(identityKey(identifier)));
  const writes = new ClaimWrites(claimId, input.source, observedAt);
  if (active.length === 0) {
    writes.claim(input, actor, null, linkRows(prepared, blocked, null));
    await writes.flush(tx);
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
  writes.claim(input, actor, resolved, linkRows(prepared, blocked, plan));
  await writes.flush(tx);
  if (plan.merges.length > 0) await refreshSurvivingFields(tx, anchorCanonical);

  const widelyShared = await findWidelyShared(tx, active);
  return { result: { kind: 'resolved', profileId: resolved, memberProfileId: resolvedMember, created }, active, widelyShared };
}

/**
 * The rows one claim adds (profiles, identities, candidates, the claim and its links), written in one
 * statement. The claim's time is taken under its locks, so a recompute orders it among agents' decisions.
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
      this.identityRows.push({
        id: newId('idn'), profile_id: profileId, type: identifier.type, value: identifier.value, source: this.source,
        claim_id: this.claimId, linked_via: linkedVia,
      });
    }
  }

  candidate(profileId: string, otherProfileId: string, reason: string): void {
    this.candidateRows.push({ id: newId('mcd'), profile_id: profileId, other_profile_id: otherProfileId, claim_id: this.claimId, reason });
  }

  claim(input: ResolveInput, actor: string, profileId: string | null, links: LinkRow[]): void {
    this.claimRow = { id: this.claimId, source: input.source, actor, outcome: profileId ? 'resolved' : 'rejected', profile_id: profileId };
    this.linkRowsOfClaim = links;
  }

  async flush(tx: Executor): Promise<void> {
    const claim = this.claimRow!;
    await tx.execute(sql`
      with new_profiles as (
        insert into profiles (id, canonical_id, created_at, updated_at)
        select id, id, ${this.observedAt}, ${this.observedAt} from unnest(${textArray(this.profiles)}) as id
      ), new_identities as (
        insert into identities (id, profile_id, type, value, source, claim_id, linked_via)
        select id, profile_id, type, value, source, claim_id, linked_via
          from json_to_recordset(${JSON.stringify(this.identityRows)}::json)
            as r(id text, profile_id text, type text, value text, source text, claim_id text, linked_via text)
      ), new_claim as (
        insert into identity_claims (id, source, actor, observed_at, outcome, profile_id, created_at)
        values (${claim.id}, ${claim.source}, ${claim.actor}, ${this.observedAt}, ${claim.outcome}, ${claim.profile_id}, clock_timestamp())
        returning seq
      ), new_candidates as (
        insert into merge_candidates (id, profile_id, other_profile_id, claim_id, reason)
        select id, profile_id, other_profile_id, claim_id, reason
          from json_to_recordset(${JSON.stringify(this.candidateRows)}::json)
            as r(id text, profile_id text, other_profile_id text, claim_id text, reason text)
        on conflict do nothing
      )
      insert into identity_links (claim_id, claim_seq, type, value, status, rule)
      select ${claim.id}, (select seq from new_claim), l.type, l.value, l.status, l.rule
        from json_to_recordset(${JSON.stringify(this.linkRowsOfClaim)}::json) as l(type text, value text, status text, rule text)`);
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
