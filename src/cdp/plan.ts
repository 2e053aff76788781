import { identityKey, identityRules, limitKey, limitOf } from './rules.js';
import type { IdentityType } from './schema.js';

export interface Identifier { type: IdentityType; value: string }

/** An identifier that already belongs to a profile. */
export interface KnownIdentifier extends Identifier { profileId: string; canonicalId: string }

/** A canonical profile with every identifier of its members. */
export interface ProfileGroup { canonicalId: string; createdAt: number; identifiers: Identifier[] }

export interface PlanInput {
  /** The claim's usable identifiers: normalised, deduplicated, not blocked. */
  usable: Identifier[];
  known: Map<string, KnownIdentifier>;
  groups: Map<string, ProfileGroup>;
  /** True when an agent or a quarantine undid a merge between members of the two profiles. */
  separated(canonicalA: string, canonicalB: string): boolean;
}

export interface PlannedMerge { winnerId: string; loserId: string; via: Identifier }
export interface PlannedCandidate { otherProfileId: string; reason: string }

/**
 * What a claim does to the graph. Every identifier ends in exactly one place: already known, attached to
 * the anchor profile (a new profile when nothing matched), or, when attaching it would exceed its type's
 * limit, on an overflow profile that an agent may later merge.
 */
export interface ResolutionPlan {
  anchor: { kind: 'new' } | { kind: 'existing'; canonicalId: string; memberProfileId: string; via: Identifier };
  merges: PlannedMerge[];
  /** Merges refused by the rules, against the anchor profile. */
  candidates: PlannedCandidate[];
  attach: Identifier[];
  overflow: Identifier[];
  /** Identifiers over their limit even on the overflow profile (a third POS member id in one claim). */
  unplaced: Identifier[];
  overflowReason: string | null;
  /** Which profile the claim is about: the overflow profile when it holds the claim's strongest identifier. */
  resolveTo: 'anchor' | 'overflow';
}

const priorityOf = (identifier: Identifier) => identityRules[identifier.type].priority;

/** Code-unit order: the same everywhere and much cheaper than `localeCompare` in a million-claim replay. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts identifiers strongest first, then by key, so that plans never depend on input order. */
export function sortByPriority<T extends Identifier>(identifiers: T[]): T[] {
  return [...identifiers].sort((a, b) => priorityOf(b) - priorityOf(a) || compareText(identityKey(a), identityKey(b)));
}

/** Distinct values per limit key of a set of identifiers. */
class LimitCounter {
  private readonly values = new Map<string, Set<string>>();

  constructor(identifiers: Identifier[] = []) {
    for (const identifier of identifiers) this.add(identifier);
  }

  add(identifier: Identifier): void {
    const key = limitKey(identifier.type, identifier.value);
    const set = this.values.get(key) ?? new Set<string>();
    set.add(identifier.value);
    this.values.set(key, set);
  }

  /** The first limit key that adding `identifiers` would push over its limit, or null. */
  exceededBy(identifiers: Identifier[]): string | null {
    const trial = new Map<string, Set<string>>();
    for (const identifier of identifiers) {
      const key = limitKey(identifier.type, identifier.value);
      const set = trial.get(key) ?? new Set(this.values.get(key) ?? []);
      set.add(identifier.value);
      trial.set(key, set);
      if (set.size > limitOf(key)) return key;
    }
    return null;
  }
}

/** Plans one claim from a snapshot of the profiles it touches. Pure, so live and replay share it. */
export function planResolution(input: PlanInput): ResolutionPlan {
  const usable = sortByPriority(input.usable);
  const matched = usable.filter((identifier) => input.known.has(identityKey(identifier)));
  const fresh = usable.filter((identifier) => !input.known.has(identityKey(identifier)));
  const plan: ResolutionPlan = {
    anchor: { kind: 'new' }, merges: [], candidates: [], attach: [], overflow: [], unplaced: [], overflowReason: null, resolveTo: 'anchor',
  };
  const counter = new LimitCounter();

  if (matched.length > 0) {
    const bestMatch = new Map<string, KnownIdentifier>();
    for (const identifier of matched) {
      const known = input.known.get(identityKey(identifier))!;
      if (!bestMatch.has(known.canonicalId)) bestMatch.set(known.canonicalId, known);
    }
    const order = [...bestMatch.values()].sort((a, b) => {
      const groupA = input.groups.get(a.canonicalId)!;
      const groupB = input.groups.get(b.canonicalId)!;
      return priorityOf(b) - priorityOf(a) || groupA.createdAt - groupB.createdAt || compareText(a.canonicalId, b.canonicalId);
    });
    const winner = order[0]!;
    plan.anchor = { kind: 'existing', canonicalId: winner.canonicalId, memberProfileId: winner.profileId, via: pick(winner) };
    for (const identifier of input.groups.get(winner.canonicalId)!.identifiers) counter.add(identifier);

    for (const other of order.slice(1)) {
      const group = input.groups.get(other.canonicalId)!;
      const reason = input.separated(winner.canonicalId, other.canonicalId)
        ? 'separated: a merge between them was undone'
        : limitReason(counter.exceededBy(group.identifiers));
      if (reason) {
        plan.candidates.push({ otherProfileId: other.canonicalId, reason });
        continue;
      }
      plan.merges.push({ winnerId: winner.canonicalId, loserId: other.canonicalId, via: pick(other) });
      for (const identifier of group.identifiers) counter.add(identifier);
    }
  }

  const overflowCounter = new LimitCounter();
  for (const identifier of fresh) {
    const exceeded = counter.exceededBy([identifier]);
    if (exceeded === null) {
      plan.attach.push(identifier);
      counter.add(identifier);
    } else if (overflowCounter.exceededBy([identifier]) === null) {
      plan.overflow.push(identifier);
      overflowCounter.add(identifier);
      plan.overflowReason ??= limitReason(exceeded);
    } else {
      plan.unplaced.push(identifier);
    }
  }

  const strongestMatched = matched[0] ? priorityOf(matched[0]) : -1;
  if (plan.overflow[0] && priorityOf(plan.overflow[0]) > strongestMatched) plan.resolveTo = 'overflow';
  return plan;
}

function pick(known: KnownIdentifier): Identifier {
  return { type: known.type, value: known.value };
}

function limitReason(key: string | null): string | null {
  return key === null ? null : `limit: more than ${limitOf(key)} ${key} per profile`;
}
