import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const products = pgTable('products', {
  id: text('id').primaryKey(),
  handle: text('handle').notNull().unique(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  description: text('description').notNull().default(''),
  createdAt: createdAt(),
});

export const variants = pgTable('variants', {
  id: text('id').primaryKey(),
  productId: text('product_id').notNull().references(() => products.id),
  sku: text('sku').notNull().unique(),
  barcode: text('barcode').unique(),
  color: text('color'),
  size: text('size'),
  /** Option name to value, e.g. { "color": "navy", "size": "L" }. */
  options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
  weightGrams: integer('weight_grams').notNull().default(0),
  /** Base price in whole rupiah; channel prices derive from it. */
  basePrice: bigint('base_price', { mode: 'number' }).notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('variants_product_idx').on(t.productId),
  check('variants_base_price_nonnegative', sql`${t.basePrice} >= 0`),
]);

export const locations = pgTable('locations', {
  id: text('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['warehouse', 'store'] }).notNull(),
  city: text('city').notNull(),
  province: text('province').notNull(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  createdAt: createdAt(),
}, (t) => [check('locations_kind_valid', sql`${t.kind} in ('warehouse', 'store')`)]);

/**
 * Stock per (variant, location). `reserved` may exceed `on_hand` only after a physical event that
 * cannot be refused (a POS sale or a stock count); that is a shortage, never a negative count.
 */
export const stockLevels = pgTable('stock_levels', {
  variantId: text('variant_id').notNull().references(() => variants.id),
  locationId: text('location_id').notNull().references(() => locations.id),
  onHand: integer('on_hand').notNull().default(0),
  reserved: integer('reserved').notNull().default(0),
  /** Units kept back from every channel at this location. */
  safetyStock: integer('safety_stock').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.variantId, t.locationId] }),
  check('stock_levels_on_hand_nonnegative', sql`${t.onHand} >= 0`),
  check('stock_levels_reserved_nonnegative', sql`${t.reserved} >= 0`),
  check('stock_levels_safety_nonnegative', sql`${t.safetyStock} >= 0`),
]);

/** Append-only: a trigger in the migrations rejects UPDATE and DELETE. */
export const stockLedger = pgTable('stock_ledger', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  variantId: text('variant_id').notNull().references(() => variants.id),
  locationId: text('location_id').notNull().references(() => locations.id),
  onHandDelta: integer('on_hand_delta').notNull().default(0),
  reservedDelta: integer('reserved_delta').notNull().default(0),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  /** What caused the change, e.g. `order:ord_…` or `adjustment`. */
  source: text('source').notNull(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  createdAt: createdAt(),
}, (t) => [index('stock_ledger_variant_location_idx').on(t.variantId, t.locationId)]);

export const channels = pgTable('channels', {
  id: text('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['marketplace', 'website', 'pos', 'messaging'] }).notNull(),
  /** Units held back from this channel per variant, so that it never sells the last ones. */
  bufferStock: integer('buffer_stock').notNull().default(0),
  /** Minutes an unpaid reservation from this channel is kept. */
  reservationTtlMinutes: integer('reservation_ttl_minutes').notNull().default(60),
  /** Price rule, e.g. { "type": "markup_percent", "percent": 5, "round_to": 1000 }; null means the base price. */
  priceRule: jsonb('price_rule').$type<Record<string, unknown> | null>(),
  createdAt: createdAt(),
}, (t) => [
  check('channels_kind_valid', sql`${t.kind} in ('marketplace', 'website', 'pos', 'messaging')`),
  check('channels_buffer_nonnegative', sql`${t.bufferStock} >= 0`),
]);

/** Which locations' stock a channel may sell. */
export const channelLocations = pgTable('channel_locations', {
  channelId: text('channel_id').notNull().references(() => channels.id),
  locationId: text('location_id').notNull().references(() => locations.id),
}, (t) => [primaryKey({ columns: [t.channelId, t.locationId] })]);

/** A fixed price for one variant on one channel, overriding the channel's rule. */
export const channelPrices = pgTable('channel_prices', {
  channelId: text('channel_id').notNull().references(() => channels.id),
  variantId: text('variant_id').notNull().references(() => variants.id),
  price: bigint('price', { mode: 'number' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.channelId, t.variantId] }),
  check('channel_prices_nonnegative', sql`${t.price} >= 0`),
]);

