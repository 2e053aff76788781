import type { Db } from '../db/index.js';
import { cleanJson, cleanText } from './clean-text.js';
import { findConversation, touchConversation } from './conversations.js';
import { createOutboundMessage, type Message } from './messages.js';
import { customerServiceWindow } from './window.js';

export type AgentContent =
  | { type: 'text'; text: string }
  | { type: 'media'; mediaType: 'image' | 'audio' | 'video' | 'document' | 'sticker'; link: string; caption?: string | undefined; filename?: string | undefined }
  | { type: 'interactive'; interactive: Record<string, unknown> }
  | { type: 'template'; name: string; language: string; components?: unknown[] | undefined };

export type AgentReplyOutcome =
  | { kind: 'queued'; message: Message }
  | { kind: 'not_found' }
  | { kind: 'outside_window'; channel: string; closedAt: Date | null; templateAvailable: boolean };

function bodyOf(content: AgentContent): string | null {
  switch (content.type) {
    case 'text': return content.text;
    case 'media': return content.caption ?? null;
    case 'interactive': return String((content.interactive.body as { text?: string } | undefined)?.text ?? '') || null;
    case 'template': return `[template ${content.name}/${content.language}]`;
  }
}

/**
 * Stores an agent's reply as a queued outbound message on the customer's channel. Outside WhatsApp's
 * 24-hour customer-service window only a template may be sent, so a free-form reply is refused before it
 * is stored or sent.
 */
export async function queueAgentReply(db: Db, input: { conversationId: string; content: AgentContent }, now: Date = new Date()): Promise<AgentReplyOutcome> {
  const content = cleanJson(input.content);
  const conversation = await findConversation(db, cleanText(input.conversationId));
  if (!conversation) return { kind: 'not_found' };
  let humanAgentTag = false;
  if (content.type !== 'template') {
    const window = customerServiceWindow(conversation, { now, author: 'agent' });
    if (!window.open) return { kind: 'outside_window', channel: conversation.channel, closedAt: window.closedAt, templateAvailable: window.templateAvailable };
    humanAgentTag = window.humanAgentTag;
  }
  const message = await createOutboundMessage(db, {
    conversationId: conversation.id,
    profileId: conversation.profileId,
    channel: conversation.channel,
    author: 'agent',
    kind: content.type === 'media' ? content.mediaType : content.type,
    body: bodyOf(content),
    payload: { ...(content as unknown as Record<string, unknown>), ...(humanAgentTag ? { tag: 'HUMAN_AGENT' } : {}) },
  });
  await touchConversation(db, conversation.id, message.sentAt);
  return { kind: 'queued', message };
}
