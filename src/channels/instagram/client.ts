import type { Config } from '../../config/index.js';
import type { OutboundContent, SendResult } from '../types.js';
import { describeNetworkError } from '../network-error.js';

const requestTimeoutMs = 15_000;

export type InstagramCredentials = { token: string; accountId: string; graphUrl: string };

export function instagramCredentials(config: Config): InstagramCredentials | null {
  if (!config.INSTAGRAM_TOKEN || !config.INSTAGRAM_ACCOUNT_ID) return null;
  return { token: config.INSTAGRAM_TOKEN, accountId: config.INSTAGRAM_ACCOUNT_ID, graphUrl: config.INSTAGRAM_GRAPH_URL.replace(/\/+$/, '') };
}

/** The Send API body; Instagram has no templates, and interactive content maps to quick replies. */
export function instagramMessageBody(recipientId: string, content: OutboundContent, tag?: string): Record<string, unknown> | null {
  const body = instagramMessage(recipientId, content);
  // A reply after the 24-hour window is allowed for 7 days when a person writes it, marked with this tag.
  return body && tag ? { ...body, messaging_type: 'MESSAGE_TAG', tag } : body;
}

function instagramMessage(recipientId: string, content: OutboundContent): Record<string, unknown> | null {
  const recipient = { id: recipientId };
  switch (content.type) {
    case 'text': return { recipient, message: { text: content.text } };
    case 'media': {
      const type = content.mediaType === 'document' ? 'file' : content.mediaType === 'sticker' ? 'image' : content.mediaType;
      return { recipient, message: { attachment: { type, payload: { url: content.link } } } };
    }
    case 'interactive': return { recipient, message: content.interactive };
    case 'template': return null;
  }
}

/** Rate-limit and server-side codes of the Graph API that are worth a retry. */
const retryableCodes = new Set([1, 2, 4, 17, 32, 613]);

/** Sends through `POST {graph}/{ig-account-id}/messages`. */
export async function sendInstagramMessage(credentials: InstagramCredentials, body: Record<string, unknown>): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch(`${credentials.graphUrl}/${credentials.accountId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
  } catch (error) {
    return { kind: 'failed', reason: `Instagram API unreachable: ${describeNetworkError(error)}`, retryable: true };
  }
  const json = (await response.json().catch(() => ({}))) as { message_id?: string; error?: { code?: number; message?: string } };
  if (response.ok && json.message_id) return { kind: 'sent', externalId: json.message_id };
  if (json.error) {
    const code = json.error.code;
    const reason = code === 190 ? 'invalid or expired access token (INSTAGRAM_TOKEN)'
      : code === 10 || code === 551 ? 'the customer cannot receive messages now (outside the messaging window or unavailable)'
        : `Instagram error${code !== undefined ? ` ${code}` : ''}: ${json.error.message ?? 'no detail'}`;
    return { kind: 'failed', reason: `${reason}${code !== undefined ? ` (code ${code})` : ''}`, retryable: (code !== undefined && retryableCodes.has(code)) || response.status >= 500, ...(code !== undefined ? { code } : {}) };
  }
  return { kind: 'failed', reason: `Instagram API answered HTTP ${response.status} without a message id`, retryable: response.status >= 500 || response.status === 429 };
}
