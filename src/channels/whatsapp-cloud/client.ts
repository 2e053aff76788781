import type { Config } from '../../config/index.js';
import type { OutboundContent, SendResult } from '../types.js';
import { describeWhatsappError } from './errors.js';
import { describeNetworkError } from '../network-error.js';

const requestTimeoutMs = 15_000;

export type WhatsappCredentials = { token: string; phoneNumberId: string; graphUrl: string };

/** Returns the credentials for sending, or null when WHATSAPP_TOKEN or WHATSAPP_PHONE_NUMBER_ID is missing. */
export function whatsappCredentials(config: Config): WhatsappCredentials | null {
  if (!config.WHATSAPP_TOKEN || !config.WHATSAPP_PHONE_NUMBER_ID) return null;
  return { token: config.WHATSAPP_TOKEN, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID, graphUrl: config.WHATSAPP_GRAPH_URL.replace(/\/+$/, '') };
}

/** Builds the Cloud API request body for one message to `to` (the customer's wa_id). */
export function whatsappMessageBody(to: string, content: OutboundContent, replyTo?: string): Record<string, unknown> {
  const base: Record<string, unknown> = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  if (replyTo) base.context = { message_id: replyTo };
  switch (content.type) {
    case 'text':
      return { ...base, type: 'text', text: { preview_url: false, body: content.text } };
    case 'media': {
      const media: Record<string, unknown> = { link: content.link };
      if (content.caption && content.mediaType !== 'audio' && content.mediaType !== 'sticker') media.caption = content.caption;
      if (content.filename && content.mediaType === 'document') media.filename = content.filename;
      return { ...base, type: content.mediaType, [content.mediaType]: media };
    }
    case 'interactive':
      return { ...base, type: 'interactive', interactive: content.interactive };
    case 'template':
      return { ...base, type: 'template', template: { name: content.name, language: { code: content.language }, ...(content.components ? { components: content.components } : {}) } };
  }
}

async function graphFetch(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
}

/** Sends one message through `POST {graph}/{phone-number-id}/messages`; Graph errors become a reason. */
export async function sendWhatsappMessage(credentials: WhatsappCredentials, body: Record<string, unknown>): Promise<SendResult> {
  let response: Response;
  try {
    response = await graphFetch(`${credentials.graphUrl}/${credentials.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    return { kind: 'failed', reason: `WhatsApp API unreachable: ${describeNetworkError(error)}`, retryable: true };
  }
  const json = (await response.json().catch(() => ({}))) as { messages?: Array<{ id?: string }>; error?: { code?: number; message?: string; error_data?: { details?: string } } };
  const externalId = json.messages?.[0]?.id;
  if (response.ok && externalId) return { kind: 'sent', externalId };
  if (json.error) return { kind: 'failed', ...describeWhatsappError(json.error, response.status) };
  return { kind: 'failed', reason: `WhatsApp API answered HTTP ${response.status} without a message id`, retryable: response.status >= 500 || response.status === 429 };
}

/** A failed media download; `retryable` is false when a retry cannot help (4xx, file too large). */
export class MediaDownloadError extends Error {
  override name = 'MediaDownloadError';

  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

export interface DownloadedMedia {
  content: Buffer;
  mimeType: string;
  sha256?: string;
}

/**
 * Downloads a media object in two steps, as the Cloud API requires: `GET {graph}/{media-id}` returns a
 * short-lived URL, which is fetched with the same bearer token.
 */
export async function downloadWhatsappMedia(credentials: WhatsappCredentials, mediaId: string, maxBytes: number): Promise<DownloadedMedia> {
  const headers = { authorization: `Bearer ${credentials.token}` };
  const metaResponse = await graphFetch(`${credentials.graphUrl}/${encodeURIComponent(mediaId)}`, { headers });
  const meta = (await metaResponse.json().catch(() => ({}))) as { url?: string; mime_type?: string; sha256?: string; file_size?: number; error?: { code?: number; message?: string } };
  if (!metaResponse.ok || !meta.url) {
    const reason = meta.error ? describeWhatsappError(meta.error, metaResponse.status).reason : `media lookup failed with HTTP ${metaResponse.status}`;
    throw new MediaDownloadError(reason, metaResponse.status >= 500 || metaResponse.status === 429);
  }
  if (meta.file_size !== undefined && meta.file_size > maxBytes) throw new MediaDownloadError(`media is ${meta.file_size} bytes, above the ${maxBytes}-byte limit`, false);
  const fileResponse = await graphFetch(meta.url, { headers });
  if (!fileResponse.ok) throw new MediaDownloadError(`media download failed with HTTP ${fileResponse.status}`, fileResponse.status >= 500 || fileResponse.status === 429);
  const content = Buffer.from(await fileResponse.arrayBuffer());
  if (content.length > maxBytes) throw new MediaDownloadError(`media is ${content.length} bytes, above the ${maxBytes}-byte limit`, false);
  return { content, mimeType: meta.mime_type ?? fileResponse.headers.get('content-type') ?? 'application/octet-stream', ...(meta.sha256 ? { sha256: meta.sha256 } : {}) };
}
