import { and, eq, inArray } from 'drizzle-orm';
import { defaultLoyaltyRule, earnOrderPoints, type LoyaltyRule } from '../cdp/index.js';
import { newId, type Executor } from '../db/index.js';
import {
  commitOrderAllocations, reserveNeed, sellNeedNow, StockUnavailable, syncLineLocations, type AllocationPlan, type StockNeed,
} from './allocations.js';
import { findChannel, type ChannelRow } from './channels.js';
import { generatePickupCode } from './fulfillment.js';
import { emitOrderChanged, emitStockChanged, inRetryingTransaction } from './ledger.js';
import { getOrder, type OrderView } from './order-view.js';
import { priceVariantsForChannel } from './pricing.js';
import { bundleComponents, channelLocations, locations, orderLines, orders, variants } from './schema.js';
import { resolveShortages } from './shortage.js';
import { reportUnavailable, type UnavailableItem } from './unavailable.js';

export type FulfillmentRequest =
  | { type: 'delivery'; city?: string | null }
  | { type: 'bopis'; locationCode: string }
  | { type: 'pos'; locationCode: string };

export interface CreateOrderInput {
  channelCode: string;
  /** The order's id in the channel; a repeated (channel, external id) returns the stored order. */
  externalId: string;
  /** The customer profile (CDP) the order belongs to, resolved by the caller; null for a walk-in. */
  profileId?: string | null;
  lines: Array<{ sku: string; quantity: number; unitPrice?: number }>;
  fulfillment: FulfillmentRequest;
  /** A marketplace order that arrives paid is committed at once. POS sales always are. */
  paid?: boolean;
  placedAt?: Date;
  /** Rule for the loyalty points an order paid at creation earns; one point per Rp10.000 when unset. */
  loyaltyRule?: LoyaltyRule;
  actor: string;
}

export type CreateOrderResult =
  | { kind: 'created'; order: OrderView }
  | { kind: 'existing'; order: OrderView }
  | { kind: 'insufficient_stock'; items: UnavailableItem[] }
  | { kind: 'unknown_channel' }
  | { kind: 'unknown_skus'; skus: string[] }
  | { kind: 'invalid_location'; locationCode: string; reason: string }
  | { kind: 'pos_needs_pos_channel'; channelKind: string }
  /** The (channel, external id) exists with other lines: the caller reused the key for another order. */
  | { kind: 'idempotency_conflict'; order: OrderView };

/** Thrown inside the transaction when a concurrent create of the same order won; the stored order is returned. */
class DuplicateOrder extends Error {}

interface ResolvedLine {
  lineNo: number;
  sku: string;
  variantId: string;
  quantity: number;
  unitPrice: number;
}

async function resolveLines(db: Executor, channel: ChannelRow, input: CreateOrderInput, at: Date): Promise<ResolvedLine[] | { unknown: string[] }> {
  const skus = [...new Set(input.lines.map((line) => line.sku))];
  const rows = await db.select({ id: variants.id, sku: variants.sku }).from(variants).where(inArray(variants.sku, skus));
  const idBySku = new Map(rows.map((row) => [row.sku, row.id]));
  const unknown = skus.filter((sku) => !idBySku.has(sku));
  if (unknown.length > 0) return { unknown };
  const prices = await priceVariantsForChannel(db, channel, [...idBySku.values()], at);
  return input.lines.map((line, index) => {
    const variantId = idBySku.get(line.sku)!;
    return { lineNo: index + 1, sku: line.sku, variantId, quantity: line.quantity, unitPrice: line.unitPrice ?? prices.get(variantId)! };
  });
}

/**
 * Expands lines into stock needs: a bundle line needs each component times the bundle quantity. Needs
 * are sorted by variant so that concurrent orders lock a variant's stock rows in the same order. A
 * deadlock that remains possible (two delivery orders ranking the same variant's locations in opposite
 * order) is retried by the caller's transaction.
 */
