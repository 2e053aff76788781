import { getTimelinePage, type TimelineEntry } from '../../cdp/index.js';
import type { Db } from '../../db/index.js';
import type { BotInput } from '../types.js';

/** Timeline entries the model sees: enough for "the shirt I asked about on Instagram", few enough to stay short. */
const memoryEntries = 15;

export interface CustomerMemory {
  /** A system message summarising the customer's other channels and orders, or null when there is nothing. */
  text: string | null;
  /** The entries behind the text. */
  entries: TimelineEntry[];
}

/**
 * Reads the customer's recent history across channels from the CDP timeline: messages from other
 * conversations and orders. The current conversation is left out because the history already has it.
 */
export async function loadCustomerMemory(db: Db, input: BotInput): Promise<CustomerMemory> {
  const page = await getTimelinePage(db, input.profileId, { limit: memoryEntries });
  const entries = page.items.filter((entry) => entry.data.conversation_id !== input.conversationId);
  const lines = entries.flatMap((entry) => {
    if (entry.kind === 'message' && typeof entry.data.body === 'string') {
      return [`${entry.at} ${entry.channel ?? ''} ${String(entry.data.author)}: ${entry.data.body.slice(0, 200)}`];
    }
    if (typeof entry.data.external_id === 'string') {
      return [`${entry.at} ${entry.channel ?? ''} order ${entry.data.external_id}: ${entry.kind}, status ${String(entry.data.status)}`];
    }
    return [];
  });
  if (lines.length === 0) return { text: null, entries: [] };
  return {
    text: `What this customer did recently on other channels, newest first (context only, not facts about stock or prices):\n${lines.join('\n')}`,
    entries,
  };
}
