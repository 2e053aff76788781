import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { soldStatusList, oversellCancelReason } from './definitions.js';
import { orderLocationId } from './kpis/order-location.js';

// Any constant works; it only has to differ from the other advisory locks in the code base.
const rollupLockKey = 7_301_202_601;

/**
 * Brings the KPI rollups up to date before a read: recomputes the business days that the triggers on
 * orders, order_lines and messages marked dirty, or everything when the rollups were never built or
 * were built in another time zone. Runs in the caller's transaction under an advisory lock, so two
 * reports never refresh the same day at once.
 */
export async function refreshRollups(db: Executor, timezone: string): Promise<{ rebuilt: boolean; days: number }> {
  await db.execute(sql`select pg_advisory_xact_lock(${rollupLockKey})`);
  const settings = await queryRows<{ timezone: string }>(db, sql`select timezone from analytics_rollup_settings where id = 1`);
  if (settings[0]?.timezone !== timezone) {
    await db.execute(sql`delete from analytics_daily_order_cells`);
    await db.execute(sql`delete from analytics_daily_customer_masks`);
    await db.execute(sql`delete from analytics_fulfillment_steps`);
    await db.execute(sql`delete from analytics_dirty_days`);
    await db.execute(sql`delete from analytics_conversation_facts`);
    await db.execute(sql`delete from analytics_dirty_conversations`);
    await db.execute(sql`insert into analytics_rollup_settings (id, timezone) values (1, ${timezone})
      on conflict (id) do update set timezone = excluded.timezone`);
    await insertRollups(db, timezone, sql`true`, sql`true`);
    await insertConversationFacts(db, timezone, sql`true`);
    // Fresh statistics, so the planner sizes the report's hash tables from real row counts.
    await db.execute(sql`analyze analytics_daily_order_cells, analytics_daily_customer_masks, analytics_fulfillment_steps, analytics_conversation_facts`);
    return { rebuilt: true, days: 0 };
  }

  await refreshConversationFacts(db, timezone);
  const dirty = await queryRows<{ day: string }>(db, sql`delete from analytics_dirty_days returning business_day::text as day`);
  if (dirty.length === 0) return { rebuilt: false, days: 0 };
  const days = dirty.map((row) => row.day).sort();
  const dayList = sql`array[${sql.join(days.map((day) => sql`${day}::date`), sql`, `)}]`;
  await db.execute(sql`delete from analytics_daily_order_cells where business_day = any(${dayList})`);
  await db.execute(sql`delete from analytics_daily_customer_masks where business_day = any(${dayList})`);
  await db.execute(sql`delete from analytics_fulfillment_steps where business_day = any(${dayList})`);
  // The range condition lets the placed_at and sent_at indexes narrow the scan before the exact day test.
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const within = (column: string) => sql`${sql.raw(column)} >= ((${first}::date)::timestamp at time zone ${timezone})
    and ${sql.raw(column)} < ((${last}::date + 1)::timestamp at time zone ${timezone})
    and (${sql.raw(column)} at time zone ${timezone})::date = any(${dayList})`;
  await insertRollups(db, timezone, within('o.placed_at'), within('m.sent_at'));
  return { rebuilt: false, days: days.length };
}

