import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { channels, variants } from '../inventory/schema.js';

/**
 * Snapshot of a channel listing as the hub sent it or as the channel reported it back, beside the hub's
 * own price book price and available-to-sell at that moment. Price and stock consistency come from it.
 */
export const channelListingSnapshots = pgTable('channel_listing_snapshots', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channelId: text('channel_id').notNull().references(() => channels.id),
  variantId: text('variant_id').notNull().references(() => variants.id),
  /** `sent` when the hub pushed the listing, `reported` when the channel's own figures were read back. */
  source: text('source', { enum: ['sent', 'reported'] }).notNull(),
  /** Price on the listing in whole rupiah; null when the snapshot carries no price. */
  listedPrice: bigint('listed_price', { mode: 'number' }),
  /** The price book price for this channel at `recorded_at`. */
  expectedPrice: bigint('expected_price', { mode: 'number' }),
  /** Units the listing showed; null when the snapshot carries no stock figure. */
  publishedStock: integer('published_stock'),
  /** The hub's available-to-sell for this channel at `recorded_at`. */
  hubAvailable: integer('hub_available'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('channel_listing_snapshots_recorded_idx').on(t.recordedAt),
  check('channel_listing_snapshots_source_valid', sql`${t.source} in ('sent', 'reported')`),
]);

/** Yesterday's figures prepared each morning for the owner, and how they were delivered. */
export const dailySummaries = pgTable('daily_summaries', {
  id: text('id').primaryKey(),
  /** Business day `YYYY-MM-DD` in SATU_TIMEZONE that the figures cover. */
  businessDay: text('business_day').notNull().unique(),
  /** The KPI report of that day, as `GET /api/kpis` returns it. */
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  /** The summary as text, in Indonesian and English. */
  textId: text('text_id').notNull(),
  textEn: text('text_en').notNull(),
  /** `stored` when no delivery channel is configured, otherwise `sent` or `failed`. */
  deliveryStatus: text('delivery_status', { enum: ['stored', 'sent', 'failed'] }).notNull(),
  deliveryDetail: text('delivery_detail'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('daily_summaries_delivery_status_valid', sql`${t.deliveryStatus} in ('stored', 'sent', 'failed')`)]);

// Rollups behind GET /api/kpis: per business day, kept current by refreshing the days that triggers
// on orders, order_lines and messages mark dirty (see migrations: analytics_rollup_triggers).

/** Orders placed per business day, channel and location, with their oversold and sold counts. */
export const analyticsDailyOrderCells = pgTable('analytics_daily_order_cells', {
  businessDay: date('business_day', { mode: 'string' }).notNull(),
  channelCode: text('channel_code').notNull(),
  /** Location code of the order (its store, or its first line's location); '' when none is chosen. */
  locationCode: text('location_code').notNull(),
  orders: integer('orders').notNull(),
  oversoldOrders: integer('oversold_orders').notNull(),
  soldOrders: integer('sold_orders').notNull(),
  revenue: bigint('revenue', { mode: 'number' }).notNull(),
  units: integer('units').notNull(),
}, (t) => [primaryKey({ columns: [t.businessDay, t.channelCode, t.locationCode] })]);

/**
 * Each member profile's channels per business day (orders and messages the customer sent) as a bit mask
 * (bits from `analytics_channel_bits`) and its sold revenue. Keyed by the member profile, not the
 * canonical customer, so merges and unmerges need no refresh: reports map profiles to customers on read.
 */
export const analyticsDailyCustomerMasks = pgTable('analytics_daily_customer_masks', {
  businessDay: date('business_day', { mode: 'string' }).notNull(),
  profileId: text('profile_id').notNull(),
  channelMask: bigint('channel_mask', { mode: 'number' }).notNull(),
  revenue: bigint('revenue', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.businessDay, t.profileId] })]);

/** The bit each channel code has in `analytics_daily_customer_masks.channel_mask`, given on first sight. */
export const analyticsChannelBits = pgTable('analytics_channel_bits', {
  channel: text('channel').primaryKey(),
  bit: integer('bit').notNull().unique(),
}, (t) => [check('analytics_channel_bits_bit_range', sql`${t.bit} between 0 and 62`)]);

/** One fulfillment step of one order, by the business day the order was placed. */
export const analyticsFulfillmentSteps = pgTable('analytics_fulfillment_steps', {
  businessDay: date('business_day', { mode: 'string' }).notNull(),
  orderId: text('order_id').notNull(),
  step: text('step').notNull(),
  locationCode: text('location_code').notNull(),
  minutes: doublePrecision('minutes').notNull(),
}, (t) => [primaryKey({ columns: [t.orderId, t.step] }), index('analytics_fulfillment_steps_day_idx').on(t.businessDay)]);

/** Business days whose rollup rows must be recomputed before the next read. */
export const analyticsDirtyDays = pgTable('analytics_dirty_days', {
  businessDay: date('business_day', { mode: 'string' }).primaryKey(),
});

/** The time zone the rollups' business days are in; a report in another zone rebuilds them. */
export const analyticsRollupSettings = pgTable('analytics_rollup_settings', {
  id: integer('id').primaryKey(),
  timezone: text('timezone').notNull(),
}, (t) => [check('analytics_rollup_settings_single_row', sql`${t.id} = 1`)]);

/** Inbox figures of one conversation, by the business day of its first customer message. */
export const analyticsConversationFacts = pgTable('analytics_conversation_facts', {
  conversationId: text('conversation_id').primaryKey(),
  businessDay: date('business_day', { mode: 'string' }).notNull(),
  channel: text('channel').notNull(),
  /** Minutes to the first bot or agent reply; null before any reply. */
  responseMinutes: doublePrecision('response_minutes'),
  /** Minutes from the first customer message to the last message, for resolved conversations. */
  resolutionMinutes: doublePrecision('resolution_minutes'),
  /** True when the bot handled the conversation alone: no handoff and no agent message. */
  contained: boolean('contained').notNull(),
}, (t) => [index('analytics_conversation_facts_day_idx').on(t.businessDay)]);

/** Conversations whose facts must be recomputed before the next read. */
export const analyticsDirtyConversations = pgTable('analytics_dirty_conversations', {
  conversationId: text('conversation_id').primaryKey(),
});
