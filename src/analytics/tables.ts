import { fulfillmentSteps } from './kpis/fulfillment.js';
import { addDays, countPeriodDays } from './period.js';
import type { PredictedClv } from './predicted-clv.js';
import type { KpiReport } from './report.js';

/** A table behind one dashboard chart: column names and rows of plain values. */
export interface KpiTable {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

export const kpiTableNames = ['sales_by_day_and_channel', 'oversell_by_channel', 'customer_value_by_segment', 'fulfillment_time_distribution'] as const;
export type KpiTableName = (typeof kpiTableNames)[number];

/**
 * Sold revenue, orders and units per business day and channel. Every day of the period appears for
 * every channel that sold in it, with zeros on days without sales, so a chart needs no gap filling.
 */
function salesByDayAndChannel(report: KpiReport): KpiTable {
  const channels = report.sales.by_channel.map((row) => row.channel);
  const cells = new Map(report.sales.by_day_and_channel.map((row) => [`${row.day} ${row.channel}`, row]));
  const rows: KpiTable['rows'] = [];
  for (let offset = 0; offset < countPeriodDays(report.period); offset += 1) {
    const day = addDays(report.period.from, offset);
    for (const channel of channels) {
      const cell = cells.get(`${day} ${channel}`);
      rows.push([day, channel, cell?.revenue ?? 0, cell?.orders ?? 0, cell?.units ?? 0]);
    }
  }
  return { columns: ['day', 'channel', 'revenue', 'orders', 'units'], rows };
}

function oversellByChannel(report: KpiReport): KpiTable {
  return {
    columns: ['channel', 'oversold_orders', 'orders', 'oversell_rate'],
    rows: report.oversell_rate.by_channel.map((row) => [row.channel, row.oversold_orders, row.orders, row.value]),
  };
}

/**
 * Historical revenue per cross- and single-channel customer in the period, with the predicted value per
 * customer beside it (null while the CLV models have too little data).
 */
function customerValueBySegment(report: KpiReport, clv: PredictedClv): KpiTable {
  const revenue = report.average_revenue_per_customer;
  const predicted = (segment: 'crossChannel' | 'singleChannel') => (clv.status === 'fitted' ? clv[segment].meanExpectedValue : null);
  return {
    columns: ['segment', 'customers', 'revenue', 'average_revenue_per_customer', 'predicted_value_per_customer'],
    rows: [
      ['cross_channel', revenue.cross_channel.customers, revenue.cross_channel.revenue, revenue.cross_channel.value, predicted('crossChannel')],
      ['single_channel', revenue.single_channel.customers, revenue.single_channel.revenue, revenue.single_channel.value, predicted('singleChannel')],
    ],
  };
}

function fulfillmentTimeDistribution(report: KpiReport): KpiTable {
  const fulfillment = report.fulfillment_time;
  const rows: KpiTable['rows'] = [];
  for (const step of fulfillmentSteps) {
    fulfillment.histogram_buckets.forEach((bucket, index) => rows.push([step, bucket, fulfillment[step].histogram[index] ?? 0]));
  }
  return { columns: ['step', 'duration', 'orders'], rows };
}

const builders: Record<KpiTableName, (report: KpiReport, clv: PredictedClv) => KpiTable> = {
  sales_by_day_and_channel: salesByDayAndChannel,
  oversell_by_channel: oversellByChannel,
  customer_value_by_segment: customerValueBySegment,
  fulfillment_time_distribution: fulfillmentTimeDistribution,
};

/** Builds the tables behind the dashboard's charts from a KPI report and the predicted CLV. */
export function buildKpiTables(report: KpiReport, clv: PredictedClv): Record<KpiTableName, KpiTable> {
  return Object.fromEntries(kpiTableNames.map((name) => [name, builders[name](report, clv)])) as Record<KpiTableName, KpiTable>;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Renders a table as RFC 4180 CSV with a header row and CRLF line ends. */
export function formatCsv(table: KpiTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