async function stockNeeds(db: Executor, lines: Array<ResolvedLine & { id: string }>): Promise<StockNeed[]> {
  const components = await db.select().from(bundleComponents)
    .where(inArray(bundleComponents.bundleVariantId, lines.map((line) => line.variantId)));
  const needs = lines.flatMap((line) => {
    const parts = components.filter((component) => component.bundleVariantId === line.variantId);
    if (parts.length === 0) return [{ orderLineId: line.id, orderedSku: line.sku, variantId: line.variantId, quantity: line.quantity }];
    return parts.map((part) => ({
      orderLineId: line.id, orderedSku: line.sku, variantId: part.componentVariantId, quantity: line.quantity * part.quantity,
    }));
  });
  return needs.sort((a, b) => a.variantId.localeCompare(b.variantId));
}

async function findStoreLocation(db: Executor, code: string): Promise<{ id: string; kind: string } | null> {
  const rows = await db.select({ id: locations.id, kind: locations.kind }).from(locations).where(eq(locations.code, code)).limit(1);
  return rows[0] ?? null;
}

async function servesChannel(db: Executor, channelId: string, locationId: string): Promise<boolean> {
  const rows = await db.select({ id: channelLocations.locationId }).from(channelLocations)
    .where(and(eq(channelLocations.channelId, channelId), eq(channelLocations.locationId, locationId))).limit(1);
  return rows.length > 0;
}

/** True when the stored order has the same lines (SKU and quantity, in order) as the repeated request. */
function sameLines(order: OrderView, lines: CreateOrderInput['lines']): boolean {
  return order.lines.length === lines.length
    && order.lines.every((line, index) => line.sku === lines[index]!.sku && line.quantity === lines[index]!.quantity);
}

function repeated(order: OrderView, input: CreateOrderInput): CreateOrderResult {
  return sameLines(order, input.lines) ? { kind: 'existing', order } : { kind: 'idempotency_conflict', order };
}

async function existingOrder(db: Executor, channel: ChannelRow, externalId: string): Promise<OrderView | null> {
  const rows = await db.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.channelId, channel.id), eq(orders.externalId, externalId))).limit(1);
  return rows[0] ? getOrder(db, { orderId: rows[0].id }) : null;
}

/**
 * Creates an order and reserves every line at once, all or none. Delivery lines go to locations chosen
 * by the ship-from-store rule, BOPIS lines to the chosen store. A POS sale takes the goods off the
 * shelf immediately. An order paid at creation (POS, or `paid`) earns its profile's loyalty points in
 * the same transaction. Insufficient stock leaves nothing reserved and names the SKUs short.
 */
