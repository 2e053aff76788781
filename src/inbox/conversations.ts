import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { newId } from '../db/index.js';
import { conversations } from './schema.js';

export type Conversation = typeof conversations.$inferSelect;

/**
 * Finds or creates the conversation for (channel, thread) and records an inbound message at `inboundAt`.
 * A new customer message reopens a resolved conversation; times only move forward, so a late retry of an
 * older message never shortens the 24-hour window.
 */
export async function recordCustomerActivity(
  db: Executor,
  input: { channel: string; threadId: string; profileId: string; inboundAt: Date },
): Promise<Conversation> {
  const [row] = await db.insert(conversations)
    .values({ id: newId('cnv'), profileId: input.profileId, channel: input.channel, externalThreadId: input.threadId, lastInboundAt: input.inboundAt, lastMessageAt: input.inboundAt })
    .onConflictDoUpdate({
      target: [conversations.channel, conversations.externalThreadId],
      set: {
        profileId: input.profileId,
        lastInboundAt: sql`greatest(${conversations.lastInboundAt}, excluded.last_inbound_at)`,
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, excluded.last_message_at)`,
        status: 'open',
        resolvedAt: null,
      },
    })
    .returning();
  return row!;
}

/** Finds or creates the conversation without touching its times, for the shop's own echoed messages. */
export async function ensureConversation(db: Executor, input: { channel: string; threadId: string; profileId: string }): Promise<Conversation> {
  await db.insert(conversations)
    .values({ id: newId('cnv'), profileId: input.profileId, channel: input.channel, externalThreadId: input.threadId })
    .onConflictDoNothing({ target: [conversations.channel, conversations.externalThreadId] });
  const [row] = await db.select().from(conversations).where(and(eq(conversations.channel, input.channel), eq(conversations.externalThreadId, input.threadId)));
  return row!;
}

export async function findConversation(db: Executor, id: string): Promise<Conversation | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row;
}

export async function findConversationByThread(db: Executor, channel: string, threadId: string): Promise<Conversation | undefined> {
  const [row] = await db.select().from(conversations).where(and(eq(conversations.channel, channel), eq(conversations.externalThreadId, threadId)));
  return row;
}

/** Gives the conversation to an agent (with the reason for the handoff) or back to the bot. */
export async function setConversationOwner(db: Executor, id: string, owner: 'bot' | 'agent', reason?: string): Promise<Conversation | undefined> {
  const [row] = await db.update(conversations)
    .set(owner === 'agent'
      ? { owner, handoffReason: reason ?? null, handoffAt: new Date(), status: 'open', resolvedAt: null }
      : { owner, handoffReason: null, handoffAt: null })
    .where(eq(conversations.id, id))
    .returning();
  return row;
}

/** Marks the conversation resolved; the next customer message reopens it. */
export async function resolveConversation(db: Executor, id: string): Promise<Conversation | undefined> {
  const [row] = await db.update(conversations)
    .set({ status: 'resolved', resolvedAt: new Date() })
    .where(eq(conversations.id, id))
    .returning();
  return row;
}

export async function touchConversation(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(conversations)
    .set({ lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(conversations.id, id));
}
