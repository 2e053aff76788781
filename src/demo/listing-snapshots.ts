import { computeChannelPrice, type PriceRule } from '../inventory/index.js';
import { channelDefinitions, type ChannelDefinition } from './business.js';
import type { PlannedVariant } from './catalog.js';
import type { SeededRandom } from './random.js';
import { day } from './timeline.js';

/** A marketplace listing's price and stock as read back from the marketplace, beside the hub's figures. */
export interface PlannedListingSnapshot {
  channel: string;
  sku: string;
  listedPrice: number;
  expectedPrice: number;
  publishedStock: number;
  hubAvailable: number;
  recordedAt: Date;
}

/** Listings read back per marketplace per day. */
const listingsPerDay = 15;

function availableOn(channel: ChannelDefinition, variant: PlannedVariant): number {
  const onHand = channel.locations.reduce((sum, code) => sum + (variant.stock[code] ?? 0), 0);
  return Math.max(0, onHand - channel.bufferStock);
}

/**
 * Plans daily read-backs of marketplace listings over the 90 days before `asOf`. Mismatches fall from
 * about one in eight to one in thirty over the quarter, as they do once one hub pushes stock and
 * prices. The hub figures use today's stock, since the demo keeps no stock history.
 */
export function planListingSnapshots(
  random: SeededRandom, input: { variants: PlannedVariant[]; asOf: Date },
): PlannedListingSnapshot[] {
  const marketplaces = channelDefinitions.filter((channel) => channel.kind === 'marketplace');
  const snapshots: PlannedListingSnapshot[] = [];
  for (let daysBack = 90; daysBack >= 1; daysBack--) {
    const mismatchChance = 0.03 + 0.095 * (daysBack / 90);
    for (const channel of marketplaces) {
      for (const variant of random.sample(input.variants, listingsPerDay)) {
        const expectedPrice = computeChannelPrice({
          basePrice: variant.basePrice, override: null, rule: channel.priceRule as PriceRule | null, promotions: [],
        });
        const hubAvailable = availableOn(channel, variant);
        // A stale listing still shows the base price, before the marketplace markup.
        const listedPrice = random.chance(mismatchChance / 2) ? variant.basePrice : expectedPrice;
        const drift = random.chance(mismatchChance) ? random.pick([-2, -1, 1, 2, 3]) : 0;
        snapshots.push({
          channel: channel.code,
          sku: variant.sku,
          listedPrice,
          expectedPrice,
          publishedStock: Math.max(0, hubAvailable + drift),
          hubAvailable,
          recordedAt: new Date(input.asOf.getTime() - daysBack * day + random.int(0, 23 * 60) * 60_000),
        });
      }
    }
  }
  return snapshots;
}
