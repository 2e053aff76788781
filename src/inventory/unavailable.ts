import { eq } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { computeChannelAvailability, listLocationStock } from './availability.js';
import type { ChannelRow } from './channels.js';
import { locations } from './schema.js';

/** A SKU an order asked for more of than the stock can give, for the 409 problem. */
export interface UnavailableItem {
  sku: string;
  requested: number;
  /**
   * Units the stock could give this order now: on hand at the till for a POS sale, available at the
   * chosen store for BOPIS, or available over the channel's locations for a delivery.
   */
  available: number;
}

/** Reports, after the failed reservation was rolled back, how many units of each short SKU are available. */
export async function reportUnavailable(
  db: Executor,
  input: { channel: ChannelRow; lines: Array<{ sku: string; variantId: string; quantity: number }>; skus: string[]; storeId: string | null; posSale: boolean },
): Promise<UnavailableItem[]> {
  const requested = new Map<string, { variantId: string; quantity: number }>();
  for (const line of input.lines.filter((item) => input.skus.includes(item.sku))) {
    const entry = requested.get(line.sku) ?? { variantId: line.variantId, quantity: 0 };
    entry.quantity += line.quantity;
    requested.set(line.sku, entry);
  }
  const variantIds = [...requested.values()].map((entry) => entry.variantId);

  let availableOf: (variantId: string) => number;
  if (input.storeId) {
    const stock = await listLocationStock(db, { variantIds });
    const storeCode = await storeCodeOf(db, input.storeId);
    availableOf = (variantId) => {
      const row = stock.find((item) => item.variantId === variantId && item.locationCode === storeCode);
      if (!row) return 0;
      return input.posSale ? row.onHand : row.available;
    };
  } else {
    const availability = await computeChannelAvailability(db, input.channel, variantIds, { applyBuffers: false });
    availableOf = (variantId) => availability.get(variantId) ?? 0;
  }
  return [...requested.entries()].map(([sku, entry]) => ({ sku, requested: entry.quantity, available: availableOf(entry.variantId) }));
}

async function storeCodeOf(db: Executor, locationId: string): Promise<string | null> {
  const rows = await db.select({ code: locations.code }).from(locations).where(eq(locations.id, locationId)).limit(1);
  return rows[0]?.code ?? null;
}
