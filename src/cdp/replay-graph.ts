import { planResolution, type Identifier, type KnownIdentifier, type ProfileGroup, type ResolutionPlan } from './plan.js';
import { identityKey } from './rules.js';

/** A profile the replay created; `mergedInto` is the member profile it was folded under, as live merges do. */
export interface ReplayProfile { id: string; claim: number; mergedInto: string | null }
export interface ReplayIdentity extends Identifier { profileId: string; claim: number; linkedVia: string | null }
export interface ReplayMerge { winnerMemberId: string; loserId: string; claim: number; via: Identifier }
export interface ReplayCandidate { profileId: string; otherProfileId: string; claim: number; reason: string }
export interface ReplayStep { plan: ResolutionPlan; resolvedTo: string }

/**
 * The identity graph rebuilt in memory from claims, with the same planner as live resolution. Profile ids
 * are local (`r1`, `r2` …), so results are compared by partition, not by id. With `record` set it also
 * keeps every profile, identity, merge and candidate, so that a bulk backfill can write them.
 */
export class ReplayGraph {
  private readonly known = new Map<string, KnownIdentifier>();
  private readonly groups = new Map<string, ProfileGroup & { members: string[] }>();
  /** Member profile → the member it was folded under (`merged_into`), and → its canonical profile. */
  private readonly parent = new Map<string, string | null>();
  private readonly canonical = new Map<string, string>();
  /** Winner and loser members of merges an agent undid; their profiles stay apart while they are. */
  private readonly separations: [string, string][] = [];
  private nextId = 1;
  readonly profiles: ReplayProfile[] = [];
  readonly identities = new Map<string, ReplayIdentity>();
  readonly merges: ReplayMerge[] = [];
  readonly candidates: ReplayCandidate[] = [];

  constructor(private readonly record = false) {}

  /** Applies one claim's usable identifiers, as live resolution would with the same blocklist. */
  apply(usable: Identifier[], claim = -1): ReplayStep | null {
    if (usable.length === 0) return null;
    const plan = planResolution({
      usable, known: this.known, groups: this.groups, separated: (a, b) => this.separated(a, b),
    });
    let anchorMember: string;
    let anchorCanonical: string;
    let linkedVia: string | null = null;
    if (plan.anchor.kind === 'new') {
      anchorMember = anchorCanonical = this.createProfile(claim);
    } else {
      anchorMember = plan.anchor.memberProfileId;
      anchorCanonical = plan.anchor.canonicalId;
      linkedVia = identityKey(plan.anchor.via);
    }
    for (const merge of plan.merges) this.fold(anchorMember, anchorCanonical, merge.loserId, claim, merge.via);
    this.attach(plan.attach, anchorMember, anchorCanonical, claim, linkedVia);
    let resolvedTo = anchorCanonical;
    if (plan.overflow.length > 0) {
      const overflowId = this.createProfile(claim);
      this.attach(plan.overflow, overflowId, overflowId, claim, null);
      plan.candidates.push({ otherProfileId: overflowId, reason: plan.overflowReason ?? 'limit' });
      if (plan.resolveTo === 'overflow') resolvedTo = overflowId;
    }
    if (this.record) {
      for (const candidate of plan.candidates) {
        this.candidates.push({ profileId: anchorCanonical, otherProfileId: candidate.otherProfileId, claim, reason: candidate.reason });
      }
    }
    return { plan, resolvedTo };
  }

  /** Replays an agent's merge: folds the profile holding `loserKey` under the member holding `winnerKey`. */
  mergeManually(winnerKey: string, loserKey: string): boolean {
    const winner = this.known.get(winnerKey);
    const loser = this.known.get(loserKey);
    if (!winner || !loser || winner.canonicalId === loser.canonicalId) return false;
    this.fold(winner.profileId, winner.canonicalId, loser.canonicalId, -1, null);
    return true;
  }

