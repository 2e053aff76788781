import { identityRules, limitKey } from './rules.js';
import { identityTypes, type IdentityType } from './schema.js';

const initialCapacity = 1 << 16;
const noKeys: readonly string[] = [];

/**
 * Identity types by the shape of their name (length and first letter), which differs for every type, so
 * that interning a key reads its type without cutting it out of the key.
 */
const typesByShape = new Map<number, IdentityType>(identityTypes.map((type) => [shapeOf(type, type.length), type]));

function shapeOf(key: string, colon: number): number {
  return colon * 128 + key.charCodeAt(0);
}
if (typesByShape.size !== identityTypes.length) throw new Error('two identity types share a name length and first letter');

/** Grows a typed array to at least `size` elements, keeping its contents and filling new slots with `fill`. */
function grow(array: Int32Array<ArrayBuffer>, size: number, fill: number): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  let length = array.length;
  while (length < size) length *= 2;
  const next = new Int32Array(length).fill(fill);
  next.set(array);
  return next;
}

/**
 * The identity graph of a full recompute: the rules of `planResolution` (priorities, per-type limits,
 * merge candidates, overflow profiles, agents' separations) applied claim by claim, as `ReplayGraph`
 * applies them, but on integer ids in typed arrays. Identifiers and profiles are numbered as they
 * appear, and a claim allocates no objects beyond a few small arrays. A million claims then replay in
 * seconds where `ReplayGraph`, which keeps an object per identifier and runs the planner on maps, needs
 * minutes. It records no merges or candidates, so a bulk load writes what `ReplayGraph` records.
 *
 * `test/cdp/compact-graph.test.ts` checks with random claim streams that both give the same profiles.
 * A change to the rules in `plan.ts` must be made here too.
 */
export class CompactGraph {
  private readonly keyIds = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly priorities: number[] = [];
  /** Limit slot of each identifier: one per type, and one per marketplace for marketplace buyer ids. */
  private readonly slots: number[] = [];
  private readonly slotIds = new Map<string, number>();
  private readonly slotLimits: number[] = [];
  /** Member profile of each identifier, or -1 while no claim has placed it. */
  private keyMember = new Int32Array(initialCapacity).fill(-1);

  /** Per profile: its canonical profile, the member it was folded under (`merged_into`, or -1). */
  private canonical = new Int32Array(initialCapacity);
  private parent = new Int32Array(initialCapacity);
  /** Members of each canonical profile and every member's identifiers. Folded profiles have empty lists. */
  private readonly members: number[][] = [];
  private readonly identifiers: number[][] = [];
  /** Winner and loser members of merges an agent undid; their profiles stay apart while they are. */
  private readonly separations: [number, number][] = [];
  private profileCount = 0;

  /** Scratch limit counters, indexed by slot, and the slots to reset after each claim. */
  private readonly counts: number[] = [];
  private readonly touched: number[] = [];
  private readonly overflowCounts: number[] = [];

