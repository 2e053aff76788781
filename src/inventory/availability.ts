import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import type { ChannelRow } from './channels.js';

function textArray(values: string[]) {
  return sql`array[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]`;
}

/**
 * Computes the units each variant may sell on `channel` now. That is the sum over the channel's
 * locations of on_hand − reserved − safety, minus the listing's buffer (or the channel's when the
 * listing has none), never below 0. A location in shortage counts as 0, not as a negative.
 *
 * A bundle has no stock of its own: it is the minimum over its components of the component's channel
 * availability divided by the units per bundle, minus the bundle listing's own buffer if it has one.
 * The buffer limits what a channel publishes; it does not refuse an order that the stock can cover.
 * `applyBuffers: false` gives that stock-only figure.
 */
export async function computeChannelAvailability(
  db: Executor,
  channel: Pick<ChannelRow, 'id' | 'bufferStock'>,
  variantIds: string[],
  options: { applyBuffers?: boolean } = {},
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (variantIds.length === 0) return result;
  const applyBuffers = options.applyBuffers ?? true;
  const channelBuffer = applyBuffers ? channel.bufferStock : 0;

  const rows = await queryRows<{ variant_id: string; units: number; is_bundle: boolean; bundle_buffer: number | null }>(db, sql`
    with requested as (
      select distinct unnest(${textArray(variantIds)}) as variant_id
    ), parts as (
      select r.variant_id as target_id,
             coalesce(bc.component_variant_id, r.variant_id) as stock_variant_id,
             coalesce(bc.quantity, 1) as per_unit,
             bc.bundle_variant_id is not null as is_bundle
      from requested r
      join variants v on v.id = r.variant_id
      left join bundle_components bc on bc.bundle_variant_id = r.variant_id
    ), stock as (
      select sl.variant_id, sum(greatest(sl.on_hand - sl.reserved - sl.safety_stock, 0))::int as sellable
      from stock_levels sl
      join channel_locations cl on cl.location_id = sl.location_id and cl.channel_id = ${channel.id}
      where sl.variant_id in (select stock_variant_id from parts)
      group by sl.variant_id
    )
    select p.target_id as variant_id,
           min(greatest(coalesce(s.sellable, 0) - case when ${applyBuffers} then coalesce(cl.buffer_stock, ${channelBuffer}) else 0 end, 0) / p.per_unit)::int as units,
           bool_or(p.is_bundle) as is_bundle,
           max(bl.buffer_stock) as bundle_buffer
    from parts p
    left join stock s on s.variant_id = p.stock_variant_id
    left join channel_listings cl on cl.channel_id = ${channel.id} and cl.variant_id = p.stock_variant_id
    left join channel_listings bl on bl.channel_id = ${channel.id} and bl.variant_id = p.target_id and p.is_bundle
    group by p.target_id
  `);
  for (const row of rows) {
    const bundleBuffer = row.is_bundle && applyBuffers ? Number(row.bundle_buffer ?? 0) : 0;
    const units = Number(row.units) - bundleBuffer;
    result.set(row.variant_id, Math.max(0, units));
  }
  return result;
}

export interface LocationStock {
  variantId: string;
  locationCode: string;
  locationName: string;
  city: string;
  kind: 'warehouse' | 'store';
  onHand: number;
  reserved: number;
  /** on_hand − reserved − safety, never below 0. */
  available: number;
}

/**
 * Lists the stock of each variant at every location that has a stock row for it. A bundle is reported per
 * location as the number of complete bundles its components make there, and its reserved count as the
 * bundles that the components' reservations and safety stock take from that number.
 */
export async function listLocationStock(db: Executor, input: { variantIds: string[] }): Promise<LocationStock[]> {
  if (input.variantIds.length === 0) return [];
  const rows = await queryRows<{
    variant_id: string; code: string; name: string; city: string; kind: 'warehouse' | 'store';
    on_hand: number; available: number; reserved: number; is_bundle: boolean;
  }>(db, sql`
    with requested as (
      select distinct unnest(${textArray(input.variantIds)}) as variant_id
    ), parts as (
      select r.variant_id as target_id,
             coalesce(bc.component_variant_id, r.variant_id) as stock_variant_id,
             coalesce(bc.quantity, 1) as per_unit,
             count(*) over (partition by r.variant_id) as part_count,
             bc.bundle_variant_id is not null as is_bundle
      from requested r
      left join bundle_components bc on bc.bundle_variant_id = r.variant_id
    )
    select p.target_id as variant_id, l.code, l.name, l.city, l.kind,
           min(sl.on_hand / p.per_unit)::int as on_hand,
           min(greatest(sl.on_hand - sl.reserved - sl.safety_stock, 0) / p.per_unit)::int as available,
           max(sl.reserved)::int as reserved,
           bool_or(p.is_bundle) as is_bundle
    from parts p
    join stock_levels sl on sl.variant_id = p.stock_variant_id
    join locations l on l.id = sl.location_id
    group by p.target_id, l.id, l.code, l.name, l.city, l.kind, p.part_count
    having count(*) = p.part_count
    order by p.target_id, l.code
  `);
  return rows.map((row) => {
    const onHand = Number(row.on_hand);
    const available = Number(row.available);
    return {
      variantId: row.variant_id,
      locationCode: row.code,
      locationName: row.name,
      city: row.city,
      kind: row.kind,
      onHand,
      reserved: row.is_bundle ? Math.max(0, onHand - available) : Number(row.reserved),
      available,
    };
  });
}
