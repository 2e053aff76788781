import { z } from 'zod';
import type { RawInboundEvent } from '../types.js';

const messagingEventSchema = z.object({
  sender: z.object({ id: z.string() }),
  recipient: z.object({ id: z.string() }),
  timestamp: z.number(),
}).passthrough();

/** Meta's Instagram Messaging webhook body: `entry[].messaging[]` (and `changes[]`, which Satu ignores). */
export const instagramWebhookSchema = z.object({
  object: z.enum(['instagram', 'page']),
  entry: z.array(z.object({
    id: z.string(),
    time: z.number().optional(),
    messaging: z.array(messagingEventSchema).optional(),
  }).passthrough()),
});

export type InstagramWebhook = z.infer<typeof instagramWebhookSchema>;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Meta's payloads are read defensively

/**
 * One raw event per messaging item of every entry. Messages are keyed by their `mid`; echoes by `echo:`
 * and the mid (Meta sends the echo besides the send response); reactions by the reacted mid, the sender
 * and the time, because one message can collect several.
 */
export function splitInstagramWebhook(body: InstagramWebhook): RawInboundEvent[] {
  const events: RawInboundEvent[] = [];
  for (const entry of body.entry) {
    for (const item of (entry.messaging ?? []) as Json[]) {
      if (item.message?.mid) {
        const echo = item.message.is_echo === true;
        events.push({ externalId: echo ? `echo:${item.message.mid}` : String(item.message.mid), kind: echo ? 'echo' : 'message', payload: item });
      } else if (item.reaction?.mid) {
        events.push({ externalId: `reaction:${item.reaction.mid}:${item.sender.id}:${item.timestamp}`, kind: 'reaction', payload: item });
      } else if (item.read?.mid) {
        events.push({ externalId: `read:${item.read.mid}`, kind: 'status', payload: item });
      }
    }
  }
  return events;
}
