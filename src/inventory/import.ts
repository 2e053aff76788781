import { eq, inArray } from 'drizzle-orm';
import { newId, type Executor } from '../db/index.js';
import { inTransaction } from './ledger.js';
import { orderLimits } from './limits.js';
import { bundleComponents, channelPrices, channels, locations, products, variants } from './schema.js';
import { catalogColumns, readSheet, type SheetFormat } from './spreadsheet.js';
import { recordStockCount } from './stocktake.js';

/** One invalid cell, numbered as the spreadsheet shows it (the header is row 1). */
export interface ImportRowError {
  row: number;
  column: string;
  value: string;
  reason: string;
}

interface CatalogRow {
  row: number;
  handle: string;
  productName: string;
  category: string;
  description: string;
  sku: string;
  barcode: string | null;
  color: string | null;
  size: string | null;
  weightGrams: number;
  basePrice: number;
  prices: Map<string, number>;
  stock: Map<string, number>;
}

export interface ImportSummary {
  rows: number;
  productsCreated: number;
  variantsCreated: number;
  variantsUpdated: number;
  pricesSet: number;
  stockCounts: number;
}

export type ImportCatalogResult =
  | { kind: 'invalid'; errors: ImportRowError[] }
  | { kind: 'checked'; summary: ImportSummary }
  | { kind: 'imported'; summary: ImportSummary };

/** Parses a whole number written as `150000`, `150.000` or `Rp150.000`; null when it is not one. */
export function parseRupiah(text: string): number | null {
  const digits = text.replace(/^rp\s?/i, '').trim();
  if (!/^\d{1,3}(\.\d{3})+$|^\d+$/.test(digits)) return null;
  const value = Number(digits.replaceAll('.', ''));
  return Number.isSafeInteger(value) ? value : null;
}

const handlePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

async function checkHeader(db: Executor, header: string[]): Promise<{ errors: ImportRowError[]; channelIds: Map<string, string>; locationIds: Map<string, string> }> {
  const errors: ImportRowError[] = [];
  for (const column of catalogColumns) {
    if (!header.includes(column)) errors.push({ row: 1, column, value: '', reason: 'required column is missing' });
  }
  const channelCodes = header.filter((name) => name.startsWith('price:')).map((name) => name.slice(6));
  const locationCodes = header.filter((name) => name.startsWith('stock:')).map((name) => name.slice(6));
  const channelRows = channelCodes.length ? await db.select({ id: channels.id, code: channels.code }).from(channels).where(inArray(channels.code, channelCodes)) : [];
  const locationRows = locationCodes.length ? await db.select({ id: locations.id, code: locations.code }).from(locations).where(inArray(locations.code, locationCodes)) : [];
  const channelIds = new Map(channelRows.map((row) => [row.code, row.id]));
  const locationIds = new Map(locationRows.map((row) => [row.code, row.id]));
  for (const name of header) {
    if (name.startsWith('price:') && !channelIds.has(name.slice(6))) errors.push({ row: 1, column: name, value: name, reason: 'unknown channel code' });
    else if (name.startsWith('stock:') && !locationIds.has(name.slice(6))) errors.push({ row: 1, column: name, value: name, reason: 'unknown location code' });
    else if (!name.startsWith('price:') && !name.startsWith('stock:') && !(catalogColumns as readonly string[]).includes(name)) {
      errors.push({ row: 1, column: name, value: name, reason: 'unknown column' });
    }
  }
  return { errors, channelIds, locationIds };
}

