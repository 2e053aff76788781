import type { NormalisedEvent } from '../types.js';

/** The raw event the web chat API stores for each visitor message. */
export interface WebchatEventPayload {
  visitor_id: string;
  message_id: string;
  text: string;
  sent_at: string;
  locale: 'id' | 'en';
}

export function normaliseWebchatEvent(payload: Record<string, unknown>): NormalisedEvent {
  const event = payload as unknown as WebchatEventPayload;
  return {
    type: 'message',
    externalId: event.message_id,
    threadId: event.visitor_id,
    claims: [{ type: 'web_visitor_id', value: event.visitor_id }],
    sentAt: new Date(event.sent_at),
    kind: 'text',
    body: event.text,
    echo: false,
    payload: { locale: event.locale },
  };
}