async function insertRollups(db: Executor, timezone: string, orderCondition: SQL, messageCondition: SQL): Promise<void> {
  const day = (column: string) => sql`(${sql.raw(column)} at time zone ${timezone})::date`;
  await db.execute(sql`
    insert into analytics_daily_order_cells (business_day, channel_code, location_code, orders, oversold_orders, sold_orders, revenue, units)
    select ${day('o.placed_at')}, c.code, coalesce(l.code, ''), count(*),
           count(*) filter (where o.status = 'cancelled' and o.cancel_reason = ${oversellCancelReason}),
           count(*) filter (where o.status in (${soldStatusList})),
           coalesce(sum(o.total_amount) filter (where o.status in (${soldStatusList})), 0),
           coalesce(sum(u.units) filter (where o.status in (${soldStatusList})), 0)
    from orders o
    join channels c on c.id = o.channel_id
    left join locations l on l.id = ${orderLocationId('o')}
    cross join lateral (select coalesce(sum(ol.quantity), 0) as units from order_lines ol where ol.order_id = o.id) u
    where ${orderCondition}
    group by 1, 2, 3`);
  // Channels seen for the first time get the next free bit in the same statement (the caller holds the
  // rollup lock, so no other refresh hands out bits at the same time).
  await db.execute(sql`
    with touches as (
      select ${day('o.placed_at')} as business_day, o.profile_id, c.code as channel,
             case when o.status in (${soldStatusList}) then o.total_amount else 0 end as revenue
      from orders o join channels c on c.id = o.channel_id
      where o.profile_id is not null and ${orderCondition}
      union all
      select ${day('m.sent_at')}, m.profile_id, m.channel, 0
      from messages m where m.author = 'customer' and ${messageCondition}
    ), new_bits as (
      insert into analytics_channel_bits (channel, bit)
      select n.channel, (select coalesce(max(bit) + 1, 0) from analytics_channel_bits) + row_number() over (order by n.channel) - 1
      from (select distinct channel from touches) n
      where not exists (select 1 from analytics_channel_bits b where b.channel = n.channel)
      returning channel, bit
    ), bits as (
      select channel, bit from analytics_channel_bits union all select channel, bit from new_bits
    )
    insert into analytics_daily_customer_masks (business_day, profile_id, channel_mask, revenue)
    select t.business_day, t.profile_id, bit_or(1::bigint << b.bit), sum(t.revenue)
    from touches t join bits b on b.channel = t.channel
    group by 1, 2`);
  await db.execute(sql`
    insert into analytics_fulfillment_steps (business_day, order_id, step, location_code, minutes)
    select ${day('o.placed_at')}, o.id, 'bopis_ready', l.code, extract(epoch from o.ready_at - o.placed_at)::float8 / 60
    from orders o join locations l on l.id = o.location_id
    where o.fulfillment_type = 'bopis' and o.ready_at is not null and ${orderCondition}
    union all
    select ${day('o.placed_at')}, o.id, 'bopis_picked_up', l.code, extract(epoch from o.picked_up_at - o.ready_at)::float8 / 60
    from orders o join locations l on l.id = o.location_id
    where o.fulfillment_type = 'bopis' and o.ready_at is not null and o.picked_up_at is not null and ${orderCondition}
    union all
    select ${day('o.placed_at')}, o.id, case when l.kind = 'store' then 'ship_from_store_shipped' else 'warehouse_shipped' end, l.code,
           extract(epoch from o.shipped_at - o.placed_at)::float8 / 60
    from orders o join locations l on l.id = ${orderLocationId('o')}
    where o.fulfillment_type = 'delivery' and o.shipped_at is not null and ${orderCondition}`);
}

async function refreshConversationFacts(db: Executor, timezone: string): Promise<void> {
  const dirty = await queryRows<{ id: string }>(db, sql`delete from analytics_dirty_conversations returning conversation_id as id`);
  if (dirty.length === 0) return;
  const ids = sql`array[${sql.join(dirty.map((row) => sql`${row.id}`), sql`, `)}]::text[]`;
  await db.execute(sql`delete from analytics_conversation_facts where conversation_id = any(${ids})`);
  await insertConversationFacts(db, timezone, sql`c.id = any(${ids})`);
}

async function insertConversationFacts(db: Executor, timezone: string, condition: SQL): Promise<void> {
  await db.execute(sql`
    insert into analytics_conversation_facts (conversation_id, business_day, channel, response_minutes, resolution_minutes, contained)
    select s.id, (s.first_customer_at at time zone ${timezone})::date, s.channel,
           extract(epoch from (select min(r.sent_at) from messages r
             where r.conversation_id = s.id and r.author <> 'customer' and r.sent_at >= s.first_customer_at)
             - s.first_customer_at)::float8 / 60,
           case when s.status = 'resolved' then extract(epoch from s.last_message_at - s.first_customer_at)::float8 / 60 end,
           (s.owner = 'bot' and s.handoff_reason is null and not s.agent_wrote)
    from (
      select c.id, c.channel, c.owner, c.handoff_reason, c.status,
             min(m.sent_at) filter (where m.author = 'customer') as first_customer_at,
             max(m.sent_at) as last_message_at,
             bool_or(m.author = 'agent') as agent_wrote
      from conversations c join messages m on m.conversation_id = c.id
      where ${condition}
      group by c.id
    ) s
    where s.first_customer_at is not null`);
}
