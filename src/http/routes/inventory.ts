import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import {
  adjustStock, findListingMismatches, orderLimits, getStockLevels, searchVariants, type StockLevel, type VariantOffer,
} from '../../inventory/index.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';
import { orderRoutes } from './inventory-orders.js';
import { priceRoutes } from './inventory-prices.js';
import { stockRoutes } from './inventory-stock.js';

export const inventoryRoutes = new Hono<AppEnv>();
inventoryRoutes.route('/', orderRoutes);
inventoryRoutes.route('/', stockRoutes);
inventoryRoutes.route('/', priceRoutes);

const variantSearchQuery = z.object({
  q: z.string().max(200).optional(),
  channel: z.string().min(1, 'channel code is required'),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

function offerJson(offer: VariantOffer) {
  return {
    variant_id: offer.variantId,
    sku: offer.sku,
    product_id: offer.productId,
    product_name: offer.productName,
    category: offer.category,
    options: offer.options,
    color: offer.color,
    size: offer.size,
    price: offer.price,
    available: offer.available,
  };
}

function levelJson(level: StockLevel) {
  return {
    sku: level.sku,
    location: level.locationCode,
    on_hand: level.onHand,
    reserved: level.reserved,
    safety_stock: level.safetyStock,
    available: level.available,
    shortage: level.shortage,
  };
}

inventoryRoutes.get('/catalog/variants', async (c) => {
  const query = readQuery(c, variantSearchQuery);
  const offers = await searchVariants(c.get('runtime').db, {
    channelCode: query.channel,
    ...(query.q !== undefined ? { query: query.q } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
  });
  return c.json({ items: offers.map(offerJson) });
});

inventoryRoutes.get('/inventory/levels', async (c) => {
  const { sku } = readQuery(c, z.object({ sku: z.string().min(1, 'sku is required') }));
  const levels = await getStockLevels(c.get('runtime').db, { sku });
  if (!levels) throw new AppError('not_found', `Unknown SKU "${sku}".`, { field: 'sku' });
  return c.json({ sku, items: levels.map(levelJson) });
});

const adjustmentBody = z.object({
  sku: z.string().min(1),
  location: z.string().min(1),
  delta: z.number().int().refine((delta) => delta !== 0, 'delta must not be 0').refine((delta) => Math.abs(delta) <= 1_000_000, 'delta is too large'),
  reason: z.string().trim().min(1, 'reason is required').max(500),
  idempotency_key: z.string().min(1).max(200).optional(),
});

inventoryRoutes.post('/inventory/adjustments', requireAuth(['integration']), async (c) => {
  const body = await readJson(c, adjustmentBody);
  const idempotencyKey = body.idempotency_key ?? c.req.header('idempotency-key');
  const result = await adjustStock(c.get('runtime').db, {
    sku: body.sku,
    locationCode: body.location,
    delta: body.delta,
    reason: body.reason,
    actor: `token:${c.get('principal').tokenId}`,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  switch (result.kind) {
    case 'adjusted':
      return c.json(levelJson(result.level), 201);
    case 'duplicate':
      return c.json(levelJson(result.level), 200);
    case 'idempotency_conflict':
      throw new AppError('conflict', `Idempotency key "${idempotencyKey}" was already used for another adjustment (SKU, location or delta differ); nothing changed.`, { field: 'idempotency_key' });
    case 'unknown_sku':
      throw new AppError('not_found', `Unknown SKU "${body.sku}".`, { field: 'sku' });
    case 'unknown_location':
      throw new AppError('not_found', `Unknown location code "${body.location}".`, { field: 'location' });
    case 'bundle_has_no_stock':
      throw new AppError('unprocessable', `"${body.sku}" is a bundle; adjust its components instead.`, { field: 'sku' });
    case 'insufficient_on_hand':
      throw new AppError('conflict', `On hand of ${body.sku} at ${body.location} is ${result.onHand}; it cannot drop by ${-body.delta}.`, { on_hand: result.onHand });
    case 'above_max_stock':
      throw new AppError('unprocessable', `On hand of ${body.sku} at ${body.location} is ${result.onHand}; adding ${body.delta} passes the limit of ${orderLimits.maxStockUnits} units.`, { field: 'delta', on_hand: result.onHand });
  }
});

inventoryRoutes.get('/inventory/listings/mismatches', async (c) => {
  const { channel } = readQuery(c, z.object({ channel: z.string().min(1, 'channel code is required') }));
  const mismatches = await findListingMismatches(c.get('runtime').db, { channelCode: channel });
  return c.json({
    channel,
    items: mismatches.map((item) => ({
      sku: item.sku,
      published_price: item.publishedPrice,
      book_price: item.bookPrice,
      published_available: item.publishedAvailable,
      available: item.available,
      price_differs: item.priceDiffers,
      stock_differs: item.stockDiffers,
    })),
  });
});
