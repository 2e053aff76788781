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

interface ChannelBit {
  channel: string;
  bit: number;
}

/**
 * Builds the `customers` CTE: one row per period and canonical customer who interacted in it, with the
 * bit-or of its member profiles' channel masks and their sold revenue. Profiles are mapped to their
 * canonical customer on read, so the next report sees a merge or unmerge without a refresh.
 */
async function customersCte(db: Executor, periods: KpiPeriod[]): Promise<SQL> {
  const canonical = await canonicalJoin(db);
  const periodIndex = sql.join(periods.map((period, index) => sql`when ${withinPeriodDays(sql`t.business_day`, period)} then ${sql.raw(String(index))}`), sql` `);
  const from = periods.map((period) => period.from).sort()[0]!;
  const to = periods.map((period) => period.to).sort().at(-1)!;
  return sql`with customers as (
      select case ${periodIndex} end as period_index, ${canonical.customer} as customer_id,
             bit_or(t.channel_mask) as channel_mask, sum(t.revenue) as revenue
      from analytics_daily_customer_masks t ${canonical.join}
      where t.business_day between ${from}::date and ${to}::date
      group by 1, 2
    )`;
}

/** Compares by UTF-16 code units, the order of a plain `Array.prototype.sort()`. */
function compareText(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

type FigureRow = { period_index: number; cross_channel: boolean; customers: unknown; revenue: unknown } & Record<string, unknown>;

function figuresOf(rows: FigureRow[], bits: ChannelBit[]): CustomerFigures {
  const segment = (crossChannel: boolean): SegmentRevenue => {
    const row = rows.find((candidate) => candidate.cross_channel === crossChannel);
    const customers = toNumber(row?.customers);
    const revenue = toNumber(row?.revenue);
    return { customers, revenue, average: customers === 0 ? null : revenue / customers };
  };
  const byChannel = bits
    .map(({ channel, bit }) => {
      const count = (crossChannel: boolean) => toNumber(rows.find((row) => row.cross_channel === crossChannel)?.[`bit_${bit}`]);
      return { channel, ...rateOf(count(true), count(true) + count(false)) };
    })
    .filter((rate) => rate.denominator > 0)
    .sort((left, right) => compareText(left.channel, right.channel));
  const crossChannel = segment(true);
  const singleChannel = segment(false);
  return {
    crossChannelRate: rateOf(crossChannel.customers, crossChannel.customers + singleChannel.customers),
    byChannel,
    crossChannel,
    singleChannel,
  };
}

/**
 * Computes the cross-channel customer rate and the revenue per cross- and single-channel customer for
 * each of `periods` in one pass over the customer rollup. The periods must not overlap, and the result
 * lists them in the order given.
 */
export async function computeCustomerFiguresForPeriods(db: Executor, periods: KpiPeriod[]): Promise<CustomerFigures[]> {
  const bits = await queryRows<ChannelBit>(db, sql`select channel, bit from analytics_channel_bits order by bit`);
  const ctes = await customersCte(db, periods);
  // A customer is cross-channel when its mask has two or more bits: clearing the lowest bit leaves some.
  const bitCounts = bits.map(({ bit }) => sql`, count(*) filter (where channel_mask & ${sql.raw(String(1n << BigInt(bit)))}::bigint <> 0) as ${sql.raw(`bit_${bit}`)}`);
  const rows = await queryRows<FigureRow>(db, sql`${ctes}
    select period_index, (channel_mask & (channel_mask - 1)) <> 0 as cross_channel,
           count(*) as customers, coalesce(sum(revenue), 0) as revenue ${sql.join(bitCounts, sql``)}
    from customers where period_index is not null group by 1, 2`);
  return periods.map((_, index) => figuresOf(rows.filter((row) => Number(row.period_index) === index), bits));
}

/** Computes the cross-channel customer rate and the revenue per cross- and single-channel customer. */
export async function computeCustomerFigures(db: Executor, period: KpiPeriod): Promise<CustomerFigures> {
  const [figures] = await computeCustomerFiguresForPeriods(db, [period]);
  return figures!;
}
