import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/index.js';

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest demo table. */
const rowsPerStatement = 500;

/** Inserts rows with multi-row INSERT statements of at most `rowsPerStatement` rows each. */
export async function insertInBatches<T extends PgTable>(tx: Executor, table: T, rows: T['$inferInsert'][]): Promise<void> {
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    await tx.insert(table).values(rows.slice(start, start + rowsPerStatement) as never);
  }
}
