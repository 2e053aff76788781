import type { DeliveryStatus, InboundMedia, NormalisedEvent, NormalisedMessage, NormalisedStatus } from '../types.js';
import { describeWhatsappError, type GraphError } from './errors.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Meta's payloads are read defensively below

const mediaKinds = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/**
 * Converts Meta's Unix time in seconds. An unreadable value gives an invalid Date, which the pipeline
 * replaces by the time received.
 */
function secondsToDate(timestamp: unknown): Date {
  let seconds = Number.NaN;
  if (typeof timestamp === 'number') seconds = timestamp;
  else if (typeof timestamp === 'string' && /^\d+$/.test(timestamp.trim())) seconds = Number(timestamp);
  return new Date(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Number.NaN);
}

/** The text an agent reads for each message type; null when the message carries none. */
function bodyOf(message: Json): string | null {
  switch (message.type) {
    case 'text': return message.text?.body ?? null;
    case 'image': case 'video': case 'document': return message[message.type]?.caption ?? message.document?.filename ?? null;
    case 'location': {
      const location = message.location ?? {};
      const place = [location.name, location.address].filter(Boolean).join(', ');
      return place || `${location.latitude},${location.longitude}`;
    }
    case 'contacts': return (message.contacts ?? []).map((contact: Json) => contact.name?.formatted_name).filter(Boolean).join(', ') || null;
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply ?? message.interactive?.nfm_reply;
      return reply?.title ?? reply?.body ?? null;
    }
    case 'button': return message.button?.text ?? null;
    case 'reaction': return message.reaction?.emoji || null;
    case 'order': return message.order?.text ?? null;
    default: return null;
  }
}

function mediaOf(message: Json): InboundMedia | undefined {
  if (!(mediaKinds as readonly string[]).includes(message.type)) return undefined;
  const media = message[message.type];
  if (!media?.id) return undefined;
  return { source: String(media.id), mimeType: media.mime_type, sha256: media.sha256, filename: media.filename };
}

/** A WhatsApp Cloud API message with its contact, as stored by the webhook. */
export function normaliseWhatsappMessage(payload: Json): NormalisedMessage {
  const message: Json = payload.message;
  const contact: Json | undefined = payload.contact;
  const from = String(message.from);
  const replyTo = message.type === 'reaction' ? message.reaction?.message_id : message.context?.id;
  const media = mediaOf(message);
  return {
    type: 'message',
    externalId: String(message.id),
    threadId: from,
    claims: [{ type: 'phone', value: `+${from.replace(/\D/g, '')}` }, { type: 'whatsapp_id', value: from }],
    ...(contact?.profile?.name ? { displayName: String(contact.profile.name) } : {}),
    sentAt: secondsToDate(message.timestamp),
    kind: String(message.type),
    body: bodyOf(message),
    ...(replyTo ? { replyToExternalId: String(replyTo) } : {}),
    ...(media ? { media } : {}),
    echo: false,
    payload: message,
  };
}

const statusValues: DeliveryStatus[] = ['sent', 'delivered', 'read', 'failed'];

export function normaliseWhatsappStatus(payload: Json): NormalisedStatus | { type: 'ignored'; reason: string } {
  const status: Json = payload.status;
  if (!statusValues.includes(status.status)) return { type: 'ignored', reason: `status "${status.status}" is not tracked` };
  const error: GraphError | undefined = status.errors?.[0];
  return {
    type: 'status',
    externalId: String(status.id),
    status: status.status,
    at: secondsToDate(status.timestamp),
    ...(error ? { reason: describeWhatsappError(error).reason } : status.status === 'failed' ? { reason: 'WhatsApp reported the message as failed without an error' } : {}),
    ...(status.recipient_id ? { threadId: String(status.recipient_id) } : {}),
  };
}

export function normaliseWhatsappEvent(kind: string, payload: Json): NormalisedEvent {
  return kind === 'status' ? normaliseWhatsappStatus(payload) : normaliseWhatsappMessage(payload);
}
