import { z } from 'zod';
import type { RawInboundEvent } from '../types.js';

const messageSchema = z.object({ id: z.string().min(1), from: z.string().min(1), timestamp: z.string(), type: z.string() }).passthrough();
const statusSchema = z.object({ id: z.string().min(1), status: z.string().min(1), timestamp: z.string(), recipient_id: z.string().optional() }).passthrough();
const contactSchema = z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).passthrough().optional() }).passthrough();

/** Meta's WhatsApp Business Account webhook body: `entry[].changes[].value` with messages, contacts, statuses. */
export const whatsappWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({
    id: z.string(),
    changes: z.array(z.object({
      field: z.string(),
      value: z.object({
        metadata: z.object({ phone_number_id: z.string(), display_phone_number: z.string().optional() }).passthrough().optional(),
        contacts: z.array(contactSchema).optional(),
        messages: z.array(messageSchema).optional(),
        statuses: z.array(statusSchema).optional(),
      }).passthrough(),
    })),
  })),
});

export type WhatsappWebhook = z.infer<typeof whatsappWebhookSchema>;

/**
 * Cuts a webhook delivery into one raw event per message and per status, across every entry and change, so
 * that each is stored and deduplicated on its own. A status key includes the status, because Meta reports
 * sent, delivered and read for the same message id.
 */
export function splitWhatsappWebhook(body: WhatsappWebhook): RawInboundEvent[] {
  const events: RawInboundEvent[] = [];
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const { contacts = [], messages = [], statuses = [], metadata } = change.value;
      for (const message of messages) {
        const contact = contacts.find((candidate) => candidate.wa_id === message.from) ?? contacts[0];
        events.push({ externalId: message.id, kind: 'message', payload: { message, contact, metadata } });
      }
      for (const status of statuses) {
        events.push({ externalId: `status:${status.id}:${status.status}`, kind: 'status', payload: { status, metadata } });
      }
    }
  }
  return events;
}
