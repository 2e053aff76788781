import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { oversellCancelReason } from '../definitions.js';
import { rateOf, toIso, toNumber, type Rate } from '../numbers.js';
import { withinPeriod, withinPeriodDays, type KpiPeriod } from '../period.js';

export interface OversoldOrder {
  id: string;
  channel: string;
  externalId: string;
  placedAt: string;
  cancelledAt: string | null;
  totalAmount: number;
}

export interface OversellFigures {
  /** numerator: orders cancelled as out of stock; denominator: orders placed. */
  total: Rate;
  byChannel: Array<Rate & { channel: string }>;
  /** Only orders with a location (see `orderLocationId`). */
  byLocation: Array<Rate & { location: string }>;
  /** The oversold orders behind the rate, oldest first, at most `orderLimit`. */
  oversoldOrders: OversoldOrder[];
}

interface CountRow {
  key: string;
  oversold: unknown;
  placed: unknown;
}

/**
 * Computes the oversell rate of orders placed in the period, overall, per channel and per location, from
 * the daily rollup (refreshed by the caller), and lists the oversold orders from the orders table.
 */
export async function computeOversell(db: Executor, period: KpiPeriod, orderLimit = 100): Promise<OversellFigures> {
  const inPeriod = withinPeriod(sql`o.placed_at`, period);
  const isOversold = sql`(o.status = 'cancelled' and o.cancel_reason = ${oversellCancelReason})`;

  const inPeriodDays = withinPeriodDays(sql`business_day`, period);
  const channelRows = await queryRows<CountRow>(db, sql`
    select channel_code as key, sum(oversold_orders) as oversold, sum(orders) as placed
    from analytics_daily_order_cells where ${inPeriodDays}
    group by channel_code order by channel_code`);
  const locationRows = await queryRows<CountRow>(db, sql`
    select location_code as key, sum(oversold_orders) as oversold, sum(orders) as placed
    from analytics_daily_order_cells where ${inPeriodDays} and location_code <> ''
    group by location_code order by location_code`);
  const orderRows = await queryRows<{ id: string; channel: string; external_id: string; placed_at: unknown; cancelled_at: unknown; total_amount: unknown }>(db, sql`
    select o.id, c.code as channel, o.external_id, o.placed_at, o.cancelled_at, o.total_amount
    from orders o join channels c on c.id = o.channel_id
    where ${inPeriod} and ${isOversold}
    order by o.placed_at, o.id limit ${orderLimit}`);

  const byChannel = channelRows.map((row) => ({ channel: row.key, ...rateOf(toNumber(row.oversold), toNumber(row.placed)) }));
  const oversold = byChannel.reduce((sum, row) => sum + row.numerator, 0);
  const placed = byChannel.reduce((sum, row) => sum + row.denominator, 0);
  return {
    total: rateOf(oversold, placed),
    byChannel,
    byLocation: locationRows.map((row) => ({ location: row.key, ...rateOf(toNumber(row.oversold), toNumber(row.placed)) })),
    oversoldOrders: orderRows.map((row) => ({
      id: row.id,
      channel: row.channel,
      externalId: row.external_id,
      placedAt: toIso(row.placed_at),
      cancelledAt: row.cancelled_at === null ? null : toIso(row.cancelled_at),
      totalAmount: toNumber(row.total_amount),
    })),
  };
}
