import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
