import type { Db } from '../../db/index.js';
import {
  findConversation, findMessage, listQueuedOutboundMessages, markMessageFailed, markMessageSent, recordSessionState,
  storeInboundEvents,
} from '../../inbox/index.js';
import { enqueueInboundEvents } from '../../jobs/definitions/messaging.js';
import type { JobQueue } from '../../jobs/index.js';
import type { Logger } from '../../logger.js';
import type { WhatsappWebEventPayload } from './normalise.js';

export const whatsappWebChannel = 'whatsapp_web';

/** The fields of whatsapp-web.js's Message that the adapter reads (the library's own objects satisfy it). */
export interface LibraryMessage {
  id: { fromMe: boolean; remote: string; id: string; _serialized: string };
  from: string;
  to: string;
  fromMe: boolean;
  body: string;
  type: string;
  timestamp: number;
  hasQuotedMsg?: boolean;
  isStatus?: boolean;
  broadcast?: boolean;
  _data?: { notifyName?: string; quotedStanzaID?: string };
}

/** The parts of whatsapp-web.js's Client the adapter calls. */
export interface LibraryClient {
  getContactLidAndPhone?(userIds: string[]): Promise<Array<{ lid: string; pn: string }>>;
  sendMessage(chatId: string, content: string, options?: Record<string, unknown>): Promise<{ id: { _serialized: string } }>;
}

export interface WhatsappWebDeps {
  db: Db;
  jobs: JobQueue;
  logger: Logger;
}

function digitsOfChatId(chatId: string): string | null {
  return chatId.endsWith('@c.us') ? chatId.slice(0, -'@c.us'.length).replace(/\D/g, '') : null;
}

/**
 * The phone number behind a chat id: the id itself for `@c.us`; for an `@lid` (linked-device) id, the
 * number the library maps it to, when WhatsApp has shared it with this account.
 */
export async function resolveChatPhone(client: LibraryClient, chatId: string, logger: Logger): Promise<string | null> {
  const direct = digitsOfChatId(chatId);
  if (direct) return direct;
  if (!chatId.endsWith('@lid') || !client.getContactLidAndPhone) return null;
  try {
    const [mapping] = await client.getContactLidAndPhone([chatId]);
    return mapping?.pn ? digitsOfChatId(mapping.pn) ?? (mapping.pn.replace(/\D/g, '') || null) : null;
  } catch (error) {
    logger.warn({ err: error }, 'whatsapp-web.js could not resolve the phone of an @lid chat id');
    return null;
  }
}

/** Group chats, status broadcasts and channel posts are not customer conversations. */
function isCustomerChat(chatId: string, message: LibraryMessage): boolean {
  return !message.isStatus && !message.broadcast && (chatId.endsWith('@c.us') || chatId.endsWith('@lid'));
}

/**
 * Stores a library `message` (a customer's) or `message_create` (the shop's own, from the phone) event as
 * a raw inbound event and enqueues its processing: the same pipeline as the Cloud API webhook.
 */
export async function receiveLibraryMessage(deps: WhatsappWebDeps, client: LibraryClient, message: LibraryMessage): Promise<'stored' | 'skipped'> {
  const chatId = message.fromMe ? message.to : message.from;
  if (!isCustomerChat(chatId, message)) return 'skipped';
  const payload: WhatsappWebEventPayload = {
    id: message.id._serialized,
    chat_id: chatId,
    phone: await resolveChatPhone(client, chatId, deps.logger),
    from_me: message.fromMe,
    type: message.type,
    body: message.body,
    timestamp: message.timestamp,
    notify_name: message._data?.notifyName ?? null,
    quoted_id: message._data?.quotedStanzaID ?? null,
  };
  const stored = await storeInboundEvents(deps.db, whatsappWebChannel, [{
    externalId: message.fromMe ? `echo:${payload.id}` : payload.id,
    kind: message.fromMe ? 'echo' : 'message',
    payload: payload as unknown as Record<string, unknown>,
  }]);
  await enqueueInboundEvents(deps.jobs, deps.logger, stored);
  return 'stored';
}

/** Stores a `message_ack` event (server, device, read, error) as a delivery status. */
export async function receiveLibraryAck(deps: WhatsappWebDeps, message: LibraryMessage, ack: number): Promise<void> {
  if (!message.fromMe) return;
  const payload = { id: message.id._serialized, chat_id: message.to, phone: null, from_me: true, type: message.type, body: '', timestamp: message.timestamp, ack };
  const stored = await storeInboundEvents(deps.db, whatsappWebChannel, [{ externalId: `ack:${payload.id}:${ack}`, kind: 'status', payload }]);
  await enqueueInboundEvents(deps.jobs, deps.logger, stored);
}

/**
 * Sends every queued whatsapp_web message through the linked phone. Runs in the worker that holds the
 * session, because only that process can reach the browser. Returns how many were sent.
 */
export async function sendQueuedLibraryMessages(deps: WhatsappWebDeps, client: LibraryClient): Promise<number> {
  let sent = 0;
  for (const { id } of await listQueuedOutboundMessages(deps.db, 50, whatsappWebChannel)) {
    const message = await findMessage(deps.db, id);
    if (!message || message.status !== 'queued') continue;
    const conversation = await findConversation(deps.db, message.conversationId);
    const payload = (message.payload ?? {}) as { type?: string; text?: string };
    if (!conversation || (payload.type !== undefined && payload.type !== 'text')) {
      await markMessageFailed(deps.db, id, `whatsapp-web.js sends text messages only, not ${payload.type ?? 'this message'}`);
      continue;
    }
    try {
      const result = await client.sendMessage(conversation.externalThreadId, payload.text ?? message.body ?? '');
      await markMessageSent(deps.db, id, result.id._serialized);
      sent += 1;
    } catch (error) {
      const reason = `whatsapp-web.js send failed: ${error instanceof Error ? error.message : String(error)}`;
      deps.logger.warn({ messageId: id, err: error }, 'whatsapp-web.js send failed');
      await markMessageFailed(deps.db, id, reason);
    }
  }
  return sent;
}

export { recordSessionState };
