import { computeChannelPrice, type PriceRule } from '../inventory/index.js';
import { channelDefinitions, posStore, type ChannelDefinition } from './business.js';
import type { PlannedVariant } from './catalog.js';
import type { PlannedCustomer } from './customers.js';
import {
  drawCancelReason, planTimeline, type CancelReason, type FulfillmentType, type OrderTimeline,
} from './order-status.js';
import { OrderNumbers } from './order-numbers.js';
import type { SeededRandom } from './random.js';
import { drawPlacedAt } from './timeline.js';

export interface PlannedOrderLine {
  sku: string;
  locationCode: string;
  quantity: number;
  unitPrice: number;
}

export interface PlannedOrder extends OrderTimeline {
  channel: string;
  externalId: string;
  /** Index into the planned customers, or null for a walk-in POS sale without a member number. */
  customerIndex: number | null;
  fulfillmentType: FulfillmentType;
  /** Store of a BOPIS pickup or a POS sale. */
  locationCode: string | null;
  placedAt: Date;
  pickupCode: string | null;
  shippingCity: string | null;
  lines: PlannedOrderLine[];
  totalAmount: number;
}

const commerceChannels = channelDefinitions.filter((channel) => channel.orderShare > 0);
const channelByCode = new Map(channelDefinitions.map((channel) => [channel.code, channel]));

/** Share of POS sales rung up without a member number, so they belong to no customer. */
const walkInShare = 0.3;

/** Computes a variant's price on a channel with the inventory module's price rule. */
function priceOn(channel: ChannelDefinition, variant: PlannedVariant): number {
  return computeChannelPrice({
    basePrice: variant.basePrice, override: null, rule: channel.priceRule as PriceRule | null, promotions: [],
  });
}

function pickFulfillment(random: SeededRandom, channel: ChannelDefinition): FulfillmentType {
  if (channel.kind === 'pos') return 'pos';
  if (channel.kind === 'marketplace') return 'delivery';
  return random.chance(channel.code === 'website' ? 0.25 : 0.15) ? 'bopis' : 'delivery';
}

function pickFulfillingLocation(random: SeededRandom, channel: ChannelDefinition, store: string | null): string {
  if (store) return store;
  const stores = channel.locations.filter((code) => code !== 'gudang-bekasi');
  // Most parcels leave the warehouse, and the stores ship the rest.
  if (stores.length === 0 || random.chance(0.8)) return 'gudang-bekasi';
  return random.pick(stores);
}

/** Plans the lines of one order. An out-of-stock cancellation includes a variant the hub had two units of or fewer. */
function planLines(
  random: SeededRandom, channel: ChannelDefinition, variants: PlannedVariant[], scarce: PlannedVariant[],
  store: string | null, cancelReason: CancelReason | null,
): PlannedOrderLine[] {
  const lineCount = random.weighted([1, 2, 3], (n) => ({ 1: 70, 2: 22, 3: 8 })[n] ?? 0);
  const chosen = new Set<PlannedVariant>();
  if (cancelReason === 'out_of_stock') chosen.add(random.pick(scarce));
  while (chosen.size < lineCount) chosen.add(random.weighted(variants, (variant) => variant.popularity));
  const location = pickFulfillingLocation(random, channel, store);
  return [...chosen].map((variant) => ({
    sku: variant.sku,
    locationCode: location,
    quantity: random.chance(0.88) ? 1 : 2,
    unitPrice: priceOn(channel, variant),
  }));
}

interface OrderSlot {
  channel: ChannelDefinition;
  customer: PlannedCustomer | null;
}

/**
 * Chooses who orders where: every customer present on a selling channel ordered there at least once,
 * walk-ins fill part of the POS sales, and the rest follow each channel's share and each customer's activity.
 */
function planSlots(random: SeededRandom, customers: PlannedCustomer[], orderCount: number): OrderSlot[] {
  const slots: OrderSlot[] = [];
  const customersOn = new Map<string, PlannedCustomer[]>(commerceChannels.map((channel) => [channel.code, []]));
  for (const customer of customers) {
    for (const presence of customer.presences) {
      const channel = channelByCode.get(presence.channel);
      if (!channel || channel.orderShare === 0) continue;
      customersOn.get(channel.code)!.push(customer);
      slots.push({ channel, customer });
    }
  }
  while (slots.length < orderCount) {
    const channel = random.weighted(commerceChannels, (c) => c.orderShare);
    const pool = customersOn.get(channel.code)!;
    const walkIn = channel.kind === 'pos' && random.chance(walkInShare);
    if (pool.length === 0 && !walkIn) continue;
    slots.push({ channel, customer: walkIn ? null : random.weighted(pool, (customer) => customer.activity) });
  }
  return slots;
}

/** Plans the demo's orders over the 90 days before `asOf`, sorted by the time they were placed. */
export function planOrders(
  random: SeededRandom, input: { customers: PlannedCustomer[]; variants: PlannedVariant[]; orderCount: number; asOf: Date },
): PlannedOrder[] {
  const { customers, variants, asOf } = input;
  const scarce = variants.filter((variant) => Object.values(variant.stock).reduce((sum, units) => sum + units, 0) <= 2);
  const drafts = planSlots(random, customers, input.orderCount).map(({ channel, customer }) => {
    const fulfillmentType = pickFulfillment(random, channel);
    const store = fulfillmentType === 'pos'
      ? posStore[channel.code]!
      : fulfillmentType === 'bopis' ? random.pick(['toko-bandung', 'toko-surabaya']) : null;
    const placedAt = drawPlacedAt(random, asOf, fulfillmentType === 'pos');
    const cancelReason = drawCancelReason(random, fulfillmentType);
    const timeline = planTimeline(random, {
      fulfillment: fulfillmentType, placedAt, cancelReason, reservationTtlMinutes: channel.reservationTtlMinutes, asOf,
    });
    const lines = planLines(random, channel, variants, scarce, store, timeline.cancelReason);
    return {
      ...timeline,
      channel: channel.code,
      externalId: '',
      customerIndex: customer?.index ?? null,
      fulfillmentType,
      locationCode: store,
      placedAt,
      pickupCode: fulfillmentType === 'bopis' ? random.digits(6) : null,
      shippingCity: fulfillmentType === 'delivery' ? customer?.city ?? null : null,
      lines,
      totalAmount: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
    } satisfies PlannedOrder;
  });

  drafts.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
  const numbers = new OrderNumbers(random);
  for (const order of drafts) order.externalId = numbers.next(order.channel, order.placedAt);
  return drafts;
}
