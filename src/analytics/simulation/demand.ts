import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';

/** One customer's wish to buy: a channel, a variant and a quantity at a moment of the season. */
export interface DemandEvent {
  index: number;
  at: Date;
  channelCode: string;
  sku: string;
  variantId: string;
  quantity: number;
  unitPrice: number;
}

/** Channels the simulation sells on, with their share of demand in percent. */
export const simulatedChannels = [
  { code: 'shopee', share: 30 }, { code: 'tokopedia', share: 20 }, { code: 'tiktok-shop', share: 12 },
  { code: 'website', share: 16 }, { code: 'pos-bandung', share: 12 }, { code: 'pos-surabaya', share: 10 },
] as const;

export interface DemandOptions {
  seed: number;
  days: number;
  ordersPerDay: number;
  start: Date;
}

/** Creates mulberry32, a small seeded generator of numbers in [0, 1), so that every run replays the same season. */
export function createSeededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Plans a season of demand over the variants in stock. Popularity follows a Zipf law (weight 1/rank),
 * so the best sellers run out during the season while the tail does not.
 */
export async function planDemand(db: Executor, options: DemandOptions): Promise<DemandEvent[]> {
  const variants = await queryRows<{ id: string; sku: string; base_price: unknown }>(db, sql`
    select v.id, v.sku, v.base_price from variants v
    where exists (select 1 from stock_levels s where s.variant_id = v.id and s.on_hand > s.reserved)
    order by v.sku`);
  const random = createSeededRandom(options.seed);
  // Shuffle the ranks with the seed, so popularity does not follow SKU order.
  const ranked = variants.map((variant) => ({ variant, key: random() })).sort((left, right) => left.key - right.key).map((entry) => entry.variant);
  const weights = ranked.map((_, rank) => 1 / (rank + 1));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const channelTotal = simulatedChannels.reduce((sum, channel) => sum + channel.share, 0);

  const pick = <Item>(items: readonly Item[], weightOf: (item: Item, index: number) => number, total: number): Item => {
    let remaining = random() * total;
    for (const [index, item] of items.entries()) {
      remaining -= weightOf(item, index);
      if (remaining <= 0) return item;
    }
    return items[items.length - 1]!;
  };

  const events: DemandEvent[] = [];
  const count = options.days * options.ordersPerDay;
  const seasonMs = options.days * 86_400_000;
  for (let index = 0; index < count; index += 1) {
    const variant = pick(ranked, (_, rank) => weights[rank]!, totalWeight);
    const channel = pick(simulatedChannels, (item) => item.share, channelTotal);
    events.push({
      index,
      at: new Date(options.start.getTime() + Math.floor(random() * seasonMs)),
      channelCode: channel.code,
      sku: variant.sku,
      variantId: variant.id,
      quantity: random() < 0.8 ? 1 : 2,
      unitPrice: Number(variant.base_price),
    });
  }
  return events.sort((left, right) => left.at.getTime() - right.at.getTime() || left.index - right.index);
}
