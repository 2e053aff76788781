import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { rateOf, toNumber, type Rate } from '../numbers.js';
import { withinPeriod, type KpiPeriod } from '../period.js';
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
 * customer message falls in the period, overall and per messaging channel.
 */
export async function computeInbox(db: Executor, period: KpiPeriod): Promise<InboxFigures> {
  const rows = await queryRows<InboxRow>(db, sql`
    with touched as (
      select distinct m.conversation_id from messages m
      where m.author = 'customer' and ${withinPeriod(sql`m.sent_at`, period)}
    ), started as (
      select c.id, c.channel, c.owner, c.handoff_reason, c.status,
             min(m.sent_at) filter (where m.author = 'customer') as first_customer_at,
             max(m.sent_at) as last_message_at,
             bool_or(m.author = 'agent') as agent_wrote
      from touched t join conversations c on c.id = t.conversation_id join messages m on m.conversation_id = c.id
      group by c.id
    ), measured as (
      select s.*,
             extract(epoch from (select min(r.sent_at) from messages r
               where r.conversation_id = s.id and r.author <> 'customer' and r.sent_at >= s.first_customer_at)
               - s.first_customer_at)::float8 / 60 as response_minutes,
             case when s.status = 'resolved' then extract(epoch from s.last_message_at - s.first_customer_at)::float8 / 60 end as resolution_minutes,
             (s.owner = 'bot' and s.handoff_reason is null and not s.agent_wrote) as contained
      from started s
      where ${withinPeriod(sql`s.first_customer_at`, period)}
    )
    select case when grouping(channel) = 1 then null else channel end as channel,
           count(*) as conversations, count(*) filter (where contained) as contained,
           ${durationStatsColumns('response_minutes', 'response_')},
           ${durationStatsColumns('resolution_minutes', 'resolution_')}
    from measured group by grouping sets ((), (channel)) order by channel nulls first`);

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
