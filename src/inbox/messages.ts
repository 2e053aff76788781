import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { newId } from '../db/index.js';
import { messages } from './schema.js';

export type Message = typeof messages.$inferSelect;
export type Author = Message['author'];

export interface InboundMessageInput {
  conversationId: string;
  profileId: string;
  channel: string;
  externalId: string;
  kind: string;
  body: string | null;
  replyToExternalId?: string | undefined;
  payload: Record<string, unknown>;
  sentAt: Date;
}

/**
 * Appends a customer's message once: the unique (channel, external id) key makes a retried job or a
 * repeated delivery find the stored row instead of adding a second one.
 */
export async function appendInboundMessage(db: Executor, input: InboundMessageInput): Promise<{ message: Message; created: boolean }> {
  const [inserted] = await db.insert(messages)
    .values({ id: newId('msg'), ...input, replyToExternalId: input.replyToExternalId ?? null, direction: 'inbound', author: 'customer', status: 'received' })
    .onConflictDoNothing({ target: [messages.channel, messages.externalId], where: sql`${messages.externalId} is not null` })
    .returning();
  if (inserted) return { message: inserted, created: true };
  const [existing] = await db.select().from(messages).where(and(eq(messages.channel, input.channel), eq(messages.externalId, input.externalId)));
  return { message: existing!, created: false };
}

export interface OutboundMessageInput {
  conversationId: string;
  profileId: string;
  channel: string;
  author: Exclude<Author, 'customer'>;
  kind: string;
  body: string | null;
  payload: Record<string, unknown>;
  replyToExternalId?: string | undefined;
}

/** Stores an outbound message with status `queued`, before any send is attempted. */
export async function createOutboundMessage(db: Executor, input: OutboundMessageInput): Promise<Message> {
  const now = new Date();
  const [row] = await db.insert(messages)
    .values({ id: newId('msg'), ...input, replyToExternalId: input.replyToExternalId ?? null, direction: 'outbound', status: 'queued', sentAt: now })
    .returning();
  return row!;
}

/**
 * Stores the bot's reply to one customer message, queued. The unique (conversation, replied message) key
 * for bot messages makes a second concurrent try of the same job return the first reply instead.
 */
export async function createBotReply(db: Executor, input: Omit<OutboundMessageInput, 'author'> & { replyToExternalId: string }): Promise<{ message: Message; created: boolean }> {
  const [row] = await db.insert(messages)
    .values({ id: newId('msg'), ...input, author: 'bot', direction: 'outbound', status: 'queued', sentAt: new Date() })
    .onConflictDoNothing({
      target: [messages.conversationId, messages.replyToExternalId],
      where: sql`${messages.author} = 'bot' and ${messages.replyToExternalId} is not null`,
    })
    .returning();
  if (row) return { message: row, created: true };
  return { message: (await findBotReply(db, input.conversationId, input.replyToExternalId))!, created: false };
}

/** Finds the bot's reply to one inbound message, so that a retried job does not reply twice. */
export async function findBotReply(db: Executor, conversationId: string, inboundExternalId: string): Promise<Message | undefined> {
  const [row] = await db.select().from(messages).where(and(
    eq(messages.conversationId, conversationId),
    eq(messages.author, 'bot'),
    eq(messages.replyToExternalId, inboundExternalId),
  ));
  return row;
}

export async function findMessage(db: Executor, id: string): Promise<Message | undefined> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  return row;
}

export async function findMessageByExternalId(db: Executor, channel: string, externalId: string): Promise<Message | undefined> {
  const [row] = await db.select().from(messages).where(and(eq(messages.channel, channel), eq(messages.externalId, externalId)));
  return row;
}

/**
 * Records a successful send. The update keeps a later status (delivered, read) that an early webhook or an
 * echo already applied, and sets the same external id an echo may have attached.
 */
