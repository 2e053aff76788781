// Owner's KPIs and reports, computed by SQL over stored orders and messages.
export { computeKpiReport, type KpiReport } from './report.js';
export { addDays, businessDayOf, countPeriodDays, previousPeriod, type KpiPeriod } from './period.js';
export { kpiDefinitions } from './definitions.js';
