import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { receiveTransfer, recordStockCount, sendTransfer } from '../../inventory/index.js';
import type { AppEnv } from '../types.js';
import { readJson } from '../validate.js';

export const stockRoutes = new Hono<AppEnv>();

const transferBody = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().max(1_000_000) })).min(1).max(500),
});

stockRoutes.post('/inventory/transfers', async (c) => {
  const body = await readJson(c, transferBody);
  const result = await sendTransfer(c.get('runtime').db, {
    fromCode: body.from, toCode: body.to, lines: body.lines, actor: `token:${c.get('principal').tokenId}`,
  });
  switch (result.kind) {
    case 'sent':
      return c.json({ id: result.transferId, status: 'sent' }, 201);
    case 'same_location':
      throw new AppError('unprocessable', 'A transfer needs two different locations.', { field: 'to' });
    case 'unknown_location':
      throw new AppError('not_found', `Unknown location code "${result.locationCode}".`, { field: result.locationCode === body.from ? 'from' : 'to' });
    case 'unknown_skus':
      throw new AppError('unprocessable', `Unknown SKU: ${result.skus.join(', ')}.`, { field: 'lines', skus: result.skus });
    case 'insufficient_stock':
      throw new AppError('insufficient_stock', `Not enough unreserved stock at ${body.from} for ${result.skus.join(', ')}. Nothing was sent.`, { items: result.skus.map((sku) => ({ sku })) });
  }
});

stockRoutes.post('/inventory/transfers/:id/receive', async (c) => {
  const id = c.req.param('id');
  const result = await receiveTransfer(c.get('runtime').db, { transferId: id, actor: `token:${c.get('principal').tokenId}` });
  if (result.kind === 'not_found') throw new AppError('not_found', `Transfer "${id}" not found.`);
  return c.json({ id, status: 'received' }, 200);
});

const stocktakeBody = z.object({
  location: z.string().min(1),
  stocktake_id: z.string().min(1).max(100).optional(),
  counts: z.array(z.object({ sku: z.string().min(1), counted: z.number().int().nonnegative().max(10_000_000) })).min(1).max(5000),
});

stockRoutes.post('/inventory/stocktakes', async (c) => {
  const body = await readJson(c, stocktakeBody);
  const result = await recordStockCount(c.get('runtime').db, {
    locationCode: body.location,
    counts: body.counts,
    actor: `token:${c.get('principal').tokenId}`,
    ...(body.stocktake_id ? { stocktakeId: body.stocktake_id } : {}),
  });
  switch (result.kind) {
    case 'recorded':
      return c.json({
        stocktake_id: result.stocktakeId,
        lines: result.lines.map((line) => ({ sku: line.sku, previous_on_hand: line.previousOnHand, counted: line.counted, difference: line.difference })),
      }, 201);
    case 'unknown_location':
      throw new AppError('not_found', `Unknown location code "${body.location}".`, { field: 'location' });
    case 'unknown_skus':
      throw new AppError('unprocessable', `Unknown or bundle SKU: ${result.skus.join(', ')}. Count bundles by their components.`, { field: 'counts', skus: result.skus });
  }
});
