import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { canonicalJoin } from '../canonical.js';
import { rateOf, toNumber, type Rate } from '../numbers.js';
import { withinPeriodDays, type KpiPeriod } from '../period.js';

export interface SegmentRevenue {
  customers: number;
  /** Whole rupiah. */
  revenue: number;
  /** revenue ÷ customers, null without customers. */
  average: number | null;
}

export interface CustomerFigures {
  /** numerator: customers on ≥ 2 channels; denominator: customers who interacted. */
  crossChannelRate: Rate;
  /** Per channel: of the customers who interacted there, how many also used another channel. */
  byChannel: Array<Rate & { channel: string }>;
  crossChannel: SegmentRevenue;
  singleChannel: SegmentRevenue;
}

/**
 * One row per canonical customer and channel used in the period, with the customer's sold revenue on
 * it (`customer_channels`), and one row per customer with its channel count (`customers`).
 */
async function customerChannelsCte(db: Executor, period: KpiPeriod): Promise<SQL> {
  const canonical = await canonicalJoin(db);
  return sql`with touches as (
      select profile_id, channel, sum(revenue) as revenue from analytics_daily_customer_channels
      where ${withinPeriodDays(sql`business_day`, period)}
      group by profile_id, channel
    ), customer_channels as (
      select ${canonical.customer} as customer_id, t.channel, sum(t.revenue) as revenue
      from touches t ${canonical.join}
      group by 1, 2
    ), customers as (
      select customer_id, count(*) as channel_count, sum(revenue) as revenue from customer_channels group by customer_id
    )`;
}

/** Computes the cross-channel customer rate and the revenue per cross- and single-channel customer. */
export async function computeCustomerFigures(db: Executor, period: KpiPeriod): Promise<CustomerFigures> {
  const ctes = await customerChannelsCte(db, period);
  // One query: per segment the customers and revenue (channel null), and per (channel, segment) the
  // customers on that channel.
  const rows = await queryRows<{ channel: string | null; cross_channel: boolean; channel_customers: unknown; customers: unknown; revenue: unknown }>(db, sql`${ctes}
    select null::text as channel, channel_count >= 2 as cross_channel, 0 as channel_customers,
           count(*) as customers, coalesce(sum(revenue), 0) as revenue
    from customers group by 2
    union all
    select cc.channel, cu.channel_count >= 2, count(*), 0, 0
    from customer_channels cc join customers cu on cu.customer_id = cc.customer_id
    group by 1, 2`);

  const segment = (crossChannel: boolean): SegmentRevenue => {
    const row = rows.find((candidate) => candidate.channel === null && candidate.cross_channel === crossChannel);
    const customers = toNumber(row?.customers);
    const revenue = toNumber(row?.revenue);
    return { customers, revenue, average: customers === 0 ? null : revenue / customers };
  };
  const channels = [...new Set(rows.filter((row) => row.channel !== null).map((row) => row.channel!))].sort();
  const byChannel = channels.map((channel) => {
    const onChannel = rows.filter((row) => row.channel === channel);
    const total = onChannel.reduce((sum, row) => sum + toNumber(row.channel_customers), 0);
    const cross = toNumber(onChannel.find((row) => row.cross_channel)?.channel_customers);
    return { channel, ...rateOf(cross, total) };
  });
  const crossChannel = segment(true);
  const singleChannel = segment(false);
  return {
    crossChannelRate: rateOf(crossChannel.customers, crossChannel.customers + singleChannel.customers),
    byChannel,
    crossChannel,
    singleChannel,
  };
}