export async function markMessageSent(db: Executor, id: string, externalId: string): Promise<void> {
  const update = () => db.update(messages)
    .set({
      externalId,
      status: sql`case when ${messages.status} = 'queued' then 'sent' else ${messages.status} end`,
      failureReason: null,
      sentAt: sql`case when ${messages.status} = 'queued' then now() else ${messages.sentAt} end`,
      updatedAt: new Date(),
    })
    .where(eq(messages.id, id));
  try {
    await update();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The channel's echo of this message arrived first and did not match it (its text differed), so it
    // was stored as a separate row: that row is this message, and gives way to it.
    await db.delete(messages).where(and(
      eq(messages.channel, sql`(select channel from messages where id = ${id})`),
      eq(messages.externalId, externalId),
      eq(messages.author, 'agent'),
      sql`${messages.payload}->>'echo' = 'true'`,
    ));
    await update();
  }
}

function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some((candidate) => (candidate as { code?: string } | null)?.code === '23505');
}

export async function markMessageFailed(db: Executor, id: string, reason: string): Promise<void> {
  await db.update(messages).set({ status: 'failed', failureReason: reason, updatedAt: new Date() }).where(eq(messages.id, id));
}

/** Order of delivery statuses; a report never moves a message backwards (read stays read). */
const statusRank: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3 };

/**
 * Applies a delivery report to the outbound message with that external id. Failed is final and wins over
 * sent or delivered; otherwise only a later status replaces an earlier one. Returns false when no message
 * has that id (a report for a message sent outside Satu).
 */
export async function applyDeliveryStatus(
  db: Executor,
  input: { channel: string; externalId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; reason?: string | undefined },
): Promise<boolean> {
  const target = and(eq(messages.channel, input.channel), eq(messages.externalId, input.externalId), eq(messages.direction, 'outbound'));
  if (input.status === 'failed') {
    const rows = await db.update(messages)
      .set({ status: 'failed', failureReason: input.reason ?? 'the channel reported the message as failed', updatedAt: new Date() })
      .where(and(target, sql`${messages.status} <> 'read'`))
      .returning({ id: messages.id });
    return rows.length > 0 || (await findMessageByExternalId(db, input.channel, input.externalId)) !== undefined;
  }
  const lower = Object.entries(statusRank).filter(([, rank]) => rank < statusRank[input.status]!).map(([status]) => status) as Message['status'][];
  const rows = await db.update(messages)
    .set({ status: input.status, updatedAt: new Date() })
    .where(and(target, inArray(messages.status, lower)))
    .returning({ id: messages.id });
  return rows.length > 0 || (await findMessageByExternalId(db, input.channel, input.externalId)) !== undefined;
}

/**
 * Attaches a channel's echo of the shop's own message to the queued outbound message it reports, when the
 * echo arrives before the send call has returned. Matches the oldest queued message without an external
 * id in the conversation with the same kind and body. Returns the matched message, if any.
 */
export async function claimEchoedMessage(
  db: Executor,
  input: { conversationId: string; externalId: string; kind: string; body: string | null },
): Promise<Message | undefined> {
  const [candidate] = await db.select({ id: messages.id }).from(messages).where(and(
    eq(messages.conversationId, input.conversationId),
    eq(messages.direction, 'outbound'),
    isNull(messages.externalId),
    inArray(messages.status, ['queued', 'sent']),
    input.body === null ? isNull(messages.body) : eq(messages.body, input.body),
  )).orderBy(asc(messages.createdAt)).limit(1);
  if (!candidate) return undefined;
  const [row] = await db.update(messages)
    .set({ externalId: input.externalId, status: sql`case when ${messages.status} = 'queued' then 'sent' else ${messages.status} end`, updatedAt: new Date() })
    .where(and(eq(messages.id, candidate.id), isNull(messages.externalId)))
    .returning();
  return row;
}

/** Outbound messages still waiting to be sent: re-enqueued at start-up. */
export async function listQueuedOutboundMessages(db: Executor, limit = 1000, channel?: string): Promise<Array<{ id: string; channel: string }>> {
  const conditions = [eq(messages.direction, 'outbound'), eq(messages.status, 'queued')];
  if (channel) conditions.push(eq(messages.channel, channel));
  return db.select({ id: messages.id, channel: messages.channel }).from(messages)
    .where(and(...conditions))
    .orderBy(asc(messages.createdAt)).limit(limit);
}

/** Lists the latest messages of a conversation, oldest first. */
export async function recentMessages(db: Executor, conversationId: string, limit: number): Promise<Message[]> {
  const rows = await db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(desc(messages.sentAt), desc(messages.createdAt)).limit(limit);
  return rows.reverse();
}
