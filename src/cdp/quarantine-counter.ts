import type { Identifier } from './plan.js';
import { identityKey, personTypes, quarantineAfterDistinctValues } from './rules.js';

const typeIndex = new Map(personTypes.map((type, index) => [type, index]));
const typeSlots = 16;

/**
 * The quarantine rule of live resolution (`quarantineIfSharedWidely`) counted in memory for a stream of
 * claims: an identifier is quarantined once the claims it was linked in hold more than
 * `quarantineAfterDistinctValues` distinct values of one person type. Keys are interned to numbers so a
 * million claims fit in a few hundred megabytes.
 */
export class QuarantineCounter {
  private readonly ids = new Map<string, number>();
  private readonly pairs = new Set<number>();
  private readonly counts = new Map<number, number>();

  /**
   * Records one stored claim: `linked` identifiers are counted against every other `linked` or `over_limit`
   * identifier of a person type. Returns the claim's identifiers (both kinds) now past the limit.
   */
  observe(linked: Identifier[], overLimit: Identifier[]): Identifier[] {
    const others = [...linked, ...overLimit].filter((identifier) => typeIndex.has(identifier.type));
    for (const seen of linked) {
      const seenId = this.intern(identityKey(seen));
      for (const other of others) {
        if (other.value === seen.value) continue;
        const pair = seenId * 2 ** 26 + this.intern(identityKey(other));
        if (this.pairs.has(pair)) continue;
        this.pairs.add(pair);
        const slot = seenId * typeSlots + typeIndex.get(other.type)!;
        this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
      }
    }
    return [...linked, ...overLimit].filter((identifier) => this.exceeds(identifier));
  }

  private exceeds(identifier: Identifier): boolean {
    const id = this.ids.get(identityKey(identifier));
    if (id === undefined) return false;
    for (let slot = 0; slot < personTypes.length; slot += 1) {
      if ((this.counts.get(id * typeSlots + slot) ?? 0) > quarantineAfterDistinctValues) return true;
    }
    return false;
  }

  private intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}
