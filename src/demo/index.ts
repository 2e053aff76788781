import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.js';

/** True when the catalog has no products yet: the first start of a new database. */
export async function isCatalogEmpty(db: Db): Promise<boolean> {
  const rows = await queryRows<{ present: boolean }>(db, sql`select exists (select 1 from products) as present`);
  return !rows[0]?.present;
}

export { loadDemoBusiness } from './load.js';