  /**
   * Applies one claim's usable identifiers (`type:value` keys, blocked ones already removed). Returns the
   * keys left unplaced because they pass their limit even on an overflow profile (usually none).
   */
  apply(keys: readonly string[]): readonly string[] {
    const ids: number[] = [];
    for (const key of keys) {
      const id = this.intern(key);
      if (!ids.includes(id)) ids.push(id);
    }
    if (ids.length === 0) return noKeys;
    // Strongest first, then by key: the order `sortByPriority` gives.
    ids.sort((a, b) => this.priorities[b]! - this.priorities[a]! || compareText(this.keys[a]!, this.keys[b]!));

    // Each matched canonical profile with its strongest matched identifier. The winner has the strongest
    // one, and among equals the oldest profile wins, because profile numbers grow as `createdAt` does.
    // NOTE: live resolution dates a profile by its first claim's observed time, so for claims observed out
    // of order it can pick another winner. The profiles differ only when one claim meets three or more
    // profiles and a limit refuses some of them, and the recompute then reports that difference.
    const matchedCanonicals: number[] = [];
    const bestPriority: number[] = [];
    const bestMember: number[] = [];
    for (const id of ids) {
      const member = this.keyMember[id]!;
      if (member < 0) continue;
      const canonicalId = this.canonical[member]!;
      if (matchedCanonicals.includes(canonicalId)) continue;
      matchedCanonicals.push(canonicalId);
      bestPriority.push(this.priorities[id]!);
      bestMember.push(member);
    }
    const order = matchedCanonicals.map((_, index) => index);
    order.sort((a, b) => bestPriority[b]! - bestPriority[a]! || matchedCanonicals[a]! - matchedCanonicals[b]!);

    const counts = this.counts;
    const touched = this.touched;
    let anchorMember = -1;
    let anchorCanonical = -1;
    const losers: number[] = [];
    if (order.length > 0) {
      anchorCanonical = matchedCanonicals[order[0]!]!;
      anchorMember = bestMember[order[0]!]!;
      for (const id of this.identifiers[anchorCanonical]!) this.count(id);
      for (let index = 1; index < order.length; index += 1) {
        const other = matchedCanonicals[order[index]!]!;
        if (this.isSeparated(anchorCanonical, other) || this.exceedsWithGroup(other)) continue;
        losers.push(other);
        for (const id of this.identifiers[other]!) this.count(id);
      }
    }

    const attach: number[] = [];
    const overflow: number[] = [];
    const overflowCounts = this.overflowCounts;
    const overflowTouched: number[] = [];
    let unplaced: string[] | null = null;
    for (const id of ids) {
      if (this.keyMember[id]! >= 0) continue;
      const slot = this.slots[id]!;
      if ((counts[slot] ?? 0) + 1 <= this.slotLimits[slot]!) {
        attach.push(id);
        this.count(id);
      } else if ((overflowCounts[slot] ?? 0) + 1 <= this.slotLimits[slot]!) {
        overflow.push(id);
        if (!overflowCounts[slot]) overflowTouched.push(slot);
        overflowCounts[slot] = (overflowCounts[slot] ?? 0) + 1;
      } else {
        (unplaced ??= []).push(this.keys[id]!);
      }
    }
    for (const slot of touched) counts[slot] = 0;
    touched.length = 0;
    for (const slot of overflowTouched) overflowCounts[slot] = 0;

    if (anchorCanonical < 0) anchorMember = anchorCanonical = this.createProfile();
    for (const loser of losers) this.fold(anchorMember, anchorCanonical, loser);
    this.attach(attach, anchorMember, anchorCanonical);
    if (overflow.length > 0) {
      const overflowId = this.createProfile();
      this.attach(overflow, overflowId, overflowId);
    }
    return unplaced ?? noKeys;
  }

  /** Replays an agent's merge: folds the profile holding `loserKey` under the member holding `winnerKey`. */
  mergeManually(winnerKey: string, loserKey: string): boolean {
    const winner = this.memberOf(winnerKey);
    const loser = this.memberOf(loserKey);
    if (winner < 0 || loser < 0 || this.canonical[winner] === this.canonical[loser]) return false;
    this.fold(winner, this.canonical[winner]!, this.canonical[loser]!);
    return true;
  }

  /** Replays an agent's unmerge: detaches the subtree that the merge hung under the winner's side. */
  unmergeManually(winnerKey: string, loserKey: string): boolean {
    const winner = this.memberOf(winnerKey);
    const loser = this.memberOf(loserKey);
    if (winner < 0 || loser < 0 || this.canonical[winner] !== this.canonical[loser]) return false;
    const winnerChain = new Set<number>();
    for (let node = winner; node >= 0; node = this.parent[node]!) winnerChain.add(node);
    for (let node = loser; node >= 0; node = this.parent[node]!) {
      const parent = this.parent[node]!;
      if (parent >= 0 && winnerChain.has(parent)) {
        this.unfold(node);
        this.separations.push([parent, node]);
        return true;
      }
    }
    return false;
  }

  /** Canonical profile number of an identifier, or -1 when no claim placed it. */
  canonicalOfKey(key: string): number {
    const member = this.memberOf(key);
    return member < 0 ? -1 : this.canonical[member]!;
  }

  /** Returns the identity keys of a canonical profile. */
  keysOfProfile(canonicalId: number): string[] {
    return (this.identifiers[canonicalId] ?? []).map((id) => this.keys[id]!);
  }

  /** Number of identifiers on a canonical profile. */
  sizeOfProfile(canonicalId: number): number {
    return this.identifiers[canonicalId]?.length ?? 0;
  }

  /** Number of identifiers the claims placed on a profile. */
  placedCount(): number {
    let placed = 0;
    for (let id = 0; id < this.keys.length; id += 1) if (this.keyMember[id]! >= 0) placed += 1;
    return placed;
  }

  /** Identity key → the smallest identity key of its profile, as `ReplayGraph.partitionLabels` gives. */
  partitionLabels(): Map<string, string> {
    const smallest = new Map<number, string>();
    for (const [key, canonicalId] of this.placedKeys()) {
      const label = smallest.get(canonicalId);
      if (label === undefined || key < label) smallest.set(canonicalId, key);
    }
    const labels = new Map<string, string>();
    for (const [key, canonicalId] of this.placedKeys()) labels.set(key, smallest.get(canonicalId)!);
    return labels;
  }

