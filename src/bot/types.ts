import type { Config } from '../config/index.js';
import type { LocationStock, OrderView, VariantOffer } from '../inventory/index.js';
import type { Logger } from '../logger.js';

export type Locale = 'id' | 'en';

export interface HistoryTurn {
  author: 'customer' | 'bot' | 'agent';
  body: string;
  sentAt: Date;
}

/** One inbound customer message with the conversation's recent turns, oldest first. */
export interface BotInput {
  conversationId: string;
  profileId: string;
  /** Channel the customer writes on: whatsapp, instagram, webchat …; prices and stock are this channel's. */
  channelCode: string;
  text: string;
  history: HistoryTurn[];
  preferredLocale?: Locale;
}

export interface BotDeps {
  config: Config;
  logger: Logger;
}

/** The rows an answer was composed from, read in the same request. */
export interface AnswerFacts {
  offers: VariantOffer[];
  locations: LocationStock[];
  /** The customer's order, for an order status reply. */
  order?: OrderView;
}

export type HandoffReason = 'requested' | 'complaint' | 'not_understood' | 'low_confidence';

export type BotAnswer =
  | { kind: 'reply'; text: string; locale: Locale; intent: string; facts: AnswerFacts }
  | { kind: 'handoff'; text: string; locale: Locale; reason: HandoffReason };
