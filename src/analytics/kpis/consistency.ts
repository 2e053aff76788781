import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { rateOf, toNumber, type Rate } from '../numbers.js';
import { withinPeriod, type KpiPeriod } from '../period.js';

export interface ConsistencyFigures {
  /** numerator: snapshots whose listed price equals the price book; denominator: snapshots with both prices. */
  price: Rate;
  /** numerator: snapshots whose published stock equals the hub's availability; denominator: snapshots with both. */
  stock: Rate;
  byChannel: Array<{ channel: string; price: Rate; stock: Rate }>;
}

/** Computes price and stock consistency from the channel listing snapshots recorded in the period. */
export async function computeConsistency(db: Executor, period: KpiPeriod): Promise<ConsistencyFigures> {
  const rows = await queryRows<{ channel: string | null; price_equal: unknown; price_checked: unknown; stock_equal: unknown; stock_checked: unknown }>(db, sql`
    select case when grouping(c.code) = 1 then null else c.code end as channel,
           count(*) filter (where s.listed_price = s.expected_price) as price_equal,
           count(*) filter (where s.listed_price is not null and s.expected_price is not null) as price_checked,
           count(*) filter (where s.published_stock = s.hub_available) as stock_equal,
           count(*) filter (where s.published_stock is not null and s.hub_available is not null) as stock_checked
    from channel_listing_snapshots s join channels c on c.id = s.channel_id
    where ${withinPeriod(sql`s.recorded_at`, period)}
    group by grouping sets ((), (c.code)) order by channel nulls first`);

  const figuresOf = (row: (typeof rows)[number] | undefined) => ({
    price: rateOf(toNumber(row?.price_equal), toNumber(row?.price_checked)),
    stock: rateOf(toNumber(row?.stock_equal), toNumber(row?.stock_checked)),
  });
  return {
    ...figuresOf(rows.find((row) => row.channel === null)),
    byChannel: rows.filter((row) => row.channel !== null).map((row) => ({ channel: row.channel!, ...figuresOf(row) })),
  };
}