export const orderStatuses = [
  'pending', 'reserved', 'paid', 'ready_for_pickup', 'picked_up', 'shipped', 'delivered', 'cancelled', 'returned',
] as const;

export const orders = pgTable('orders', {
  id: text('id').primaryKey(),
  channelId: text('channel_id').notNull().references(() => channels.id),
  externalId: text('external_id').notNull(),
  /** The customer profile (CDP) at the time of the order; null once the profile is erased. */
  profileId: text('profile_id'),
  status: text('status', { enum: orderStatuses }).notNull(),
  fulfillmentType: text('fulfillment_type', { enum: ['delivery', 'bopis', 'pos'] }).notNull(),
  /** Store for BOPIS pickup or POS sale. */
  locationId: text('location_id').references(() => locations.id),
  /** Why the order was cancelled: `out_of_stock` counts as an oversell, anything else does not. */
  cancelReason: text('cancel_reason'),
  totalAmount: bigint('total_amount', { mode: 'number' }).notNull(),
  placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  readyAt: timestamp('ready_at', { withTimezone: true }),
  pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
  shippedAt: timestamp('shipped_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  returnedAt: timestamp('returned_at', { withTimezone: true }),
  /** Unpaid reservations are released after this moment (the channel's reservation time limit). */
  reservationExpiresAt: timestamp('reservation_expires_at', { withTimezone: true }),
  /** Code the customer shows at the store to collect a BOPIS order. */
  pickupCode: text('pickup_code'),
  /** Delivery city, used to choose the nearest location for ship-from-store. */
  shippingCity: text('shipping_city'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('orders_channel_external_uq').on(t.channelId, t.externalId),
  index('orders_profile_idx').on(t.profileId),
  index('orders_placed_at_idx').on(t.placedAt),
  index('orders_reservation_expiry_idx').on(t.reservationExpiresAt).where(sql`${t.status} = 'reserved'`),
  check('orders_total_nonnegative', sql`${t.totalAmount} >= 0`),
]);

export const orderLines = pgTable('order_lines', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id),
  lineNo: integer('line_no').notNull(),
  variantId: text('variant_id').notNull().references(() => variants.id),
  /** Location the line is reserved or sold at; null until one is chosen. */
  locationId: text('location_id').references(() => locations.id),
  quantity: integer('quantity').notNull(),
  unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
}, (t) => [
  uniqueIndex('order_lines_order_line_uq').on(t.orderId, t.lineNo),
  check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  check('order_lines_unit_price_nonnegative', sql`${t.unitPrice} >= 0`),
]);

/** Stock and price changes for later work (marketplace sync) to consume. */
export const inventoryOutbox = pgTable('inventory_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  topic: text('topic').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
}, (t) => [index('inventory_outbox_unprocessed_idx').on(t.id).where(sql`${t.processedAt} is null`)]);

/** A bundle (kit) is a variant with no stock of its own: it is sold by moving its components. */
export const bundleComponents = pgTable('bundle_components', {
  bundleVariantId: text('bundle_variant_id').notNull().references(() => variants.id),
  componentVariantId: text('component_variant_id').notNull().references(() => variants.id),
  /** Units of the component in one bundle. */
  quantity: integer('quantity').notNull(),
}, (t) => [
  primaryKey({ columns: [t.bundleVariantId, t.componentVariantId] }),
  index('bundle_components_component_idx').on(t.componentVariantId),
  check('bundle_components_quantity_positive', sql`${t.quantity} > 0`),
  check('bundle_components_not_self', sql`${t.bundleVariantId} <> ${t.componentVariantId}`),
]);

