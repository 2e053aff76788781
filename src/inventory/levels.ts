import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { locations, stockLevels, variants } from './schema.js';

/** One (variant, location) stock row as the API reports it. */
export interface StockLevel {
  sku: string;
  locationCode: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** on_hand − reserved − safety, never below 0. */
  available: number;
  /** Reserved units with no stock behind them after a physical event (POS sale, count). */
  shortage: number;
}

function toLevel(row: { sku: string; locationCode: string; onHand: number; reserved: number; safetyStock: number }): StockLevel {
  return {
    ...row,
    available: Math.max(0, row.onHand - row.reserved - row.safetyStock),
    shortage: Math.max(0, row.reserved - row.onHand),
  };
}

/** Stock of a variant at every location (locations without a row report 0), or null for an unknown SKU. */
export async function getStockLevels(db: Executor, input: { sku: string }): Promise<StockLevel[] | null> {
  const variant = await db.select({ id: variants.id }).from(variants).where(eq(variants.sku, input.sku)).limit(1);
  if (!variant[0]) return null;
  const rows = await db.select({
    locationCode: locations.code,
    onHand: sql<number>`coalesce(${stockLevels.onHand}, 0)`.mapWith(Number),
    reserved: sql<number>`coalesce(${stockLevels.reserved}, 0)`.mapWith(Number),
    safetyStock: sql<number>`coalesce(${stockLevels.safetyStock}, 0)`.mapWith(Number),
  }).from(locations)
    .leftJoin(stockLevels, and(eq(stockLevels.locationId, locations.id), eq(stockLevels.variantId, variant[0].id)))
    .orderBy(locations.code);
  return rows.map((row) => toLevel({ sku: input.sku, ...row }));
}

/** Reads the stock row of one (variant, location) inside the caller's transaction. */
export async function readLevel(db: Executor, input: { variantId: string; locationId: string; sku: string; locationCode: string }): Promise<StockLevel> {
  const rows = await db.select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved, safetyStock: stockLevels.safetyStock })
    .from(stockLevels)
    .where(and(eq(stockLevels.variantId, input.variantId), eq(stockLevels.locationId, input.locationId)));
  const row = rows[0] ?? { onHand: 0, reserved: 0, safetyStock: 0 };
  return toLevel({ sku: input.sku, locationCode: input.locationCode, ...row });
}