  /** Every placed identifier's key with its canonical profile number. */
  *placedKeys(): Generator<[string, number]> {
    for (let id = 0; id < this.keys.length; id += 1) {
      const member = this.keyMember[id]!;
      if (member >= 0) yield [this.keys[id]!, this.canonical[member]!];
    }
  }

  private count(id: number): void {
    const slot = this.slots[id]!;
    const current = this.counts[slot] ?? 0;
    if (current === 0) this.touched.push(slot);
    this.counts[slot] = current + 1;
  }

  private memberOf(key: string): number {
    const id = this.keyIds.get(key);
    return id === undefined ? -1 : this.keyMember[id]!;
  }

  /** True when adding the group's identifiers to the scratch counts would pass a limit. */
  private exceedsWithGroup(canonicalId: number): boolean {
    const added = new Map<number, number>();
    for (const id of this.identifiers[canonicalId]!) {
      const slot = this.slots[id]!;
      const total = (added.get(slot) ?? 0) + 1;
      added.set(slot, total);
      if ((this.counts[slot] ?? 0) + total > this.slotLimits[slot]!) return true;
    }
    return false;
  }

  private isSeparated(a: number, b: number): boolean {
    for (const [winner, loser] of this.separations) {
      const x = this.canonical[winner];
      const y = this.canonical[loser];
      if ((x === a && y === b) || (x === b && y === a)) return true;
    }
    return false;
  }

  private intern(key: string): number {
    let id = this.keyIds.get(key);
    if (id !== undefined) return id;
    const colon = key.indexOf(':');
    const type = typesByShape.get(shapeOf(key, colon));
    if (type === undefined || !key.startsWith(type)) throw new Error(`unknown identity type in claim key ${JSON.stringify(key)}`);
    const rule = identityRules[type];
    const slotKey = type === 'marketplace_buyer_id' ? limitKey(type, key.slice(colon + 1)) : type;
    let slot = this.slotIds.get(slotKey);
    if (slot === undefined) {
      slot = this.slotLimits.length;
      this.slotIds.set(slotKey, slot);
      this.slotLimits.push(rule.limit);
    }
    id = this.keys.length;
    this.keyIds.set(key, id);
    this.keys.push(key);
    this.priorities.push(rule.priority);
    this.slots.push(slot);
    this.keyMember = grow(this.keyMember, id + 1, -1);
    return id;
  }

  private createProfile(): number {
    const id = this.profileCount;
    this.profileCount += 1;
    this.canonical = grow(this.canonical, id + 1, 0);
    this.parent = grow(this.parent, id + 1, -1);
    this.canonical[id] = id;
    this.parent[id] = -1;
    this.members[id] = [id];
    this.identifiers[id] = [];
    return id;
  }

  private fold(winnerMember: number, winnerId: number, loserId: number): void {
    const winnerMembers = this.members[winnerId]!;
    for (const member of this.members[loserId]!) {
      this.canonical[member] = winnerId;
      winnerMembers.push(member);
    }
    const winnerIdentifiers = this.identifiers[winnerId]!;
    for (const id of this.identifiers[loserId]!) winnerIdentifiers.push(id);
    this.members[loserId] = [];
    this.identifiers[loserId] = [];
    this.parent[loserId] = winnerMember;
  }

  private attach(ids: number[], member: number, canonicalId: number): void {
    const list = this.identifiers[canonicalId]!;
    for (const id of ids) {
      this.keyMember[id] = member;
      list.push(id);
    }
  }

  private unfold(root: number): void {
    const canonicalId = this.canonical[root]!;
    const inSubtree = (member: number) => {
      for (let node = member; node >= 0; node = this.parent[node]!) if (node === root) return true;
      return false;
    };
    const moved = this.members[canonicalId]!.filter(inSubtree);
    const movedSet = new Set(moved);
    const isMoved = (id: number) => movedSet.has(this.keyMember[id]!);
    this.members[canonicalId] = this.members[canonicalId]!.filter((member) => !movedSet.has(member));
    this.members[root] = moved;
    this.identifiers[root] = this.identifiers[canonicalId]!.filter(isMoved);
    this.identifiers[canonicalId] = this.identifiers[canonicalId]!.filter((id) => !isMoved(id));
    for (const member of moved) this.canonical[member] = root;
    this.parent[root] = -1;
  }
}

/** Code-unit order, as the planner compares keys. */
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
