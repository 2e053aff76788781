import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../../db/index.js';
import { lockCanonicalProfiles } from '../merge.js';
import { sumLoyaltyPoints, toLoyaltyEntryView, type LoyaltyEntryView } from '../presenters/loyalty.js';
import { canonicalProfileId } from '../profiles.js';

export interface LoyaltyAdjustmentInput {
  profileId: string;
  /** `adjustment` changes the balance either way; `redeemed` spends points and must be negative. */
  kind: 'adjustment' | 'redeemed';
  points: number;
  note: string;
  actor: string;
}

export type LoyaltyAdjustmentResult =
  | { kind: 'recorded'; profileId: string; entry: LoyaltyEntryView; balance: number }
  | { kind: 'not_found' }
  | { kind: 'erased' }
  | { kind: 'insufficient_balance'; profileId: string; balance: number };

/** Maximum attempts at locking a canonical profile that a concurrent merge keeps folding into another one. */
const lockAttempts = 5;

/**
 * Row-locks the canonical profile of `profileId` and returns it, or null when the profile does not
 * exist. A merge that folds the canonical profile away rewrites its row, so after the lock is granted the
 * row is read again and, if it now points elsewhere, the new canonical profile is locked instead.
 */
async function lockCanonicalProfile(tx: Executor, profileId: string): Promise<{ id: string; erased: boolean } | null> {
  for (let attempt = 0; attempt < lockAttempts; attempt += 1) {
    const canonical = await canonicalProfileId(tx, profileId);
    await lockCanonicalProfiles(tx, [canonical]);
    const rows = await queryRows<{ canonical_id: string; erased_at: Date | string | null }>(tx, sql`
      select canonical_id, erased_at from profiles where id = ${canonical}`);
    const row = rows[0];
    if (!row) return null;
    if (row.canonical_id === canonical) return { id: canonical, erased: row.erased_at !== null };
  }
  throw new Error(`Profile ${profileId} kept moving to another canonical profile while being locked for a loyalty adjustment`);
}

/**
 * Records an agent's adjustment or redemption under the canonical profile. Points that take the
 * balance (summed over the merged members) below zero are rejected by a conditional insert, and the
 * canonical profile's row lock makes two concurrent redemptions of the same balance wait for each other.
 */
export async function adjustLoyaltyPoints(db: Executor, input: LoyaltyAdjustmentInput): Promise<LoyaltyAdjustmentResult> {
  return db.transaction(async (tx) => {
    const profile = await lockCanonicalProfile(tx, input.profileId);
    if (!profile) return { kind: 'not_found' } as const;
    if (profile.erased) return { kind: 'erased' } as const;

    const rows = await queryRows<Parameters<typeof toLoyaltyEntryView>[0]>(tx, sql`
      with balance as (
        select coalesce(sum(e.points), 0) as points
          from loyalty_entries e join profiles p on p.id = e.profile_id
         where p.canonical_id = ${profile.id}
      )
      insert into loyalty_entries (id, profile_id, points, kind, note, actor)
      select ${newId('loy')}, ${profile.id}, ${input.points}::bigint, ${input.kind}, ${input.note}, ${input.actor}
        from balance
       where ${input.points}::bigint > 0 or balance.points + ${input.points}::bigint >= 0
      returning id, profile_id, order_id, kind, points, note, actor, created_at, created_at::text as cursor_at`);
    const balance = await sumLoyaltyPoints(tx, profile.id);
    const inserted = rows[0];
    if (!inserted) return { kind: 'insufficient_balance', profileId: profile.id, balance } as const;
    return { kind: 'recorded', profileId: profile.id, entry: toLoyaltyEntryView(inserted), balance } as const;
  });
}