  /**
   * Replays an agent's unmerge: finds the merge that hung the loser's side under the winner's member and
   * detaches that subtree, as `unfoldProfile` does. The two sides then stay apart for automatic merges.
   */
  unmergeManually(winnerKey: string, loserKey: string): boolean {
    const winner = this.known.get(winnerKey);
    const loser = this.known.get(loserKey);
    if (!winner || !loser || winner.canonicalId !== loser.canonicalId) return false;
    const winnerChain = new Set<string>();
    for (let node: string | null | undefined = winner.profileId; node; node = this.parent.get(node)) winnerChain.add(node);
    for (let node: string | null | undefined = loser.profileId; node; node = this.parent.get(node)) {
      const parent = this.parent.get(node);
      if (parent && winnerChain.has(parent)) {
        this.unfold(node);
        this.separations.push([parent, node]);
        return true;
      }
    }
    return false;
  }

  /** Canonical profile id → its member profile ids, for writing `canonical_id`. */
  canonicalMembers(): Map<string, string[]> {
    return new Map([...this.groups].map(([id, group]) => [id, group.members]));
  }

  /** Identity key → the smallest identity key of its profile, which names the profile independently of ids. */
  partitionLabels(): Map<string, string> {
    const labels = new Map<string, string>();
    for (const group of this.groups.values()) {
      if (group.identifiers.length === 0) continue;
      const keys = group.identifiers.map(identityKey);
      const label = keys.reduce((min, key) => (key < min ? key : min));
      for (const key of keys) labels.set(key, label);
    }
    return labels;
  }

  private separated(a: string, b: string): boolean {
    return this.separations.some(([winner, loser]) => {
      const x = this.canonical.get(winner);
      const y = this.canonical.get(loser);
      return (x === a && y === b) || (x === b && y === a);
    });
  }

  private unfold(rootId: string): void {
    const canonicalId = this.canonical.get(rootId)!;
    const group = this.groups.get(canonicalId)!;
    const inSubtree = (member: string) => {
      for (let node: string | null | undefined = member; node; node = this.parent.get(node)) if (node === rootId) return true;
      return false;
    };
    const moved = group.members.filter(inSubtree);
    const movedSet = new Set(moved);
    const identifiers = group.identifiers.filter((identifier) => movedSet.has(this.known.get(identityKey(identifier))!.profileId));
    group.members = group.members.filter((member) => !movedSet.has(member));
    group.identifiers = group.identifiers.filter((identifier) => !movedSet.has(this.known.get(identityKey(identifier))!.profileId));
    this.groups.set(rootId, { canonicalId: rootId, createdAt: Number(rootId.slice(1)), identifiers, members: moved });
    for (const identifier of identifiers) this.known.get(identityKey(identifier))!.canonicalId = rootId;
    for (const member of moved) this.canonical.set(member, rootId);
    this.parent.set(rootId, null);
    if (this.record) this.profiles[Number(rootId.slice(1)) - 1]!.mergedInto = null;
  }

  private createProfile(claim: number): string {
    const id = `r${this.nextId}`;
    this.groups.set(id, { canonicalId: id, createdAt: this.nextId, identifiers: [], members: [id] });
    this.parent.set(id, null);
    this.canonical.set(id, id);
    if (this.record) this.profiles.push({ id, claim, mergedInto: null });
    this.nextId += 1;
    return id;
  }

  private fold(winnerMemberId: string, winnerId: string, loserId: string, claim: number, via: Identifier | null): void {
    const winner = this.groups.get(winnerId)!;
    const loser = this.groups.get(loserId)!;
    for (const identifier of loser.identifiers) {
      const known = this.known.get(identityKey(identifier))!;
      known.canonicalId = winnerId;
      winner.identifiers.push(identifier);
    }
    for (const member of loser.members) this.canonical.set(member, winnerId);
    winner.members.push(...loser.members);
    this.groups.delete(loserId);
    this.parent.set(loserId, winnerMemberId);
    if (this.record) {
      this.profiles[Number(loserId.slice(1)) - 1]!.mergedInto = winnerMemberId;
      if (via) this.merges.push({ winnerMemberId, loserId, claim, via });
    }
  }

  private attach(identifiers: Identifier[], memberId: string, canonicalId: string, claim: number, linkedVia: string | null): void {
    const group = this.groups.get(canonicalId)!;
    for (const identifier of identifiers) {
      const key = identityKey(identifier);
      this.known.set(key, { ...identifier, profileId: memberId, canonicalId });
      group.identifiers.push(identifier);
      if (this.record) this.identities.set(key, { ...identifier, profileId: memberId, claim, linkedVia });
    }
  }
}
