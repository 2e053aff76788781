import type { Db } from '../db/index.js';
import { newId } from '../db/index.js';
import { resolveIdentityClaims } from './collaborators.js';
import { ensureConversation, findConversationByThread, touchConversation } from './conversations.js';
import { claimEchoedMessage, findMessageByExternalId, type Message } from './messages.js';
import { messages } from './schema.js';
import type { CustomerMessage } from './receive.js';

export type EchoOutcome =
  | { kind: 'known'; message: Message }
  | { kind: 'claimed'; message: Message }
  | { kind: 'stored'; message: Message }
  | { kind: 'rejected'; reason: string };

/**
 * Records the channel's echo of a message the shop sent. The echo is never a customer message: it matches
 * the stored outbound message (by external id, or, when the echo beats the send call's response, the
 * queued message with the same body), and only a message typed in the channel's own app is stored as new,
 * authored by an agent.
 */
export async function receiveShopEcho(db: Db, input: CustomerMessage): Promise<EchoOutcome> {
  const known = await findMessageByExternalId(db, input.channel, input.externalId);
  if (known) return { kind: 'known', message: known };

  let conversation = await findConversationByThread(db, input.channel, input.threadId);
  if (!conversation) {
    const identity = await resolveIdentityClaims(db, { claims: input.claims, source: input.channel, observedAt: input.sentAt });
    if (identity.kind === 'rejected') return { kind: 'rejected', reason: identity.reason };
    conversation = await ensureConversation(db, { channel: input.channel, threadId: input.threadId, profileId: identity.memberProfileId });
  }

  const claimed = await claimEchoedMessage(db, { conversationId: conversation.id, externalId: input.externalId, kind: input.kind, body: input.body });
  if (claimed) return { kind: 'claimed', message: claimed };

  const [stored] = await db.insert(messages).values({
    id: newId('msg'),
    conversationId: conversation.id,
    profileId: conversation.profileId,
    channel: input.channel,
    direction: 'outbound',
    author: 'agent',
    externalId: input.externalId,
    kind: input.kind,
    body: input.body,
    payload: { ...input.payload, echo: true },
    status: 'sent',
    sentAt: input.sentAt,
  }).onConflictDoNothing().returning();
  if (!stored) return { kind: 'known', message: (await findMessageByExternalId(db, input.channel, input.externalId))! };
  await touchConversation(db, conversation.id, input.sentAt);
  return { kind: 'stored', message: stored };
}
