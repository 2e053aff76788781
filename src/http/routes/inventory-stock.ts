import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import {
  exportCatalog, importCatalog, receiveTransfer, recordStockCount, sendTransfer, type ImportSummary,
} from '../../inventory/index.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';

export const stockRoutes = new Hono<AppEnv>();

/** Stock writes are for the shop's systems and the owner; agents only read. */
const canWrite = requireAuth(['integration']);

const transferBody = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().max(1_000_000) })).min(1).max(500),
});

stockRoutes.post('/inventory/transfers', canWrite, async (c) => {
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

stockRoutes.post('/inventory/transfers/:id/receive', canWrite, async (c) => {
  const id = c.req.param('id');
  const result = await receiveTransfer(c.get('runtime').db, { transferId: id, actor: `token:${c.get('principal').tokenId}` });
  if (result.kind === 'not_found') throw new AppError('not_found', `Transfer "${id}" not found.`);
  return c.json({ id, status: 'received' }, 200);
});

const stocktakeBody = z.object({
  location: z.string().min(1),
  stocktake_id: z.string().min(1).max(100).optional(),
  counts: z.array(z.object({ sku: z.string().min(1), counted: z.number().int().nonnegative().max(10_000_000) })).min(1).max(5000)
    .superRefine((counts, ctx) => {
      // One count per SKU: two lines for the same SKU at one location contradict each other.
      const firstLine = new Map<string, number>();
      counts.forEach((count, index) => {
        const first = firstLine.get(count.sku);
        if (first === undefined) firstLine.set(count.sku, index);
        else ctx.addIssue({ code: 'custom', path: [index, 'sku'], message: `duplicate of counts.${first}.sku (${count.sku}); count each SKU once` });
      });
    }),
});

stockRoutes.post('/inventory/stocktakes', canWrite, async (c) => {
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

const sheetQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  dry_run: z.enum(['true', 'false']).default('false'),
});

const contentTypes = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

function importSummaryJson(summary: ImportSummary) {
  return {
    rows: summary.rows,
    products_created: summary.productsCreated,
    variants_created: summary.variantsCreated,
    variants_updated: summary.variantsUpdated,
    prices_set: summary.pricesSet,
    stock_counts: summary.stockCounts,
  };
}

stockRoutes.post('/inventory/import', canWrite, async (c) => {
  const query = readQuery(c, sheetQuery);
  const content = new Uint8Array(await c.req.arrayBuffer());
  if (content.byteLength === 0) throw new AppError('validation_failed', 'Send the spreadsheet as the request body.', { invalid_fields: [{ name: '(body)', reason: 'empty' }] });
  const result = await importCatalog(c.get('runtime').db, {
    format: query.format, content, dryRun: query.dry_run === 'true', actor: `token:${c.get('principal').tokenId}`,
  });
  if (result.kind === 'invalid') {
    throw new AppError('unprocessable', `${result.errors.length} cell(s) are invalid; nothing was imported.`, {
      errors: result.errors.map((error) => ({ row: error.row, column: error.column, value: error.value, reason: error.reason })),
    });
  }
  return c.json({ dry_run: result.kind === 'checked', ...importSummaryJson(result.summary) }, result.kind === 'imported' ? 201 : 200);
});

stockRoutes.get('/inventory/export', async (c) => {
  const { format } = readQuery(c, sheetQuery.pick({ format: true }));
  const content = await exportCatalog(c.get('runtime').db, { format });
  return c.body(content as unknown as ArrayBuffer, 200, {
    'Content-Type': contentTypes[format],
    'Content-Disposition': `attachment; filename="satu-katalog.${format}"`,
  });
});