export async function createOrder(db: Executor, input: CreateOrderInput): Promise<CreateOrderResult> {
  const channel = await findChannel(db, input.channelCode);
  if (!channel) return { kind: 'unknown_channel' };
  const stored = await existingOrder(db, channel, input.externalId);
  if (stored) return repeated(stored, input);

  const placedAt = input.placedAt ?? new Date();
  const lines = await resolveLines(db, channel, input, placedAt);
  if ('unknown' in lines) return { kind: 'unknown_skus', skus: lines.unknown };

  let storeId: string | null = null;
  if (input.fulfillment.type !== 'delivery') {
    const store = await findStoreLocation(db, input.fulfillment.locationCode);
    if (!store) return { kind: 'invalid_location', locationCode: input.fulfillment.locationCode, reason: 'unknown location code' };
    if (input.fulfillment.type === 'bopis' && store.kind !== 'store') {
      return { kind: 'invalid_location', locationCode: input.fulfillment.locationCode, reason: 'BOPIS needs a store, not a warehouse' };
    }
    if (input.fulfillment.type === 'pos' && channel.kind !== 'pos') return { kind: 'pos_needs_pos_channel', channelKind: channel.kind };
    if (!(await servesChannel(db, channel.id, store.id))) {
      return { kind: 'invalid_location', locationCode: input.fulfillment.locationCode, reason: `it does not serve channel ${channel.code}` };
    }
    storeId = store.id;
  }

  const orderId = newId('ord');
  const fulfillment = input.fulfillment;
  const city = fulfillment.type === 'delivery' ? fulfillment.city ?? null : null;
  try {
    await inRetryingTransaction(db, async (tx) => {
      const isPos = fulfillment.type === 'pos';
      const paidNow = isPos || Boolean(input.paid);
      const inserted = await tx.insert(orders).values({
        id: orderId,
        channelId: channel.id,
        externalId: input.externalId,
        profileId: input.profileId ?? null,
        status: isPos ? 'picked_up' : 'reserved',
        fulfillmentType: fulfillment.type,
        locationId: storeId,
        totalAmount: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
        placedAt,
        paidAt: isPos ? placedAt : null,
        pickedUpAt: isPos ? placedAt : null,
        reservationExpiresAt: paidNow ? null : new Date(Date.now() + channel.reservationTtlMinutes * 60_000),
        pickupCode: fulfillment.type === 'bopis' ? generatePickupCode() : null,
        shippingCity: city,
      }).onConflictDoNothing().returning({ id: orders.id });
      if (inserted.length === 0) throw new DuplicateOrder();

      const lineRows = lines.map((line) => ({ ...line, id: newId('oln') }));
      await tx.insert(orderLines).values(lineRows.map((line) => ({
        id: line.id, orderId, lineNo: line.lineNo, variantId: line.variantId, quantity: line.quantity, unitPrice: line.unitPrice,
      })));

      const needs = await stockNeeds(tx, lineRows);
      let status: 'picked_up' | 'paid' | 'reserved' = 'reserved';
      if (isPos) status = 'picked_up';
      else if (paidNow) status = 'paid';
      // The outbox rows go first so that the stock rows, once locked below, are held only until commit.
      await emitStockChanged(tx, { variantIds: needs.map((need) => need.variantId), locationIds: storeId ? [storeId] : [], cause: `order:${orderId}` });
      await emitOrderChanged(tx, { orderId, channelCode: channel.code, externalId: input.externalId, status });

      const plan: AllocationPlan = storeId
        ? { kind: 'fixed', locationId: storeId, reason: `bopis: pickup at ${fulfillment.type === 'bopis' ? fulfillment.locationCode : ''}` }
        : { kind: 'delivery', channelId: channel.id, city };
      const short = new Set<string>();
      for (const need of needs) {
        const ok = isPos
          ? await sellNeedNow(tx, orderId, need, storeId!, input.actor)
          : await reserveNeed(tx, orderId, need, plan, input.actor);
        if (!ok) short.add(need.orderedSku);
      }
      if (short.size > 0) throw new StockUnavailable([...short]);
      await syncLineLocations(tx, orderId);

      if (isPos) await resolveShortages(tx, needs.map((need) => ({ variantId: need.variantId, locationId: storeId! })), input.actor);
      if (paidNow && !isPos) {
        await commitOrderAllocations(tx, orderId, input.actor, (variantId) => needs.find((need) => need.variantId === variantId)!.orderedSku);
        await tx.update(orders).set({ status: 'paid', paidAt: placedAt }).where(eq(orders.id, orderId));
      }
      if (paidNow && input.profileId) await earnOrderPoints(tx, { orderId, rule: input.loyaltyRule ?? defaultLoyaltyRule, actor: input.actor });
    });
  } catch (error) {
    if (error instanceof DuplicateOrder) return repeated((await existingOrder(db, channel, input.externalId))!, input);
    if (error instanceof StockUnavailable) {
      return { kind: 'insufficient_stock', items: await reportUnavailable(db, { channel, lines, skus: error.skus, storeId, posSale: fulfillment.type === 'pos' }) };
    }
    throw error;
  }
  return { kind: 'created', order: (await getOrder(db, { orderId }))! };
}
