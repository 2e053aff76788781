import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { createPromotion, orderLimits, priceRuleSchema, setChannelPrice, setChannelPriceRule, type PriceBookResult } from '../../inventory/index.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson } from '../validate.js';

/** Price book routes; only the owner sets prices. */
export const priceRoutes = new Hono<AppEnv>();
priceRoutes.use('/inventory/price-book/*', requireAuth(['owner']));

function failIfNotSaved(result: PriceBookResult | { kind: 'unknown_product'; handle: string }, channelCode: string | null): void {
  switch (result.kind) {
    case 'saved':
      return;
    case 'unknown_channel':
      throw new AppError('not_found', `Unknown channel "${channelCode}".`, { field: 'channel' });
    case 'unknown_sku':
      throw new AppError('not_found', `Unknown SKU "${result.sku}".`, { field: 'sku' });
    case 'unknown_product':
      throw new AppError('not_found', `Unknown product handle "${result.handle}".`, { field: 'product' });
  }
}

priceRoutes.put('/inventory/price-book/channels/:code/rule', async (c) => {
  const body = await readJson(c, z.object({ rule: priceRuleSchema.nullable() }));
  const channelCode = c.req.param('code');
  failIfNotSaved(await setChannelPriceRule(c.get('runtime').db, { channelCode, rule: body.rule }), channelCode);
  return c.json({ channel: channelCode, rule: body.rule });
});

priceRoutes.put('/inventory/price-book/channels/:code/prices', async (c) => {
  const body = await readJson(c, z.object({ sku: z.string().min(1), price: z.number().int().nonnegative().max(orderLimits.maxUnitPrice).nullable() }));
  const channelCode = c.req.param('code');
  failIfNotSaved(await setChannelPrice(c.get('runtime').db, { channelCode, sku: body.sku, price: body.price }), channelCode);
  return c.json({ channel: channelCode, sku: body.sku, price: body.price });
});

const promotionBody = z.object({
  name: z.string().trim().min(1).max(200),
  channel: z.string().min(1).nullable().default(null),
  product: z.string().min(1).nullable().default(null),
  sku: z.string().min(1).nullable().default(null),
  kind: z.enum(['percent_off', 'amount_off', 'fixed_price']),
  value: z.number().int().nonnegative().max(orderLimits.maxUnitPrice),
  starts_at: z.iso.datetime({ offset: true }),
  ends_at: z.iso.datetime({ offset: true }),
}).refine((body) => new Date(body.ends_at) > new Date(body.starts_at), { path: ['ends_at'], message: 'must be after starts_at' })
  .refine((body) => body.kind !== 'percent_off' || body.value <= 100, { path: ['value'], message: 'a percentage must be 100 or less' })
  .refine((body) => !(body.product && body.sku), { path: ['sku'], message: 'give a product or a SKU, not both' });

priceRoutes.post('/inventory/price-book/promotions', async (c) => {
  const body = await readJson(c, promotionBody);
  const result = await createPromotion(c.get('runtime').db, {
    name: body.name, channelCode: body.channel, productHandle: body.product, sku: body.sku,
    kind: body.kind, value: body.value, startsAt: new Date(body.starts_at), endsAt: new Date(body.ends_at),
  });
  failIfNotSaved(result, body.channel);
  return c.json({ id: result.kind === 'saved' ? result.promotionId : null, ...body }, 201);
});
