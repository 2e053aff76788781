import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { cleanJson, cleanText } from './clean-text.js';
import { inboundEvents } from './schema.js';

export interface RawEvent {
  externalId: string;
  kind: string;
  payload: Record<string, unknown>;
}

export interface StoredEvent {
  id: number;
  externalId: string;
  /** False when the same (channel, external id) was stored by an earlier delivery. */
  created: boolean;
  processed: boolean;
}

/**
 * Stores raw events before the webhook is acknowledged. The unique (channel, external id) key turns a
 * repeated delivery into a no-op; the returned rows tell which events still need processing.
 */
export async function storeInboundEvents(db: Executor, channel: string, events: RawEvent[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const inserted = await db.insert(inboundEvents)
    .values(events.map((event) => ({ channel, externalId: cleanText(event.externalId), kind: event.kind, payload: cleanJson(event.payload) })))
    .onConflictDoNothing({ target: [inboundEvents.channel, inboundEvents.externalId] })
    .returning({ id: inboundEvents.id, externalId: inboundEvents.externalId });
  const createdIds = new Set(inserted.map((row) => row.externalId));
  const rows = await db.select({ id: inboundEvents.id, externalId: inboundEvents.externalId, processedAt: inboundEvents.processedAt })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.channel, channel), inArray(inboundEvents.externalId, events.map((event) => cleanText(event.externalId)))));
  return rows.map((row) => ({ id: row.id, externalId: row.externalId, created: createdIds.has(row.externalId), processed: row.processedAt !== null }));
}

export async function getInboundEvent(db: Executor, id: number) {
  const [row] = await db.select().from(inboundEvents).where(eq(inboundEvents.id, id));
  return row;
}

/** Marks an event done; `error` records why it was skipped (a rejected identity, an unreadable payload). */
export async function markInboundEventProcessed(db: Executor, id: number, error?: string): Promise<void> {
  await db.update(inboundEvents).set({ processedAt: new Date(), error: error ?? null }).where(eq(inboundEvents.id, id));
}

/** Events stored but never processed, oldest first: re-enqueued at start-up and by the sweeper. */
export async function listUnprocessedInboundEvents(db: Executor, options: { receivedBefore?: Date; limit?: number } = {}): Promise<Array<{ id: number }>> {
  const conditions = [isNull(inboundEvents.processedAt)];
  if (options.receivedBefore) conditions.push(lt(inboundEvents.receivedAt, options.receivedBefore));
  return db.select({ id: inboundEvents.id }).from(inboundEvents).where(and(...conditions)).orderBy(asc(inboundEvents.id)).limit(options.limit ?? 1000);
}
