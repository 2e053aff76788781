import { sql } from 'drizzle-orm';
import { newId, type Executor } from '../db/index.js';
import { prepareClaims, usableIdentifiers, type IdentityClaim, type PreparedIdentifier } from './claims.js';
import { refreshSurvivingFields } from './fields.js';
import { lockIdentityGraph, recordMerge } from './merge.js';
import { planResolution, sortByPriority, type Identifier, type ResolutionPlan } from './plan.js';
import { createProfile, foldProfile } from './profiles.js';
import { quarantineIfSharedWidely } from './quarantine.js';
import { identityKey } from './rules.js';
import { loadBlockedKeys, loadGroups, loadKnownIdentifiers } from './snapshot.js';

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
  return db.transaction((tx) => resolveLocked(tx as Executor, prepared, input));
}

async function resolveLocked(tx: Executor, prepared: PreparedIdentifier[], input: ResolveInput): Promise<ResolveResult> {
  await lockIdentityGraph(tx);
  const actor = input.actor ?? 'system';
  const observedAt = input.observedAt ?? new Date();
  const claimId = newId('clm');
  const blocked = await loadBlockedKeys(tx, usableIdentifiers(prepared));
  const active = usableIdentifiers(prepared).filter((identifier) => !blocked.has(identityKey(identifier)));
  if (active.length === 0) {
    await insertClaim(tx, { claimId, input, actor, observedAt, profileId: null, prepared, blocked, plan: null });
    return { kind: 'rejected', reason: 'every identifier is blocked or invalid' };
  }

  const known = await loadKnownIdentifiers(tx, active);
  const canonicalIds = [...new Set([...known.values()].map((item) => item.canonicalId))];
  const plan = planResolution({ usable: active, known, ...(await loadGroups(tx, canonicalIds)) });

  let created = false;
  let anchorMember: string;
  let anchorCanonical: string;
  let linkedVia: string | null = null;
  if (plan.anchor.kind === 'new') {
    anchorMember = anchorCanonical = await createProfile(tx, observedAt);
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
  if (plan.merges.length > 0) await refreshSurvivingFields(tx, anchorCanonical);
  await insertIdentities(tx, plan.attach, anchorMember, linkedVia, claimId, input.source);

  let resolved = anchorCanonical;
  let resolvedMember = anchorMember;
  if (plan.overflow.length > 0) {
    const overflowId = await createProfile(tx, observedAt);
    await insertIdentities(tx, plan.overflow, overflowId, null, claimId, input.source);
    plan.candidates.push({ otherProfileId: overflowId, reason: plan.overflowReason ?? 'limit' });
    if (plan.resolveTo === 'overflow') resolved = resolvedMember = overflowId;
  }
  for (const candidate of plan.candidates) {
    await tx.execute(sql`
      insert into merge_candidates (id, profile_id, other_profile_id, claim_id, reason)
      values (${newId('mcd')}, ${anchorCanonical}, ${candidate.otherProfileId}, ${claimId}, ${candidate.reason})
      on conflict do nothing`);
  }
  await insertClaim(tx, { claimId, input, actor, observedAt, profileId: resolved, prepared, blocked, plan });

  const quarantined = await quarantineIfSharedWidely(tx, active, actor);
  if (quarantined.length > 0) {
    const remaining = sortByPriority(active.filter((identifier) => !quarantined.includes(identityKey(identifier))));
    const owners = await loadKnownIdentifiers(tx, remaining);
    const strongest = remaining.map((identifier) => owners.get(identityKey(identifier))).find(Boolean);
    if (!strongest) return { kind: 'rejected', reason: 'every identifier was quarantined' };
    return { kind: 'resolved', profileId: strongest.canonicalId, memberProfileId: strongest.profileId, created };
  }
  return { kind: 'resolved', profileId: resolved, memberProfileId: resolvedMember, created };
}

async function insertIdentities(
  tx: Executor, identifiers: Identifier[], profileId: string, linkedVia: string | null, claimId: string, source: string,
): Promise<void> {
  for (const identifier of identifiers) {
    await tx.execute(sql`
      insert into identities (id, profile_id, type, value, source, claim_id, linked_via)
      values (${newId('idn')}, ${profileId}, ${identifier.type}, ${identifier.value}, ${source}, ${claimId}, ${linkedVia})`);
  }
}

interface ClaimRecord {
  claimId: string;
  input: ResolveInput;
  actor: string;
  observedAt: Date;
  profileId: string | null;
  prepared: PreparedIdentifier[];
  blocked: Set<string>;
  plan: ResolutionPlan | null;
}

/** Stores the claim and one link per identifier with what the rules did to it. */
async function insertClaim(tx: Executor, record: ClaimRecord): Promise<void> {
  const { claimId, input, actor, observedAt, profileId, prepared, blocked, plan } = record;
  await tx.execute(sql`
    insert into identity_claims (id, source, actor, observed_at, outcome, profile_id)
    values (${claimId}, ${input.source}, ${actor}, ${observedAt}, ${profileId ? 'resolved' : 'rejected'}, ${profileId})`);
  const unplaced = new Set((plan?.unplaced ?? []).map(identityKey));
  const links = prepared.map((item) => {
    if (!item.usable) return { type: item.type, value: null, status: 'invalid', rule: item.reason };
    const key = identityKey(item);
    if (blocked.has(key)) return { type: item.type, value: item.value, status: 'blocked', rule: 'blocklist' };
    if (unplaced.has(key)) return { type: item.type, value: item.value, status: 'over_limit', rule: plan?.overflowReason ?? 'limit' };
    return { type: item.type, value: item.value, status: 'linked', rule: linkRule(plan, key) };
  });
  const json = JSON.stringify(links);
  await tx.execute(sql`
    insert into identity_links (claim_id, type, value, status, rule)
    select ${claimId}, l.type, l.value, l.status, l.rule
      from jsonb_to_recordset(${json}::jsonb) as l(type text, value text, status text, rule text)`);
}

function linkRule(plan: ResolutionPlan | null, key: string): string {
  if (plan?.attach.some((identifier) => identityKey(identifier) === key)) {
    return plan.anchor.kind === 'new' ? 'new_profile' : 'attached';
  }
  if (plan?.overflow.some((identifier) => identityKey(identifier) === key)) return 'overflow_profile';
  return 'exact_match';
}
