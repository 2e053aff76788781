import { sql } from 'drizzle-orm';
import { bigserial, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A raw event from an outside system, stored before the webhook is acknowledged. The unique
 * (channel, external id) key makes a repeated delivery a no-op.
 */
export const inboundEvents = pgTable('inbound_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channel: text('channel').notNull(),
  externalId: text('external_id').notNull(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
  error: text('error'),
}, (t) => [
  uniqueIndex('inbound_events_channel_external_uq').on(t.channel, t.externalId),
  index('inbound_events_unprocessed_idx').on(t.id).where(sql`${t.processedAt} is null`),
]);

export const conversations = pgTable('conversations', {
  id: text('id').primaryKey(),
  profileId: text('profile_id').notNull(),
  /** Channel code: whatsapp, instagram, webchat … */
  channel: text('channel').notNull(),
  /** The customer's address on that channel: WhatsApp number, IG-scoped id, web visitor id. */
  externalThreadId: text('external_thread_id').notNull(),
  /** Who answers: the bot, or an agent after a handoff. */
  owner: text('owner', { enum: ['bot', 'agent'] }).notNull().default('bot'),
  handoffReason: text('handoff_reason'),
  status: text('status', { enum: ['open', 'resolved'] }).notNull().default('open'),
  /** Time of the customer's latest message; WhatsApp's 24-hour customer-service window starts there. */
  lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
  /** Time of the latest message either way, for sorting the inbox. */
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
  handoffAt: timestamp('handoff_at', { withTimezone: true }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  /**
   * Phone or e-mail a web visitor typed, never verified: shown to agents, who may merge the profiles by hand.
   * It never joins the visitor to another profile by itself.
   */
  unverifiedContact: jsonb('unverified_contact').$type<{ phone?: string; email?: string; given_at: string }>(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('conversations_channel_thread_uq').on(t.channel, t.externalThreadId),
  index('conversations_profile_idx').on(t.profileId),
  index('conversations_last_message_idx').on(t.lastMessageAt),
]);

export const messageStatuses = ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] as const;

export const messages = pgTable('messages', {
  id: text('id').primaryKey(),
  conversationId: text('conversation_id').notNull().references(() => conversations.id),
  profileId: text('profile_id').notNull(),
  channel: text('channel').notNull(),
  direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
  /** Author: the customer, the bot or an agent. */
  author: text('author', { enum: ['customer', 'bot', 'agent'] }).notNull(),
  /** The channel's own message id (WhatsApp wamid, IG mid); set on outbound messages once sent. */
  externalId: text('external_id'),
  kind: text('kind').notNull().default('text'),
  body: text('body'),
  /** The channel's id of the message this one replies or reacts to. */
  replyToExternalId: text('reply_to_external_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>(),
  status: text('status', { enum: messageStatuses }).notNull(),
  failureReason: text('failure_reason'),
  /** When the message was written: the channel's timestamp for inbound messages. */
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('messages_channel_external_uq').on(t.channel, t.externalId).where(sql`${t.externalId} is not null`),
  index('messages_conversation_idx').on(t.conversationId, t.sentAt),
  index('messages_profile_idx').on(t.profileId, t.sentAt),
  // The bot answers each customer message at most once, even when the job that asked it is retried.
  uniqueIndex('messages_bot_reply_uq').on(t.conversationId, t.replyToExternalId).where(sql`${t.author} = 'bot' and ${t.replyToExternalId} is not null`),
]);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** Media of a message (image, audio, document …), downloaded from the channel and kept here. */
export const messageMedia = pgTable('message_media', {
  id: text('id').primaryKey(),
  messageId: text('message_id').notNull().references(() => messages.id),
  /** The channel's media id (WhatsApp media id) or source URL. */
  sourceId: text('source_id').notNull(),
  mimeType: text('mime_type').notNull(),
  sha256: text('sha256'),
  sizeBytes: integer('size_bytes').notNull(),
  content: bytea('content').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('message_media_message_source_uq').on(t.messageId, t.sourceId)]);

/**
 * State of a linked-phone session (whatsapp-web.js) reported by its worker process, so that the API
 * process can show the owner the QR code to scan and whether the phone is connected.
 */
export const messagingSessions = pgTable('messaging_sessions', {
  channel: text('channel').primaryKey(),
  state: text('state', { enum: ['starting', 'qr', 'authenticated', 'ready', 'disconnected', 'failed'] }).notNull(),
  /** The latest QR payload to scan while `state` is `qr`. */
  qr: text('qr'),
  detail: text('detail'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
