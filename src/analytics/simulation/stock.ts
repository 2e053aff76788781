import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';

/** Units free to sell per variant and location, and the locations each channel may sell from. */
export interface StockPicture {
  free: Map<string, Map<string, number>>;
  locationsByChannel: Map<string, string[]>;
  bufferByChannel: Map<string, number>;
}

export async function readStockPicture(db: Executor): Promise<StockPicture> {
  const levels = await queryRows<{ variant_id: string; location_id: string; free: unknown }>(db, sql`
    select variant_id, location_id, greatest(on_hand - reserved - safety_stock, 0) as free from stock_levels`);
  const links = await queryRows<{ code: string; location_id: string; buffer_stock: unknown }>(db, sql`
    select c.code, cl.location_id, c.buffer_stock from channel_locations cl join channels c on c.id = cl.channel_id order by cl.location_id`);
  const free = new Map<string, Map<string, number>>();
  for (const level of levels) {
    const byLocation = free.get(level.variant_id) ?? new Map<string, number>();
    byLocation.set(level.location_id, Number(level.free));
    free.set(level.variant_id, byLocation);
  }
  const locationsByChannel = new Map<string, string[]>();
  const bufferByChannel = new Map<string, number>();
  for (const link of links) {
    locationsByChannel.set(link.code, [...(locationsByChannel.get(link.code) ?? []), link.location_id]);
    bufferByChannel.set(link.code, Number(link.buffer_stock));
  }
  return { free, locationsByChannel, bufferByChannel };
}

/** Units of `variantId` free at the locations `channelCode` sells from. */
export function availableTo(picture: StockPicture, channelCode: string, variantId: string): number {
  const byLocation = picture.free.get(variantId);
  if (!byLocation) return 0;
  return (picture.locationsByChannel.get(channelCode) ?? []).reduce((sum, location) => sum + (byLocation.get(location) ?? 0), 0);
}