/** A variant as listed on one channel: its outside ids, its own buffer, and what the channel last published. */
export const channelListings = pgTable('channel_listings', {
  channelId: text('channel_id').notNull().references(() => channels.id),
  variantId: text('variant_id').notNull().references(() => variants.id),
  externalSku: text('external_sku'),
  externalItemId: text('external_item_id'),
  /** Units held back on this listing; null falls back to the channel's buffer. */
  bufferStock: integer('buffer_stock'),
  publishedPrice: bigint('published_price', { mode: 'number' }),
  publishedAvailable: integer('published_available'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.channelId, t.variantId] }),
  uniqueIndex('channel_listings_external_sku_uq').on(t.channelId, t.externalSku),
  check('channel_listings_buffer_nonnegative', sql`${t.bufferStock} is null or ${t.bufferStock} >= 0`),
]);

export const promotionKinds = ['percent_off', 'amount_off', 'fixed_price'] as const;

/**
 * A time-boxed price change on [starts_at, ends_at). Null channel, product or variant means "every".
 * When several apply, the one giving the lowest price wins.
 */
export const promotions = pgTable('promotions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  channelId: text('channel_id').references(() => channels.id),
  productId: text('product_id').references(() => products.id),
  variantId: text('variant_id').references(() => variants.id),
  kind: text('kind', { enum: promotionKinds }).notNull(),
  /** Percent for `percent_off`, rupiah for `amount_off` and `fixed_price`. */
  value: bigint('value', { mode: 'number' }).notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('promotions_window_idx').on(t.startsAt, t.endsAt),
  check('promotions_kind_valid', sql`${t.kind} in ('percent_off', 'amount_off', 'fixed_price')`),
  check('promotions_window_valid', sql`${t.endsAt} > ${t.startsAt}`),
  check('promotions_value_valid', sql`${t.value} >= 0 and (${t.kind} <> 'percent_off' or ${t.value} <= 100)`),
]);

export const allocationStatuses = ['reserved', 'committed', 'released', 'returned'] as const;

/**
 * Stock held for one order line at one location (a component's row for a bundle line). A line may be
 * split across locations; `reason` records why the location was chosen.
 */
export const stockAllocations = pgTable('stock_allocations', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id),
  orderLineId: text('order_line_id').notNull().references(() => orderLines.id),
  variantId: text('variant_id').notNull().references(() => variants.id),
  locationId: text('location_id').notNull().references(() => locations.id),
  quantity: integer('quantity').notNull(),
  status: text('status', { enum: allocationStatuses }).notNull(),
  reason: text('reason').notNull(),
  /** Set when a physical event left this reservation without stock behind it. */
  shortage: integer('shortage').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('stock_allocations_order_idx').on(t.orderId),
  index('stock_allocations_variant_location_idx').on(t.variantId, t.locationId),
  check('stock_allocations_quantity_positive', sql`${t.quantity} > 0`),
  check('stock_allocations_status_valid', sql`${t.status} in ('reserved', 'committed', 'released', 'returned')`),
]);

/** Stock moving between two locations: `sent` takes it off the source, `received` puts it on the destination. */
export const stockTransfers = pgTable('stock_transfers', {
  id: text('id').primaryKey(),
  fromLocationId: text('from_location_id').notNull().references(() => locations.id),
  toLocationId: text('to_location_id').notNull().references(() => locations.id),
  status: text('status', { enum: ['sent', 'received'] }).notNull(),
  lines: jsonb('lines').$type<Array<{ variantId: string; quantity: number }>>().notNull(),
  actor: text('actor').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }),
}, (t) => [check('stock_transfers_distinct_locations', sql`${t.fromLocationId} <> ${t.toLocationId}`)]);

/** One counted (variant, location) of a stocktake, with the difference it applied. */
export const stockCounts = pgTable('stock_counts', {
  id: text('id').primaryKey(),
  stocktakeId: text('stocktake_id').notNull(),
  variantId: text('variant_id').notNull().references(() => variants.id),
  locationId: text('location_id').notNull().references(() => locations.id),
  counted: integer('counted').notNull(),
  previousOnHand: integer('previous_on_hand').notNull(),
  difference: integer('difference').notNull(),
  actor: text('actor').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('stock_counts_stocktake_variant_location_uq').on(t.stocktakeId, t.variantId, t.locationId),
  check('stock_counts_counted_nonnegative', sql`${t.counted} >= 0`),
]);
