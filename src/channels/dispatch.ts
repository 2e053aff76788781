import type { Config } from '../config/index.js';
import { instagramCredentials, instagramMessageBody, sendInstagramMessage } from './instagram/client.js';
import { normaliseInstagramEvent } from './instagram/normalise.js';
import type { NormalisedEvent, OutboundContent, SendResult } from './types.js';
import { sendWhatsappMessage, whatsappCredentials, whatsappMessageBody } from './whatsapp-cloud/client.js';
import { normaliseWhatsappEvent } from './whatsapp-cloud/normalise.js';
import { normaliseWebchatEvent } from './webchat/normalise.js';
import { normaliseWhatsappWebEvent } from './whatsapp-web/normalise.js';

export const channelNotConfigured = 'channel not configured';

/** Turns a stored raw event of `channel` into the pipeline's shape. */
export function normaliseInboundEvent(channel: string, kind: string, payload: Record<string, unknown>): NormalisedEvent {
  switch (channel) {
    case 'whatsapp': return normaliseWhatsappEvent(kind, payload);
    case 'instagram': return normaliseInstagramEvent(kind, payload);
    case 'webchat': return normaliseWebchatEvent(payload);
    case 'whatsapp_web': return normaliseWhatsappWebEvent(kind, payload);
    default: return { type: 'ignored', reason: `no adapter for channel "${channel}"` };
  }
}

export interface OutboundRequest {
  channel: string;
  /** The customer's address on the channel. */
  threadId: string;
  content: OutboundContent;
  /** The channel's id of the message this one answers, for a quoted reply. */
  replyToExternalId?: string | undefined;
  /** Satu's message id; channels without their own ids (web chat) use it. */
  messageId: string;
}

/**
 * Sends one message through the channel's API. Returns `deferred` for channels whose sending runs in
 * another process (whatsapp-web.js keeps the phone session in its own worker).
 */
export async function sendThroughChannel(config: Config, request: OutboundRequest): Promise<SendResult | { kind: 'deferred' }> {
  switch (request.channel) {
    case 'whatsapp': {
      const credentials = whatsappCredentials(config);
      if (!credentials) return { kind: 'failed', reason: channelNotConfigured, retryable: false };
      return sendWhatsappMessage(credentials, whatsappMessageBody(request.threadId, request.content, request.replyToExternalId));
    }
    case 'instagram': {
      const credentials = instagramCredentials(config);
      if (!credentials) return { kind: 'failed', reason: channelNotConfigured, retryable: false };
      const tag = (request.content as { tag?: unknown }).tag;
      const body = instagramMessageBody(request.threadId, request.content, typeof tag === 'string' ? tag : undefined);
      if (!body) return { kind: 'failed', reason: `Instagram cannot send ${request.content.type} messages`, retryable: false };
      return sendInstagramMessage(credentials, body);
    }
    // The visitor's page reads stored messages over SSE, so storing the message is its delivery.
    case 'webchat': return { kind: 'sent', externalId: request.messageId };
    case 'whatsapp_web': return { kind: 'deferred' };
    default: return { kind: 'failed', reason: `no adapter for channel "${request.channel}"`, retryable: false };
  }
}