function checkRow(header: string[], cells: string[], rowNumber: number, errors: ImportRowError[]): CatalogRow {
  const cell = (column: string) => cells[header.indexOf(column)] ?? '';
  const fail = (column: string, reason: string) => errors.push({ row: rowNumber, column, value: cell(column), reason });
  const required = (column: string) => {
    if (cell(column) === '') fail(column, 'required');
    return cell(column);
  };

  const handle = required('product_handle');
  if (handle && !handlePattern.test(handle)) fail('product_handle', 'use lowercase letters, digits and single hyphens');
  const basePrice = parseRupiah(cell('base_price'));
  if (basePrice === null) fail('base_price', 'must be a whole rupiah amount such as 150000 or 150.000');
  else if (basePrice > orderLimits.maxUnitPrice) fail('base_price', 'must be at most Rp1.000.000.000');
  const weight = cell('weight_grams') === '' ? 0 : Number(cell('weight_grams'));
  if (!Number.isInteger(weight) || weight < 0) fail('weight_grams', 'must be a whole number of grams, 0 or more');

  const prices = new Map<string, number>();
  const stock = new Map<string, number>();
  for (const column of header) {
    const text = cell(column);
    if (text === '') continue;
    if (column.startsWith('price:')) {
      const price = parseRupiah(text);
      if (price === null) fail(column, 'must be a whole rupiah amount');
      else if (price > orderLimits.maxUnitPrice) fail(column, 'must be at most Rp1.000.000.000');
      else prices.set(column.slice(6), price);
    } else if (column.startsWith('stock:')) {
      const units = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(units)) fail(column, 'must be a whole number of units, 0 or more');
      else if (units > orderLimits.maxStockUnits) fail(column, 'must be at most 10,000,000 units');
      else stock.set(column.slice(6), units);
    }
  }
  return {
    row: rowNumber, handle, productName: required('product_name'), category: required('category'), description: cell('description'),
    sku: required('sku'), barcode: cell('barcode') || null, color: cell('color') || null, size: cell('size') || null,
    weightGrams: weight, basePrice: basePrice ?? 0, prices, stock,
  };
}

function checkDuplicates(rows: CatalogRow[], errors: ImportRowError[]): void {
  const firstBySku = new Map<string, number>();
  const firstByBarcode = new Map<string, number>();
  for (const row of rows) {
    const sku = firstBySku.get(row.sku);
    if (row.sku && sku !== undefined) errors.push({ row: row.row, column: 'sku', value: row.sku, reason: `repeats the SKU of row ${sku}` });
    else firstBySku.set(row.sku, row.row);
    if (!row.barcode) continue;
    const barcode = firstByBarcode.get(row.barcode);
    if (barcode !== undefined) errors.push({ row: row.row, column: 'barcode', value: row.barcode, reason: `repeats the barcode of row ${barcode}` });
    else firstByBarcode.set(row.barcode, row.row);
  }
}

/** Rejects stock cells on bundles, because a bundle's stock is its components'. */
async function checkBundleStock(db: Executor, rows: CatalogRow[], errors: ImportRowError[]): Promise<void> {
  const stocked = rows.filter((row) => row.stock.size > 0 && row.sku);
  if (stocked.length === 0) return;
  const bundles = new Set((await db.select({ sku: variants.sku }).from(variants)
    .innerJoin(bundleComponents, eq(bundleComponents.bundleVariantId, variants.id))
    .where(inArray(variants.sku, stocked.map((row) => row.sku)))).map((row) => row.sku));
  for (const row of stocked.filter((item) => bundles.has(item.sku))) {
    for (const [locationCode, units] of row.stock) {
      errors.push({ row: row.row, column: `stock:${locationCode}`, value: String(units), reason: 'a bundle has no stock of its own; leave the cell empty' });
    }
  }
}

/**
 * Imports products, variants, channel prices and stock per location from the catalog sheet. Every row
 * is checked first; when any is invalid, nothing is written and every error is returned. A dry run
 * stops after the check. Stock cells set on hand like a stock count, with the difference in the ledger.
 */
