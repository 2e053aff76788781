/** Codes of the messaging channels; they match `channels.code` and `conversations.channel`. */
export const messagingChannels = ['whatsapp', 'whatsapp_web', 'instagram', 'webchat'] as const;
export type MessagingChannel = (typeof messagingChannels)[number];

/** One raw event cut out of a webhook delivery, stored in `inbound_events` before the acknowledgement. */
export interface RawInboundEvent {
  /** Unique per channel: the message id, or a key built from a status or reaction. */
  externalId: string;
  kind: 'message' | 'status' | 'echo' | 'reaction';
  payload: Record<string, unknown>;
}

export type IdentityClaimType = 'phone' | 'email' | 'whatsapp_id' | 'whatsapp_lid' | 'instagram_id' | 'web_visitor_id';

export interface IdentityClaim {
  type: IdentityClaimType;
  value: string;
}

export interface InboundMedia {
  /** The channel's media id (WhatsApp) or a download URL (Instagram). */
  source: string;
  mimeType?: string;
  sha256?: string;
  filename?: string;
}

/** A customer's message (or the shop's own echo) in one shape for every channel. */
export interface NormalisedMessage {
  type: 'message';
  externalId: string;
  /** The customer's address on the channel: the conversation's thread id. */
  threadId: string;
  claims: IdentityClaim[];
  displayName?: string;
  /** The channel's timestamp, not the time of processing. */
  sentAt: Date;
  /** text, image, audio, video, document, sticker, location, contacts, interactive, button, reaction, order … */
  kind: string;
  body: string | null;
  replyToExternalId?: string;
  media?: InboundMedia;
  /** The shop's own message sent from the phone or app, reported back by the channel. */
  echo: boolean;
  payload: Record<string, unknown>;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** A delivery report for a message the shop sent. */
export interface NormalisedStatus {
  type: 'status';
  externalId: string;
  status: DeliveryStatus;
  at: Date;
  reason?: string;
  /** The customer's address, when the report names it. */
  threadId?: string;
}

export type NormalisedEvent = NormalisedMessage | NormalisedStatus | { type: 'ignored'; reason: string };

/** What an outbound message carries; stored as the message's payload and rendered per channel. */
export type OutboundContent =
  | { type: 'text'; text: string }
  | { type: 'media'; mediaType: 'image' | 'audio' | 'video' | 'document' | 'sticker'; link: string; caption?: string; filename?: string }
  | { type: 'interactive'; interactive: Record<string, unknown> }
  | { type: 'template'; name: string; language: string; components?: unknown[] };

/**
 * The result of one send attempt. `retryable` failures (rate limits, server errors, timeouts) are retried
 * with backoff; the others end the message as failed with `reason`.
 */
export type SendResult =
  | { kind: 'sent'; externalId: string }
  | { kind: 'failed'; reason: string; retryable: boolean; code?: number };
