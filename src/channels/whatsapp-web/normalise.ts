import type { DeliveryStatus, IdentityClaim, NormalisedEvent } from '../types.js';

/**
 * Raw event the whatsapp-web.js worker stores for each library event: plain JSON cut from the library's
 * Message object, with the phone number resolved when the chat id is an `@lid` id.
 */
export interface WhatsappWebEventPayload {
  id: string;
  /** The customer's chat id: `628…@c.us`, or an `…@lid` linked-device id. */
  chat_id: string;
  /** E.164 digits of the customer's phone when known (always for `@c.us`, for `@lid` when the library resolves it). */
  phone: string | null;
  from_me: boolean;
  type: string;
  body: string;
  timestamp: number;
  notify_name?: string | null;
  quoted_id?: string | null;
  /** For status events: the library's ack level (1 server, 2 device, 3 read, -1 error). */
  ack?: number;
}

const ackStatus: Record<number, DeliveryStatus> = { [-1]: 'failed', 1: 'sent', 2: 'delivered', 3: 'read', 4: 'read' };

export function normaliseWhatsappWebEvent(kind: string, payload: Record<string, unknown>): NormalisedEvent {
  const event = payload as unknown as WhatsappWebEventPayload;
  const sentAt = new Date(event.timestamp * 1000);
  if (kind === 'status') {
    const status = ackStatus[event.ack ?? 0];
    if (!status) return { type: 'ignored', reason: `ack ${event.ack} is not a delivery status` };
    return { type: 'status', externalId: event.id, status, at: new Date(), ...(status === 'failed' ? { reason: 'WhatsApp Web reported the message as failed' } : {}) };
  }
  // A `@c.us` id is the phone's wa_id, the same value the Cloud API reports. An `@lid` (linked-device) id
  // hides the number: it is an identity of its own, joined to the phone when the library resolved it.
  const claims: IdentityClaim[] = [];
  if (event.phone) {
    const digits = event.phone.replace(/\D/g, '');
    claims.push({ type: 'phone', value: `+${digits}` }, { type: 'whatsapp_id', value: digits });
  }
  if (event.chat_id.endsWith('@lid')) claims.push({ type: 'whatsapp_lid', value: event.chat_id });
  else if (!event.phone) claims.push({ type: 'whatsapp_id', value: event.chat_id.slice(0, -'@c.us'.length) });
  return {
    type: 'message',
    externalId: event.id,
    threadId: event.chat_id,
    claims,
    ...(event.notify_name ? { displayName: event.notify_name } : {}),
    sentAt,
    kind: event.type === 'chat' ? 'text' : event.type,
    body: event.body || null,
    ...(event.quoted_id ? { replyToExternalId: event.quoted_id } : {}),
    echo: kind === 'echo',
    payload,
  };
}
