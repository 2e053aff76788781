import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { canonicalCustomerExpression } from '../canonical.js';
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
 * The customers' channels and revenue in the period as CTEs `touches` (one row per profile, channel and
 * business day, from the daily rollup) and `customer_touches` (the same rows keyed by canonical customer).
 */
async function customerTouchesCte(db: Executor, period: KpiPeriod): Promise<SQL> {
  const canonical = await canonicalCustomerExpression(db, sql`p.profile_id`);
  return sql`with touches as (
      select profile_id, channel, revenue from analytics_daily_customer_channels
      where ${withinPeriodDays(sql`business_day`, period)}
    ), canonical as (
      select p.profile_id, ${canonical} as customer_id from (select distinct profile_id from touches) p
    ), customer_touches as (
      select k.customer_id, t.channel, t.revenue from touches t join canonical k on k.profile_id = t.profile_id
    ), customers as (
      select customer_id, count(distinct channel) as channel_count, sum(revenue) as revenue
      from customer_touches group by customer_id
    )`;
}

/** Computes the cross-channel customer rate and the revenue per cross- and single-channel customer. */
export async function computeCustomerFigures(db: Executor, period: KpiPeriod): Promise<CustomerFigures> {
  const ctes = await customerTouchesCte(db, period);
  const segmentRows = await queryRows<{ cross_channel: boolean; customers: unknown; revenue: unknown }>(db, sql`${ctes}
    select channel_count >= 2 as cross_channel, count(*) as customers, coalesce(sum(revenue), 0) as revenue
    from customers group by 1`);
  const channelRows = await queryRows<{ channel: string; customers: unknown; cross_channel: unknown }>(db, sql`${ctes}
    select ct.channel, count(distinct ct.customer_id) as customers,
           count(distinct ct.customer_id) filter (where cu.channel_count >= 2) as cross_channel
    from customer_touches ct join customers cu on cu.customer_id = ct.customer_id
    group by ct.channel order by ct.channel`);

  const segment = (crossChannel: boolean): SegmentRevenue => {
    const row = segmentRows.find((candidate) => candidate.cross_channel === crossChannel);
    const customers = toNumber(row?.customers);
    const revenue = toNumber(row?.revenue);
    return { customers, revenue, average: customers === 0 ? null : revenue / customers };
  };
  const crossChannel = segment(true);
  const singleChannel = segment(false);
  return {
    crossChannelRate: rateOf(crossChannel.customers, crossChannel.customers + singleChannel.customers),
    byChannel: channelRows.map((row) => ({ channel: row.channel, ...rateOf(toNumber(row.cross_channel), toNumber(row.customers)) })),
    crossChannel,
    singleChannel,
  };
}
