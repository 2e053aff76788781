import { sql } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { computeCustomerFiguresForPeriods, type CustomerFigures, type SegmentRevenue } from './kpis/customers.js';
import { computeConsistency } from './kpis/consistency.js';
import { computeFulfillment } from './kpis/fulfillment.js';
import { computeInbox } from './kpis/inbox.js';
import { computeOversell } from './kpis/oversell.js';
import { presentConsistency, presentFulfillment, presentInbox, presentSales } from './kpis/present-more.js';
import { computeSales } from './kpis/sales.js';
import { presentRate, presentRateWithPrevious } from './kpis/present.js';
import { kpiDefinitions } from './definitions.js';
import { changeOf } from './numbers.js';
import { refreshRollups } from './rollups.js';
import { countPeriodDays, previousPeriod, type KpiPeriod } from './period.js';

function presentPeriod(period: KpiPeriod) {
  return { from: period.from, to: period.to, timezone: period.timezone, days: countPeriodDays(period) };
}

function presentSegment(segment: SegmentRevenue) {
  return { value: segment.average, revenue: segment.revenue, customers: segment.customers };
}

function presentRevenuePerCustomer(current: CustomerFigures, previous: CustomerFigures) {
  return {
    definition: kpiDefinitions.average_revenue_per_customer,
    cross_channel: presentSegment(current.crossChannel),
    single_channel: presentSegment(current.singleChannel),
    change: {
      cross_channel: changeOf(current.crossChannel.average, previous.crossChannel.average),
      single_channel: changeOf(current.singleChannel.average, previous.singleChannel.average),
    },
    previous: {
      cross_channel: presentSegment(previous.crossChannel),
      single_channel: presentSegment(previous.singleChannel),
    },
  };
}

/**
 * Computes every KPI over `period` and over the period of the same length before it, as the JSON
 * that `GET /api/kpis` returns: each figure with its definition, counts and previous value.
 */
export async function computeKpiReport(db: Executor, period: KpiPeriod) {
  return db.transaction(async (tx) => {
    // The queries are short scans; JIT compilation (on by default in PostgreSQL) costs more than it saves.
    await tx.execute(sql`set local jit = off`);
    // The per-customer grouping and the percentile sorts hold a few hundred thousand rows; with the
    // default 4 MB they spill to disk.
    await tx.execute(sql`set local work_mem = '64MB'`);
    await refreshRollups(tx, period.timezone);
    return computeKpiReportIn(tx, period);
  });
}

async function computeKpiReportIn(db: Executor, period: KpiPeriod) {
  const previous = previousPeriod(period);
  const oversell = await computeOversell(db, period);
  const oversellBefore = await computeOversell(db, previous, 0);
  const [customers, customersBefore] = await computeCustomerFiguresForPeriods(db, [period, previous]) as [CustomerFigures, CustomerFigures];
  const sales = await computeSales(db, period);
  const salesBefore = await computeSales(db, previous);
  const fulfillment = await computeFulfillment(db, period);
  const fulfillmentBefore = await computeFulfillment(db, previous);
  const inbox = await computeInbox(db, period);
  const inboxBefore = await computeInbox(db, previous);
  const consistency = await computeConsistency(db, period);
  const consistencyBefore = await computeConsistency(db, previous);
  const inboxFigures = presentInbox(inbox, inboxBefore);

  return {
    period: presentPeriod(period),
    previous_period: presentPeriod(previous),
    oversell_rate: {
      definition: kpiDefinitions.oversell_rate,
      ...presentRateWithPrevious(oversell.total, oversellBefore.total, 'oversold_orders', 'orders'),
      by_channel: oversell.byChannel.map((row) => ({ channel: row.channel, ...presentRate(row, 'oversold_orders', 'orders') })),
      by_location: oversell.byLocation.map((row) => ({ location: row.location, ...presentRate(row, 'oversold_orders', 'orders') })),
      cancelled_orders: oversell.oversoldOrders.map((order) => ({
        id: order.id,
        channel: order.channel,
        external_id: order.externalId,
        placed_at: order.placedAt,
        cancelled_at: order.cancelledAt,
        total_amount: order.totalAmount,
      })),
    },
    cross_channel_customer_rate: {
      definition: kpiDefinitions.cross_channel_customer_rate,
      ...presentRateWithPrevious(customers.crossChannelRate, customersBefore.crossChannelRate, 'cross_channel_customers', 'customers'),
      by_channel: customers.byChannel.map((row) => ({ channel: row.channel, ...presentRate(row, 'cross_channel_customers', 'customers') })),
    },
    average_revenue_per_customer: presentRevenuePerCustomer(customers, customersBefore),
    sales: { definition: kpiDefinitions.sales, ...presentSales(sales, salesBefore) },
    fulfillment_time: { definition: kpiDefinitions.fulfillment_time, ...presentFulfillment(fulfillment, fulfillmentBefore) },
    price_consistency: { definition: kpiDefinitions.price_consistency, ...presentConsistency('price', consistency, consistencyBefore) },
    stock_consistency: { definition: kpiDefinitions.stock_consistency, ...presentConsistency('stock', consistency, consistencyBefore) },
    first_response_time: { definition: kpiDefinitions.first_response_time, ...inboxFigures.first_response_time },
    resolution_time: { definition: kpiDefinitions.resolution_time, ...inboxFigures.resolution_time },
    bot_containment_rate: { definition: kpiDefinitions.bot_containment_rate, ...inboxFigures.bot_containment_rate },
    inbox_by_channel: inboxFigures.by_channel,
  };
}

export type KpiReport = Awaited<ReturnType<typeof computeKpiReportIn>>;
