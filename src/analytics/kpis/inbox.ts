import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { rateOf, toNumber, type Rate } from '../numbers.js';
import { withinPeriodDays, type KpiPeriod } from '../period.js';
import { durationStatsColumns, durationStatsOf, type DurationStats } from './percentiles.js';

export interface InboxFigures {
  firstResponse: DurationStats;
  resolution: DurationStats;
  /** numerator: conversations the bot handled alone; denominator: conversations started. */
  botContainment: Rate;
  byChannel: Array<{ channel: string; firstResponse: DurationStats; resolution: DurationStats; botContainment: Rate }>;
}

interface InboxRow {
  channel: string | null;
  conversations: unknown;
  contained: unknown;
  response_count: unknown;
  response_median: unknown;
  response_p90: unknown;
  resolution_count: unknown;
  resolution_median: unknown;
  resolution_p90: unknown;
}

/**
 * Computes first response time, resolution time and bot containment for conversations whose first
 * customer message falls in the period, overall and per messaging channel, from the conversation facts
 * rollup (refreshed by the caller).
 */
export async function computeInbox(db: Executor, period: KpiPeriod): Promise<InboxFigures> {
  const rows = await queryRows<InboxRow>(db, sql`
    select case when grouping(channel) = 1 then null else channel end as channel,
           count(*) as conversations, count(*) filter (where contained) as contained,
           ${durationStatsColumns('response_minutes', 'response_')},
           ${durationStatsColumns('resolution_minutes', 'resolution_')}
    from analytics_conversation_facts
    where ${withinPeriodDays(sql`business_day`, period)}
    group by grouping sets ((), (channel)) order by channel nulls first`);

  const figuresOf = (row: InboxRow | undefined) => ({
    firstResponse: durationStatsOf({ count: row?.response_count, median: row?.response_median, p90: row?.response_p90 }),
    resolution: durationStatsOf({ count: row?.resolution_count, median: row?.resolution_median, p90: row?.resolution_p90 }),
    botContainment: rateOf(toNumber(row?.contained), toNumber(row?.conversations)),
  });
  return {
    ...figuresOf(rows.find((row) => row.channel === null)),
    byChannel: rows.filter((row) => row.channel !== null).map((row) => ({ channel: row.channel!, ...figuresOf(row) })),
  };
}
