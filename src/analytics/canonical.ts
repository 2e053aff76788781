import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';

/**
 * SQL expression for the canonical customer of `profileColumn`. Merged profiles point to the surviving
 * one through the CDP's `profile_canonical(profile_id, canonical_id)` view; until a database has that
 * view, every profile is its own customer. The check runs per report, so a migration that adds the view
 * takes effect without a restart.
 */
export async function canonicalCustomerExpression(db: Executor, profileColumn: SQL): Promise<SQL> {
  if (!(await hasCanonicalView(db))) return profileColumn;
  return sql`coalesce((select pc.canonical_id from profile_canonical pc where pc.profile_id = ${profileColumn}), ${profileColumn})`;
}

async function hasCanonicalView(db: Executor): Promise<boolean> {
  const rows = await queryRows<{ present: boolean }>(db, sql`select to_regclass('profile_canonical') is not null as present`);
  return Boolean(rows[0]?.present);
}

/**
 * Returns the canonical customer of rows aliased `t` (with a `profile_id` column) as a join to add after
 * `from ... t` and the customer expression to select, so large reads map profiles with one hash join.
 * Only merged profiles (canonical id ≠ own id) are joined: the others are their own customer, and the
 * hash table stays as small as the number of merges.
 */
export async function canonicalJoin(db: Executor): Promise<{ join: SQL; customer: SQL }> {
  if (!(await hasCanonicalView(db))) return { join: sql``, customer: sql`t.profile_id` };
  return {
    join: sql`left join (select profile_id, canonical_id from profile_canonical where canonical_id <> profile_id) pc
      on pc.profile_id = t.profile_id`,
    customer: sql`coalesce(pc.canonical_id, t.profile_id)`,
  };
}
