import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { inboundEvents } from './schema.js';

/**
 * Holds a transaction-scoped advisory lock on one sender of one channel until the transaction ends, so that
 * two of the sender's messages are never processed at once (the second must see the first and its answer).
 */
export async function lockSender(tx: Executor, channel: string, threadId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`inbound:${channel}:${threadId}`}, 0))`);
}

/** Unprocessed events of a channel other than `exceptId`, oldest first, for finding a sender's earlier ones. */
export async function listPendingChannelEvents(db: Executor, channel: string, exceptId: number, limit = 200) {
  return db.select().from(inboundEvents)
    .where(and(eq(inboundEvents.channel, channel), isNull(inboundEvents.processedAt), ne(inboundEvents.id, exceptId)))
    .orderBy(asc(inboundEvents.id))
    .limit(limit);
}
