import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { toNumber } from '../numbers.js';
import { withinPeriodDays, type KpiPeriod } from '../period.js';

export interface SalesTotals {
  /** Whole rupiah. */
  revenue: number;
  orders: number;
  units: number;
  /** revenue ÷ orders, null without orders. */
  averageOrderValue: number | null;
}

/** One cell of the finest grain: a business day, a channel and a location (null when none is chosen). */
export interface SalesCell extends SalesTotals {
  day: string;
  channel: string;
  location: string | null;
}

export interface SalesFigures {
  total: SalesTotals;
  byChannel: Array<SalesTotals & { channel: string }>;
  byLocation: Array<SalesTotals & { location: string }>;
  byDay: Array<SalesTotals & { day: string }>;
  byDayAndChannel: Array<SalesTotals & { day: string; channel: string }>;
}

function totalsOf(cells: readonly SalesCell[]): SalesTotals {
  let revenue = 0;
  let orders = 0;
  let units = 0;
  for (const cell of cells) {
    revenue += cell.revenue;
    orders += cell.orders;
    units += cell.units;
  }
  return { revenue, orders, units, averageOrderValue: orders === 0 ? null : revenue / orders };
}

function groupCells<Key extends string>(cells: readonly SalesCell[], keyOf: (cell: SalesCell) => Key | null): Array<[Key, SalesTotals]> {
  const groups = new Map<Key, SalesCell[]>();
  for (const cell of cells) {
    const key = keyOf(cell);
    if (key === null) continue;
    const group = groups.get(key) ?? [];
    group.push(cell);
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([left], [right]) => left.localeCompare(right)).map(([key, group]) => [key, totalsOf(group)]);
}

/** Reads sold orders of the period per business day, channel and location from the daily rollup. */
export async function readSalesCells(db: Executor, period: KpiPeriod): Promise<SalesCell[]> {
  const rows = await queryRows<{ day: string; channel: string; location: string | null; revenue: unknown; orders: unknown; units: unknown }>(db, sql`
    select business_day::text as day, channel_code as channel, nullif(location_code, '') as location,
           revenue, sold_orders as orders, units
    from analytics_daily_order_cells
    where ${withinPeriodDays(sql`business_day`, period)} and sold_orders > 0`);
  return rows.map((row) => {
    const revenue = toNumber(row.revenue);
    const orders = toNumber(row.orders);
    return { day: row.day, channel: row.channel, location: row.location, revenue, orders, units: toNumber(row.units), averageOrderValue: orders === 0 ? null : revenue / orders };
  });
}

/** Computes consolidated sales of the period: totals per channel, location, day, and day × channel. */
export async function computeSales(db: Executor, period: KpiPeriod): Promise<SalesFigures> {
  const cells = await readSalesCells(db, period);
  return {
    total: totalsOf(cells),
    byChannel: groupCells(cells, (cell) => cell.channel).map(([channel, totals]) => ({ channel, ...totals })),
    byLocation: groupCells(cells, (cell) => cell.location).map(([location, totals]) => ({ location, ...totals })),
    byDay: groupCells(cells, (cell) => cell.day).map(([day, totals]) => ({ day, ...totals })),
    byDayAndChannel: groupCells(cells, (cell) => `${cell.day} ${cell.channel}`).map(([key, totals]) => {
      const [day = '', channel = ''] = key.split(' ');
      return { day, channel, ...totals };
    }),
  };
}
