import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/index.js';
import { AppError } from '../errors.js';
import { requireChannel, type ChannelRow } from './channels.js';
import { channelPrices, promotions, variants } from './schema.js';

const rounding = z.enum(['nearest', 'up', 'down']).default('nearest');

/** The price rules a channel may carry in `channels.price_rule`. */
export const priceRuleSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('markup_percent'),
    percent: z.number().min(-100).max(1000),
    round_to: z.number().int().positive().default(1),
    rounding,
  }),
  z.object({
    type: z.literal('markup_amount'),
    amount: z.number().int(),
    round_to: z.number().int().positive().default(1),
    rounding,
  }),
]);

export type PriceRule = z.infer<typeof priceRuleSchema>;

export interface PromotionTerms {
  kind: 'percent_off' | 'amount_off' | 'fixed_price';
  value: number;
}

export interface PriceInputs {
  basePrice: number;
  /** A fixed channel price for the variant (`channel_prices`); it wins over the channel's rule. */
  override: number | null;
  rule: PriceRule | null;
  /** Promotions already filtered to those active at the moment of pricing. */
  promotions: PromotionTerms[];
}

function roundTo(value: number, step: number, mode: PriceRule['rounding']): number {
  const units = value / step;
  if (mode === 'up') return Math.ceil(units) * step;
  if (mode === 'down') return Math.floor(units) * step;
  return Math.round(units) * step;
}

function applyRule(basePrice: number, rule: PriceRule): number {
  const raw = rule.type === 'markup_percent' ? basePrice * (1 + rule.percent / 100) : basePrice + rule.amount;
  return roundTo(raw, rule.round_to, rule.rounding);
}

function applyPromotion(price: number, promotion: PromotionTerms): number {
  if (promotion.kind === 'fixed_price') return promotion.value;
  if (promotion.kind === 'amount_off') return price - promotion.value;
  return Math.round(price * (1 - promotion.value / 100));
}

/**
 * Computes the price a channel shows, in whole rupiah: the channel's fixed price for the variant, else
 * its rule applied to the base price, else the base price; then the promotion giving the lowest price.
 * This is the only place a channel price is computed.
 */
export function computeChannelPrice(inputs: PriceInputs): number {
  const listPrice = inputs.override ?? (inputs.rule ? applyRule(inputs.basePrice, inputs.rule) : inputs.basePrice);
  let price = listPrice;
  for (const promotion of inputs.promotions) price = Math.min(price, applyPromotion(listPrice, promotion));
  return Math.max(0, price);
}

/** Parses a channel's stored rule; a rule that does not parse is a configuration error, not a price. */
export function parsePriceRule(channel: Pick<ChannelRow, 'code' | 'priceRule'>): PriceRule | null {
  if (channel.priceRule === null) return null;
  const parsed = priceRuleSchema.safeParse(channel.priceRule);
  if (!parsed.success) {
    throw new AppError('unprocessable', `Channel "${channel.code}" has an invalid price_rule: ${parsed.error.issues[0]?.message ?? 'unknown shape'}.`);
  }
  return parsed.data;
}

/** Computes the channel price of each variant at `at` (default now); unknown variants are absent. */
export async function priceVariantsForChannel(
  db: Executor,
  channel: ChannelRow,
  variantIds: string[],
  at: Date = new Date(),
): Promise<Map<string, number>> {
  const prices = new Map<string, number>();
  if (variantIds.length === 0) return prices;
  const rule = parsePriceRule(channel);

  const rows = await db.select({ id: variants.id, productId: variants.productId, basePrice: variants.basePrice, override: channelPrices.price })
    .from(variants)
    .leftJoin(channelPrices, and(eq(channelPrices.variantId, variants.id), eq(channelPrices.channelId, channel.id)))
    .where(inArray(variants.id, variantIds));
  const productIds = [...new Set(rows.map((row) => row.productId))];

  const active = await db.select({
    productId: promotions.productId, variantId: promotions.variantId, kind: promotions.kind, value: promotions.value,
  }).from(promotions).where(and(
    lte(promotions.startsAt, at),
    gt(promotions.endsAt, at),
    or(isNull(promotions.channelId), eq(promotions.channelId, channel.id)),
    or(isNull(promotions.variantId), inArray(promotions.variantId, variantIds)),
    or(isNull(promotions.productId), inArray(promotions.productId, productIds)),
  ));

  for (const row of rows) {
    const applicable = active.filter((promotion) =>
      (promotion.variantId === null || promotion.variantId === row.id)
      && (promotion.productId === null || promotion.productId === row.productId));
    prices.set(row.id, computeChannelPrice({ basePrice: row.basePrice, override: row.override, rule, promotions: applicable }));
  }
  return prices;
}

/** The price of one variant on one channel at `at`, or null when the variant does not exist. */
export async function getChannelPrice(
  db: Executor,
  input: { variantId: string; channelCode: string; at?: Date },
): Promise<number | null> {
  const channel = await requireChannel(db, input.channelCode);
  const prices = await priceVariantsForChannel(db, channel, [input.variantId], input.at);
  return prices.get(input.variantId) ?? null;
}
