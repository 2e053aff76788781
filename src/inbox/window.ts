/** WhatsApp lets a business send free-form messages for 24 hours after the customer's last message. */
export const customerServiceWindowMs = 24 * 60 * 60 * 1000;
/** Instagram allows a person's reply with the HUMAN_AGENT tag for 7 days after the customer's last message. */
export const humanAgentWindowMs = 7 * 24 * 60 * 60 * 1000;

export type WindowState =
  | { open: true; closesAt: Date | null; humanAgentTag: boolean }
  | { open: false; closedAt: Date | null; templateAvailable: boolean };

/**
 * Tells whether a free-form (non-template) message may be sent on this conversation at `now`. WhatsApp
 * closes after 24 hours and then takes only templates. Instagram closes after 24 hours too, but an agent
 * may still reply for 7 days with the HUMAN_AGENT tag; it has no templates. Web chat never closes.
 */
export function customerServiceWindow(
  conversation: { channel: string; lastInboundAt: Date | null },
  options: { now?: Date; author?: 'bot' | 'agent' } = {},
): WindowState {
  const now = options.now ?? new Date();
  if (conversation.channel !== 'whatsapp' && conversation.channel !== 'instagram') return { open: true, closesAt: null, humanAgentTag: false };
  const templateAvailable = conversation.channel === 'whatsapp';
  if (!conversation.lastInboundAt) return { open: false, closedAt: null, templateAvailable };
  const since = now.getTime() - conversation.lastInboundAt.getTime();
  const closesAt = new Date(conversation.lastInboundAt.getTime() + customerServiceWindowMs);
  if (since < customerServiceWindowMs) return { open: true, closesAt, humanAgentTag: false };
  if (conversation.channel === 'instagram' && options.author !== 'bot' && since < humanAgentWindowMs) {
    return { open: true, closesAt: new Date(conversation.lastInboundAt.getTime() + humanAgentWindowMs), humanAgentTag: true };
  }
  const closedAt = conversation.channel === 'instagram' && options.author !== 'bot'
    ? new Date(conversation.lastInboundAt.getTime() + humanAgentWindowMs)
    : closesAt;
  return { open: false, closedAt, templateAvailable };
}
