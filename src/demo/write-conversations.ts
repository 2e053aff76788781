import { newId, type Executor } from '../db/index.js';
import { conversations, messages } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { insertInBatches } from './batch-insert.js';
import type { PlannedConversation } from './conversations.js';
import { presenceKey } from './write-customers.js';

/**
 * Writes the planned conversations with their messages. A conversation needs a profile, so one whose
 * claims the CDP rejected is left out. Returns how many conversations and messages were written.
 */
export async function writeConversations(
  tx: Executor, planned: PlannedConversation[], profileByPresence: Map<string, string>, logger: Logger,
): Promise<{ conversations: number; messages: number }> {
  const conversationRows: Array<typeof conversations.$inferInsert> = [];
  const messageRows: Array<typeof messages.$inferInsert> = [];
  for (const conversation of planned) {
    const profileId = profileByPresence.get(presenceKey(conversation.customerIndex, conversation.channel));
    if (!profileId) continue;
    const id = newId('cnv');
    const inbound = conversation.messages.filter((message) => message.direction === 'inbound');
    conversationRows.push({
      id,
      profileId,
      channel: conversation.channel,
      externalThreadId: conversation.externalThreadId,
      owner: conversation.owner,
      handoffReason: conversation.handoffReason,
      handoffAt: conversation.handoffAt,
      status: conversation.status,
      resolvedAt: conversation.resolvedAt,
      lastInboundAt: inbound[inbound.length - 1]?.sentAt ?? null,
      lastMessageAt: conversation.messages[conversation.messages.length - 1]!.sentAt,
      createdAt: conversation.messages[0]!.sentAt,
    });
    for (const message of conversation.messages) {
      messageRows.push({
        id: newId('msg'),
        conversationId: id,
        profileId,
        channel: conversation.channel,
        direction: message.direction,
        author: message.author,
        externalId: message.externalId,
        kind: 'text',
        body: message.body,
        status: message.status,
        sentAt: message.sentAt,
        createdAt: message.sentAt,
        updatedAt: message.sentAt,
      });
    }
  }
  const skipped = planned.length - conversationRows.length;
  if (skipped > 0) logger.warn({ skipped }, 'demo conversations without a profile were not written');
  await insertInBatches(tx, conversations, conversationRows);
  await insertInBatches(tx, messages, messageRows);
  return { conversations: conversationRows.length, messages: messageRows.length };
}
