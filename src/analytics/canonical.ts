import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';

/**
 * SQL expression for the canonical customer of `profileColumn`. Merged profiles point to the surviving
 * one through the CDP's `profile_canonical(profile_id, canonical_id)` view; until a database has that
 * view, every profile is its own customer. The check runs per report, so a migration that adds the view
 * takes effect without a restart.
 */
export async function canonicalCustomerExpression(db: Executor, profileColumn: SQL): Promise<SQL> {
  const rows = await queryRows<{ present: boolean }>(db, sql`select to_regclass('profile_canonical') is not null as present`);
  if (!rows[0]?.present) return profileColumn;
  return sql`coalesce((select pc.canonical_id from profile_canonical pc where pc.profile_id = ${profileColumn}), ${profileColumn})`;
}
