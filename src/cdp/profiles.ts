import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';

/** Creates an empty profile that is its own canonical profile. */
export async function createProfile(db: Executor, createdAt: Date = new Date()): Promise<string> {
  const id = newId('prf');
  await db.execute(sql`
    insert into profiles (id, canonical_id, created_at, updated_at) values (${id}, ${id}, ${createdAt}, ${createdAt})`);
  return id;
}

/** Follows merges: the surviving profile that `profileId` is part of, or `profileId` itself. */
export async function canonicalProfileId(db: Executor, profileId: string): Promise<string> {
  const rows = await queryRows<{ canonical_id: string }>(db, sql`select canonical_id from profiles where id = ${profileId}`);
  return rows[0]?.canonical_id ?? profileId;
}

/** Every original profile id folded into the canonical profile of `profileId`, itself included. */
export async function listProfileMemberIds(db: Executor, profileId: string): Promise<string[]> {
  const canonical = await canonicalProfileId(db, profileId);
  const rows = await queryRows<{ id: string }>(db, sql`select id from profiles where canonical_id = ${canonical} order by created_at, id`);
  return rows.length > 0 ? rows.map((row) => row.id) : [profileId];
}

/**
 * Folds the canonical profile `loserId` (and everything already folded into it) into the canonical profile
 * `winnerId`. The loser hangs under `winnerMemberId`, the member holding the identifier that matched, so
 * that undoing an earlier merge of that member takes this one along. The caller records the audit row.
 */
export async function foldProfile(db: Executor, fold: { winnerMemberId: string; winnerId: string; loserId: string }): Promise<void> {
  await db.execute(sql`
    update profiles
       set canonical_id = ${fold.winnerId},
           merged_into = case when id = ${fold.loserId} then ${fold.winnerMemberId} else merged_into end,
           updated_at = now()
     where canonical_id = ${fold.loserId}`);
}

/**
 * Detaches `loserId` from the profile it was merged into: it and every profile merged into it (directly
 * or through others) become canonical under `loserId` again.
 */
export async function unfoldProfile(db: Executor, loserId: string): Promise<void> {
  await db.execute(sql`
    with recursive subtree(id) as (
      select ${loserId}::text
      union all
      select p.id from profiles p join subtree s on p.merged_into = s.id
    )
    update profiles
       set canonical_id = ${loserId},
           merged_into = case when id = ${loserId} then null else merged_into end,
           updated_at = now()
     where id in (select id from subtree)`);
}

export async function profileExists(db: Executor, profileId: string): Promise<boolean> {
  const rows = await queryRows(db, sql`select 1 from profiles where id = ${profileId}`);
  return rows.length > 0;
}
