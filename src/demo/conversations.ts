import { computeChannelPrice } from '../inventory/index.js';
import type { PlannedVariant } from './catalog.js';
import { writeChatScript } from './chat-scripts.js';
import type { ChannelPresence, PlannedCustomer } from './customers.js';
import type { SeededRandom } from './random.js';
import { after, day, drawPlacedAt } from './timeline.js';

export interface PlannedMessage {
  direction: 'inbound' | 'outbound';
  author: 'customer' | 'bot' | 'agent';
  body: string;
  status: 'received' | 'sent' | 'delivered' | 'read';
  /** The channel's message id (WhatsApp wamid, Instagram mid), or null on web chat, which has none. */
  externalId: string | null;
  sentAt: Date;
}

export interface PlannedConversation {
  channel: 'whatsapp' | 'instagram' | 'webchat';
  customerIndex: number;
  /** The customer's address on the channel: WhatsApp number digits, Instagram-scoped id, web visitor id. */
  externalThreadId: string;
  owner: 'bot' | 'agent';
  handoffReason: string | null;
  handoffAt: Date | null;
  status: 'open' | 'resolved';
  resolvedAt: Date | null;
  messages: PlannedMessage[];
}

const messagingChannels = new Set(['whatsapp', 'instagram', 'webchat']);
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function externalMessageId(random: SeededRandom, channel: string): string | null {
  if (channel === 'webchat') return null;
  let suffix = '';
  for (let i = 0; i < 32; i++) suffix += random.pick([...idAlphabet]);
  return channel === 'whatsapp' ? `wamid.HBgN${suffix}` : `aWdfZAG1f${suffix}`;
}

function outboundStatus(random: SeededRandom, channel: string): PlannedMessage['status'] {
  if (channel === 'webchat') return 'delivered';
  return random.chance(0.75) ? 'read' : 'delivered';
}

/** Customers write again within minutes, the bot replies within seconds, an agent within a quarter hour. */
function replyTime(random: SeededRandom, previous: Date, author: PlannedMessage['author']): Date {
  const seconds = author === 'bot' ? random.int(2, 8) : author === 'agent' ? random.int(60, 900) : random.int(30, 1200);
  return new Date(previous.getTime() + seconds * 1000);
}

function planConversation(
  random: SeededRandom, customer: PlannedCustomer, presence: ChannelPresence, variants: PlannedVariant[], asOf: Date,
): PlannedConversation {
  const channel = presence.channel as PlannedConversation['channel'];
  const variant = random.weighted(variants, (v) => v.popularity);
  // WhatsApp already carries the number. Elsewhere the customer types it into the chat when they share it.
  const typedPhone = channel === 'whatsapp' ? null : presence.phone;
  const script = writeChatScript(random, {
    firstName: customer.name.split(' ')[0] ?? customer.name,
    variant,
    price: computeChannelPrice({ basePrice: variant.basePrice, override: null, rule: null, promotions: [] }),
    typedPhone,
  });

  // Start early enough that the whole chat (under two and a half hours) ends before `asOf`.
  const latestStart = asOf.getTime() - 3 * 60 * 60 * 1000;
  let clock = new Date(Math.min(drawPlacedAt(random, asOf, false).getTime(), latestStart));
  let handoffAt: Date | null = null;
  const messages = script.lines.map((line, index): PlannedMessage => {
    if (index > 0) clock = replyTime(random, clock, line.author);
    if (line.author === 'bot' && line.body.includes('sambungkan')) handoffAt = clock;
    const inbound = line.author === 'customer';
    return {
      direction: inbound ? 'inbound' : 'outbound',
      author: line.author,
      body: line.body,
      status: inbound ? 'received' : outboundStatus(random, channel),
      externalId: externalMessageId(random, channel),
      sentAt: clock,
    };
  });

  const lastAt = messages[messages.length - 1]!.sentAt;
  const resolved = asOf.getTime() - lastAt.getTime() > day;
  return {
    channel,
    customerIndex: customer.index,
    externalThreadId: channel === 'whatsapp' ? `62${customer.nationalNumber}` : presence.accountId!,
    owner: script.handedOff ? 'agent' : 'bot',
    handoffReason: script.handedOff ? 'customer_request' : null,
    handoffAt,
    status: resolved ? 'resolved' : 'open',
    resolvedAt: resolved ? after(random, lastAt, 5, 120) : null,
    messages,
  };
}

/** Plans one conversation for each customer present on WhatsApp, Instagram or web chat. */
export function planConversations(
  random: SeededRandom, input: { customers: PlannedCustomer[]; variants: PlannedVariant[]; asOf: Date },
): PlannedConversation[] {
  const conversations: PlannedConversation[] = [];
  for (const customer of input.customers) {
    for (const presence of customer.presences) {
      if (!messagingChannels.has(presence.channel)) continue;
      conversations.push(planConversation(random, customer, presence, input.variants, input.asOf));
    }
  }
  return conversations;
}
