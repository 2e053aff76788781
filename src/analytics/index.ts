// Owner's KPIs and reports, computed by SQL over stored orders and messages.
export { computeKpiReport, type KpiReport } from './report.js';
export { addDays, businessDayOf, countPeriodDays, previousPeriod, type KpiPeriod } from './period.js';
export { kpiDefinitions } from './definitions.js';
export { buildKpiTables, formatCsv, kpiTableNames, type KpiTable, type KpiTableName } from './tables.js';
export { computePredictedClv, readCustomerSummaries, clvHorizonWeeks, type PredictedClv, type SegmentedSummary } from './predicted-clv.js';
export { presentPredictedClv } from './kpis/present-clv.js';
export { recordListingSnapshot, type ListingSnapshotInput } from './listing-snapshots.js';
export {
  composeDailySummaryText, findDailySummary, listDailySummaries, markDailySummaryDelivery, prepareDailySummary, type DailySummary,
} from './daily-summary.js';
