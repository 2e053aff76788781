import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { catalogColumns, writeSheet, type SheetFormat } from './spreadsheet.js';

/**
 * Writes the catalog in the layout `importCatalog` reads: one row per variant, a `price:<channel>`
 * column for each channel with fixed prices, and a `stock:<location>` column (on hand) per location.
 */
export async function exportCatalog(db: Executor, input: { format: SheetFormat }): Promise<Uint8Array> {
  const priceChannels = (await queryRows<{ id: string; code: string }>(db, sql`
    select id, code from channels where id in (select channel_id from channel_prices) order by code`));
  const stockLocations = await queryRows<{ id: string; code: string }>(db, sql`select id, code from locations order by code`);
  const variantRows = await queryRows<{
    id: string; handle: string; name: string; category: string; description: string; sku: string; barcode: string | null;
    color: string | null; size: string | null; weight_grams: number; base_price: number;
  }>(db, sql`
    select v.id, p.handle, p.name, p.category, p.description, v.sku, v.barcode, v.color, v.size, v.weight_grams, v.base_price
    from variants v join products p on p.id = v.product_id
    where not exists (select 1 from bundle_components b where b.bundle_variant_id = v.id)
    order by p.handle, v.sku`);
  const prices = await queryRows<{ channel_id: string; variant_id: string; price: number }>(db, sql`select channel_id, variant_id, price from channel_prices`);
  const stock = await queryRows<{ variant_id: string; location_id: string; on_hand: number }>(db, sql`select variant_id, location_id, on_hand from stock_levels`);
  const priceOf = new Map(prices.map((row) => [`${row.channel_id}/${row.variant_id}`, Number(row.price)]));
  const stockOf = new Map(stock.map((row) => [`${row.location_id}/${row.variant_id}`, Number(row.on_hand)]));

  const header = [...catalogColumns, ...priceChannels.map((channel) => `price:${channel.code}`), ...stockLocations.map((location) => `stock:${location.code}`)];
  const rows: Array<Array<string | number>> = [header];
  for (const variant of variantRows) {
    rows.push([
      variant.handle, variant.name, variant.category, variant.description, variant.sku, variant.barcode ?? '', variant.color ?? '',
      variant.size ?? '', Number(variant.weight_grams), Number(variant.base_price),
      ...priceChannels.map((channel) => priceOf.get(`${channel.id}/${variant.id}`) ?? ''),
      ...stockLocations.map((location) => stockOf.get(`${location.id}/${variant.id}`) ?? 0),
    ]);
  }
  return writeSheet(input.format, rows);
}
