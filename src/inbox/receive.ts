import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import { answerCustomerMessage, listFieldSources, recordProfileField, resolveIdentityClaims } from './collaborators.js';
import { recordCustomerActivity, setConversationOwner, type Conversation } from './conversations.js';
import { appendInboundMessage, createBotReply, findBotReply, recentMessages, type Message } from './messages.js';
import { describeOrderItems, type OrderItemSummary } from './order-items.js';

export interface CustomerMessage {
  channel: string;
  externalId: string;
  threadId: string;
  claims: Array<{ type: 'phone' | 'email' | 'whatsapp_id' | 'whatsapp_lid' | 'instagram_id' | 'web_visitor_id'; value: string }>;
  displayName?: string | undefined;
  sentAt: Date;
  kind: string;
  body: string | null;
  replyToExternalId?: string | undefined;
  payload: Record<string, unknown>;
  /** Language chosen by the customer where the channel offers a choice (the web chat). */
  preferredLocale?: 'id' | 'en' | undefined;
}

export type ReceiveOutcome =
  | { kind: 'stored'; conversation: Conversation; message: Message; replies: Message[] }
  | { kind: 'rejected'; reason: string };

/**
 * Returns the sales channel whose prices and stock the bot quotes: a linked phone (whatsapp-web.js) sells as the
 * shop's WhatsApp channel.
 */
function salesChannelOf(messagingChannel: string): string {
  return messagingChannel === 'whatsapp_web' ? 'whatsapp' : messagingChannel;
}

/** Kinds the bot reads; media, reactions and locations wait for an agent. */
const answerableKinds = new Set(['text', 'interactive', 'button']);
const historyLength = 10;

/**
 * Runs one customer message through the pipeline: identity (CDP) → conversation and message → the bot's
 * answer when the bot owns the conversation. Safe to repeat: the message and the bot's reply are each
 * stored once, so a retried job resumes where the last try stopped.
 */
export async function receiveCustomerMessage(
  db: Db,
  input: CustomerMessage,
  deps: { config: Config; logger: Logger },
): Promise<ReceiveOutcome> {
  const identity = await resolveIdentityClaims(db, { claims: input.claims, source: input.channel, observedAt: input.sentAt });
  if (identity.kind === 'rejected') return { kind: 'rejected', reason: identity.reason };
  // Messages are stored under the member profile that holds the strongest identifier, so that they follow
  // the right side if a merge is undone; the conversation and the bot see the canonical profile.
  const messageProfileId = identity.memberProfileId ?? identity.profileId;
  if (input.displayName) await recordDisplayName(db, messageProfileId, input.displayName, input);

  const payload = input.kind === 'order' ? { ...input.payload, order_items: await describeOrderItems(db, input.payload) } : input.payload;
  const body = input.kind === 'order' && !input.body ? summariseOrder(payload.order_items as OrderItemSummary[]) : input.body;

  const { conversation, message } = await db.transaction(async (tx) => {
    const conversation = await recordCustomerActivity(tx, { channel: input.channel, threadId: input.threadId, profileId: identity.profileId, inboundAt: input.sentAt });
    const { message } = await appendInboundMessage(tx, {
      conversationId: conversation.id,
      profileId: messageProfileId,
      channel: input.channel,
      externalId: input.externalId,
      kind: input.kind,
      body,
      replyToExternalId: input.replyToExternalId,
      payload: input.displayName ? { ...payload, display_name: input.displayName } : payload,
      sentAt: input.sentAt,
    });
    return { conversation, message };
  });

  const replies: Message[] = [];
  if (conversation.owner !== 'bot' || !answerableKinds.has(input.kind) || !body) return { kind: 'stored', conversation, message, replies };

  const existing = await findBotReply(db, conversation.id, input.externalId);
  if (existing) return { kind: 'stored', conversation, message, replies: existing.status === 'queued' ? [existing] : [] };

  const history = (await recentMessages(db, conversation.id, historyLength + 1))
    .filter((entry) => entry.id !== message.id && entry.body)
    .map((entry) => ({ author: entry.author, body: entry.body!, sentAt: entry.sentAt }));
  const answer = await answerCustomerMessage(db, {
    conversationId: conversation.id,
    profileId: identity.profileId,
    channelCode: salesChannelOf(input.channel),
    text: body,
    history,
    preferredLocale: input.preferredLocale,
  }, deps);

  const reply = await db.transaction(async (tx) => {
    const stored = await createBotReply(tx, {
      conversationId: conversation.id,
      profileId: messageProfileId,
      channel: input.channel,
      kind: 'text',
      body: answer.text,
      payload: { type: 'text', text: answer.text, locale: answer.locale, ...(answer.kind === 'reply' ? { intent: answer.intent } : { handoff_reason: answer.reason }) },
      replyToExternalId: input.externalId,
    });
    if (stored.created && answer.kind === 'handoff') await setConversationOwner(tx, conversation.id, 'agent', answer.reason);
    return stored.message;
  });
  replies.push(reply);
  deps.logger.info({ conversationId: conversation.id, messageId: message.id, replyId: reply.id, answer: answer.kind }, 'bot reply stored');
  return { kind: 'stored', conversation, message, replies };
}

/**
 * Reports the name the channel shows for the sender (WhatsApp's `contacts[].profile.name`) as an unverified
 * value; the CDP's survivorship keeps a verified value or an agent's edit ahead of it. Recorded only when it
 * would change what the profile shows, so that every message does not add a row.
 */
async function recordDisplayName(db: Db, profileId: string, name: string, input: CustomerMessage): Promise<void> {
  const current = (await listFieldSources(db, profileId)).display_name;
  if (current && (current.value === name || current.source === 'manual' || current.verified)) return;
  await recordProfileField(db, { profileId, field: 'display_name', value: name, source: input.channel, verified: false, actor: input.channel, observedAt: input.sentAt });
}

function summariseOrder(items: OrderItemSummary[]): string {
  const rupiah = new Intl.NumberFormat('id-ID');
  return items.map((item) => `${item.quantity} × ${item.name ?? item.sku}${item.unit_price !== null ? ` @ Rp${rupiah.format(item.unit_price)}` : ''}`).join('; ');
}
