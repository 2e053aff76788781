import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import type { Conversation } from './conversations.js';
import type { Message } from './messages.js';
import { conversations, messageMedia, messages } from './schema.js';
import { customerServiceWindow } from './window.js';

export interface ConversationFilter {
  owner?: 'bot' | 'agent' | undefined;
  status?: 'open' | 'resolved' | undefined;
  channel?: string | undefined;
  profileId?: string | undefined;
  limit: number;
  /** Conversations whose last message is older than this, for the next page. */
  before?: Date | undefined;
}

export function presentConversation(conversation: Conversation, now: Date = new Date()) {
  const window = customerServiceWindow(conversation, { now, author: 'agent' });
  return {
    id: conversation.id,
    profile_id: conversation.profileId,
    channel: conversation.channel,
    thread_id: conversation.externalThreadId,
    owner: conversation.owner,
    handoff_reason: conversation.handoffReason,
    handoff_at: conversation.handoffAt?.toISOString() ?? null,
    status: conversation.status,
    resolved_at: conversation.resolvedAt?.toISOString() ?? null,
    last_inbound_at: conversation.lastInboundAt?.toISOString() ?? null,
    last_message_at: conversation.lastMessageAt?.toISOString() ?? null,
    reply_window: window.open
      ? { open: true, closes_at: window.closesAt?.toISOString() ?? null, human_agent_tag: window.humanAgentTag }
      : { open: false, closed_at: window.closedAt?.toISOString() ?? null, template_required: window.templateAvailable },
    unverified_contact: conversation.unverifiedContact ?? null,
    created_at: conversation.createdAt.toISOString(),
  };
}

export function presentMessage(message: Message, media: Array<{ id: string; mimeType: string; sizeBytes: number }> = []) {
  return {
    id: message.id,
    conversation_id: message.conversationId,
    channel: message.channel,
    direction: message.direction,
    author: message.author,
    kind: message.kind,
    body: message.body,
    external_id: message.externalId,
    reply_to_external_id: message.replyToExternalId,
    status: message.status,
    failure_reason: message.failureReason,
    payload: message.payload,
    media: media.map((item) => ({ id: item.id, mime_type: item.mimeType, size_bytes: item.sizeBytes })),
    sent_at: message.sentAt.toISOString(),
    updated_at: message.updatedAt.toISOString(),
  };
}

/** Conversations for the inbox, latest activity first. */
export async function listConversations(db: Executor, filter: ConversationFilter) {
  const conditions: SQL[] = [];
  if (filter.owner) conditions.push(eq(conversations.owner, filter.owner));
  if (filter.status) conditions.push(eq(conversations.status, filter.status));
  if (filter.channel) conditions.push(eq(conversations.channel, filter.channel));
  if (filter.profileId) conditions.push(eq(conversations.profileId, filter.profileId));
  if (filter.before) conditions.push(lt(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`, filter.before));
  const rows = await db.select().from(conversations)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`), desc(conversations.id))
    .limit(filter.limit);
  return rows;
}

/** Lists the messages of a conversation in time order (the channel's time), with their stored media. */
export async function listConversationMessages(db: Executor, conversationId: string, options: { limit: number; after?: Date | undefined }) {
  const conditions = [eq(messages.conversationId, conversationId)];
  if (options.after) conditions.push(sql`${messages.updatedAt} > ${options.after.toISOString()}::timestamptz`);
  const rows = await db.select().from(messages).where(and(...conditions)).orderBy(asc(messages.sentAt), asc(messages.createdAt)).limit(options.limit);
  const media = rows.length === 0 ? [] : await db.select({ id: messageMedia.id, messageId: messageMedia.messageId, mimeType: messageMedia.mimeType, sizeBytes: messageMedia.sizeBytes })
    .from(messageMedia).where(inArray(messageMedia.messageId, rows.map((row) => row.id)));
  return rows.map((row) => presentMessage(row, media.filter((item) => item.messageId === row.id)));
}
