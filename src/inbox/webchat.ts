import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { normalizeEmail, normalizePhone, resolveIdentityClaims } from '../cdp/index.js';
import type { InvalidField } from '../errors.js';
import { ensureConversation, findConversationByThread } from './conversations.js';
import { conversations } from './schema.js';
import { storeInboundEvents, type StoredEvent } from './inbound-events.js';
import { listConversationMessages } from './read.js';

export const webchatChannel = 'webchat';

export type VisitorMessageOutcome = { kind: 'stored'; messageId: string; event: StoredEvent };

/**
 * Stores a visitor's message as a raw web chat event, the same first step as a signed webhook. The
 * client's id (when given) makes a resent request a no-op.
 */
export async function storeVisitorMessage(
  db: Db,
  input: { visitorId: string; text: string; clientMessageId?: string | undefined; locale: 'id' | 'en'; now?: Date },
): Promise<VisitorMessageOutcome> {
  const messageId = `${input.visitorId}:${input.clientMessageId ?? randomUUID()}`;
  const [event] = await storeInboundEvents(db, webchatChannel, [{
    externalId: messageId,
    kind: 'message',
    payload: { visitor_id: input.visitorId, message_id: messageId, text: input.text, sent_at: (input.now ?? new Date()).toISOString(), locale: input.locale },
  }]);
  return { kind: 'stored', messageId, event: event! };
}

/** The visitor's conversation messages, oldest first; `after` returns only those changed since then. */
export async function listVisitorMessages(db: Db, visitorId: string, options: { after?: Date | undefined; limit?: number } = {}) {
  const conversation = await findConversationByThread(db, webchatChannel, visitorId);
  if (!conversation) return [];
  const messages = await listConversationMessages(db, conversation.id, { limit: options.limit ?? 200, after: options.after });
  return messages.map((message) => ({
    id: message.id,
    client_message_id: message.direction === 'inbound' ? message.external_id?.slice(visitorId.length + 1) ?? null : null,
    direction: message.direction,
    author: message.author,
    body: message.body,
    status: message.status,
    sent_at: message.sent_at,
    updated_at: message.updated_at,
  }));
}

export type VisitorContactOutcome =
  | { kind: 'recorded'; profileId: string }
  | { kind: 'invalid'; fields: InvalidField[] }
  | { kind: 'rejected'; reason: string };

/**
 * Records the phone number or e-mail address a visitor typed as unverified contact data on the visitor's
 * conversation, for an agent to check. Anyone can type anyone's number, so it never joins the visitor to
 * the profile that holds it: only the visitor id is resolved in the CDP, and an agent merges by hand.
 */
export async function linkVisitorContact(db: Db, input: { visitorId: string; phone?: string | undefined; email?: string | undefined; now?: Date }): Promise<VisitorContactOutcome> {
  const fields: InvalidField[] = [];
  const contact: { phone?: string; email?: string; given_at: string } = { given_at: (input.now ?? new Date()).toISOString() };
  if (input.phone !== undefined) {
    const phone = normalizePhone(input.phone);
    if (phone.ok) contact.phone = phone.value;
    else fields.push({ name: 'phone', reason: phone.reason });
  }
  if (input.email !== undefined) {
    const email = normalizeEmail(input.email);
    if (email.ok) contact.email = email.value;
    else fields.push({ name: 'email', reason: email.reason });
  }
  if (fields.length > 0) return { kind: 'invalid', fields };
  const resolved = await resolveIdentityClaims(db, { claims: [{ type: 'web_visitor_id', value: input.visitorId }], source: webchatChannel, observedAt: new Date(), actor: 'webchat' });
  if (resolved.kind === 'rejected') return { kind: 'rejected', reason: resolved.reason };
  const conversation = await ensureConversation(db, { channel: webchatChannel, threadId: input.visitorId, profileId: resolved.memberProfileId });
  await db.update(conversations)
    .set({ unverifiedContact: sql`coalesce(${conversations.unverifiedContact}, '{}'::jsonb) || ${JSON.stringify(contact)}::jsonb` })
    .where(eq(conversations.id, conversation.id));
  return { kind: 'recorded', profileId: resolved.profileId };
}
