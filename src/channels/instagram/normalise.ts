import type { NormalisedEvent, NormalisedMessage } from '../types.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Meta's payloads are read defensively

/** A message, echo or reaction from the Instagram Messaging webhook in the pipeline's shape. */
export function normaliseInstagramEvent(kind: string, item: Json): NormalisedEvent {
  const sentAt = new Date(Number(item.timestamp) || Date.now());
  if (kind === 'status') return { type: 'status', externalId: String(item.read.mid), status: 'read', at: sentAt, threadId: String(item.sender.id) };

  const echo = kind === 'echo';
  // The customer is the sender of a message and the recipient of the shop's echo.
  const customerId = String(echo ? item.recipient.id : item.sender.id);
  const base = { type: 'message' as const, threadId: customerId, claims: [{ type: 'instagram_id' as const, value: customerId }], sentAt, echo };

  if (kind === 'reaction') {
    const reaction = item.reaction;
    const removed = reaction.action === 'unreact';
    return {
      ...base,
      externalId: `reaction:${reaction.mid}:${item.sender.id}:${item.timestamp}`,
      kind: 'reaction',
      body: removed ? null : (reaction.emoji ?? reaction.reaction ?? null),
      replyToExternalId: String(reaction.mid),
      payload: { ...item, removed },
    } satisfies NormalisedMessage;
  }

  const message = item.message;
  const attachment = message.attachments?.[0];
  const storyReply = message.reply_to?.story;
  let messageKind = 'text';
  if (attachment?.type === 'story_mention') messageKind = 'story_mention';
  else if (storyReply) messageKind = 'story_reply';
  else if (attachment) messageKind = String(attachment.type);
  const mediaUrl = attachment?.payload?.url;
  return {
    ...base,
    externalId: String(message.mid),
    kind: messageKind,
    body: message.text ?? null,
    ...(message.reply_to?.mid ? { replyToExternalId: String(message.reply_to.mid) } : {}),
    ...(mediaUrl && messageKind !== 'story_mention' ? { media: { source: String(mediaUrl) } } : {}),
    payload: item,
  };
}
