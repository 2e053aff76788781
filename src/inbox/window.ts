/** WhatsApp lets a business send free-form messages for 24 hours after the customer's last message. */
export const customerServiceWindowMs = 24 * 60 * 60 * 1000;

/** Channels that refuse free-form messages outside the window; others (Instagram's 7-day rule aside) are open. */
const windowedChannels = new Set(['whatsapp']);

export type WindowState = { open: true; closesAt: Date | null } | { open: false; closedAt: Date | null };

/** Whether a free-form (non-template) message may be sent on this conversation at `now`. */
export function customerServiceWindow(conversation: { channel: string; lastInboundAt: Date | null }, now: Date = new Date()): WindowState {
  if (!windowedChannels.has(conversation.channel)) return { open: true, closesAt: null };
  if (!conversation.lastInboundAt) return { open: false, closedAt: null };
  const closesAt = new Date(conversation.lastInboundAt.getTime() + customerServiceWindowMs);
  return closesAt.getTime() > now.getTime() ? { open: true, closesAt } : { open: false, closedAt: closesAt };
}