export async function importCatalog(
  db: Executor,
  input: { format: SheetFormat; content: Uint8Array; dryRun: boolean; actor: string },
): Promise<ImportCatalogResult> {
  let sheet: string[][];
  try {
    sheet = await readSheet(input.format, input.content);
  } catch (error) {
    return { kind: 'invalid', errors: [{ row: 1, column: '', value: '', reason: `the file could not be read as ${input.format}: ${(error as Error).message}` }] };
  }
  const [header = [], ...body] = sheet;
  const { errors, channelIds, locationIds } = await checkHeader(db, header);
  if (errors.length > 0) return { kind: 'invalid', errors };
  const rows = body.map((cells, index) => checkRow(header, cells, index + 2, errors));
  checkDuplicates(rows, errors);
  await checkBundleStock(db, rows, errors);
  if (rows.length === 0) errors.push({ row: 2, column: '', value: '', reason: 'the sheet has no data rows' });
  if (errors.length > 0) return { kind: 'invalid', errors: errors.sort((a, b) => a.row - b.row) };

  const existingVariants = new Set((await db.select({ sku: variants.sku }).from(variants).where(inArray(variants.sku, rows.map((row) => row.sku)))).map((row) => row.sku));
  const existingProducts = new Set((await db.select({ handle: products.handle }).from(products).where(inArray(products.handle, rows.map((row) => row.handle)))).map((row) => row.handle));
  const summary: ImportSummary = {
    rows: rows.length,
    productsCreated: new Set(rows.map((row) => row.handle).filter((handle) => !existingProducts.has(handle))).size,
    variantsCreated: rows.filter((row) => !existingVariants.has(row.sku)).length,
    variantsUpdated: rows.filter((row) => existingVariants.has(row.sku)).length,
    pricesSet: rows.reduce((sum, row) => sum + row.prices.size, 0),
    stockCounts: rows.reduce((sum, row) => sum + row.stock.size, 0),
  };
  if (input.dryRun) return { kind: 'checked', summary };

  await inTransaction(db, (tx) => applyRows(tx, rows, { channelIds, locationIds, actor: input.actor }));
  return { kind: 'imported', summary };
}

async function applyRows(
  tx: Executor,
  rows: CatalogRow[],
  context: { channelIds: Map<string, string>; locationIds: Map<string, string>; actor: string },
): Promise<void> {
  const productIds = new Map<string, string>();
  for (const row of rows) {
    if (productIds.has(row.handle)) continue;
    const [product] = await tx.insert(products)
      .values({ id: newId('prd'), handle: row.handle, name: row.productName, category: row.category, description: row.description })
      .onConflictDoUpdate({ target: products.handle, set: { name: row.productName, category: row.category, description: row.description } })
      .returning({ id: products.id });
    productIds.set(row.handle, product!.id);
  }

  const countsByLocation = new Map<string, Array<{ sku: string; counted: number }>>();
  for (const row of rows) {
    const options: Record<string, string> = {};
    if (row.color) options.color = row.color;
    if (row.size) options.size = row.size;
    const fields = {
      productId: productIds.get(row.handle)!, barcode: row.barcode, color: row.color, size: row.size, options,
      weightGrams: row.weightGrams, basePrice: row.basePrice,
    };
    const [variant] = await tx.insert(variants).values({ id: newId('var'), sku: row.sku, ...fields })
      .onConflictDoUpdate({ target: variants.sku, set: fields }).returning({ id: variants.id });
    for (const [channelCode, price] of row.prices) {
      await tx.insert(channelPrices).values({ channelId: context.channelIds.get(channelCode)!, variantId: variant!.id, price })
        .onConflictDoUpdate({ target: [channelPrices.channelId, channelPrices.variantId], set: { price } });
    }
    for (const [locationCode, counted] of row.stock) {
      countsByLocation.set(locationCode, [...(countsByLocation.get(locationCode) ?? []), { sku: row.sku, counted }]);
    }
  }
  const importId = newId('imp');
  for (const [locationCode, counts] of countsByLocation) {
    const result = await recordStockCount(tx, { locationCode, counts, actor: context.actor, stocktakeId: `${importId}:${locationCode}` });
    // The checks above rule these out; failing here rolls the whole import back rather than skip stock.
    if (result.kind !== 'recorded') throw new Error(`import ${importId}: stock at ${locationCode} not recorded (${result.kind})`);
  }
}
