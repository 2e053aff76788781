import { Hono } from 'hono';
import { z } from 'zod';
import {
  buildKpiTables, computeKpiReport, computePredictedClv, countPeriodDays, formatCsv, kpiTableNames, presentPredictedClv, listDailySummaries,
  type DailySummary, type KpiPeriod, type KpiTableName,
} from '../../analytics/index.js';
import type { Db } from '../../db/index.js';
import { AppError } from '../../errors.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';
import { dailySummaryJobName } from '../../jobs/definitions/analytics.js';

/** Maximum length of a requested period, in days. */
export const maxPeriodDays = 731;

/** Earliest accepted date: PostgreSQL has no year 0, and a shop's records start long after 1900. */
const earliestDate = '1900-01-01';

const businessDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' })
  .refine((date) => date >= earliestDate, { message: `must not be before ${earliestDate}` });

function isValidDate(value: unknown): value is string {
  return businessDate.safeParse(value).success;
}

// The cross-field checks run only when both dates are valid, so one bad date yields one error.
export const periodQuery = z.object({ from: businessDate, to: businessDate })
  .refine((query) => !isValidDate(query.from) || !isValidDate(query.to) || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before from',
  })
  .refine((query) => !isValidDate(query.from) || !isValidDate(query.to) || query.from > query.to
    || countPeriodDays({ ...query, timezone: 'UTC' }) <= maxPeriodDays, {
    path: ['to'],
    message: `the period may span at most ${maxPeriodDays} days`,
  });

async function buildTables(db: Db, period: KpiPeriod) {
  const report = await computeKpiReport(db, period);
  const clv = await computePredictedClv(db, period);
  return { period: report.period, tables: buildKpiTables(report, clv) };
}

export const analyticsRoutes = new Hono<AppEnv>();

analyticsRoutes.get('/kpis', requireAuth(['owner']), async (c) => {
  const query = readQuery(c, periodQuery);
  const { db, config } = c.get('runtime');
  return c.json(await computeKpiReport(db, { ...query, timezone: config.SATU_TIMEZONE }));
});

analyticsRoutes.get('/kpis/tables', requireAuth(['owner']), async (c) => {
  const query = readQuery(c, periodQuery);
  const { db, config } = c.get('runtime');
  return c.json(await buildTables(db, { ...query, timezone: config.SATU_TIMEZONE }));
});

analyticsRoutes.get('/kpis/tables/:file', requireAuth(['owner']), async (c) => {
  const name = c.req.param('file').replace(/\.csv$/, '');
  if (!kpiTableNames.includes(name as KpiTableName)) {
    throw new AppError('not_found', `No KPI table "${name}"; use one of: ${kpiTableNames.join(', ')}.`);
  }
  const query = readQuery(c, periodQuery);
  const { db, config } = c.get('runtime');
  const { tables } = await buildTables(db, { ...query, timezone: config.SATU_TIMEZONE });
  const csv = formatCsv(tables[name as KpiTableName]);
  return c.body(csv, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}_${query.from}_${query.to}.csv"`,
  });
});

analyticsRoutes.get('/kpis/clv', requireAuth(['owner']), async (c) => {
  const query = readQuery(c, periodQuery);
  const { db, config } = c.get('runtime');
  return c.json(presentPredictedClv(await computePredictedClv(db, { ...query, timezone: config.SATU_TIMEZONE })));
});

const dailySummaryRequest = z.object({ business_day: businessDate });

function presentDailySummary(summary: DailySummary) {
  return {
    id: summary.id,
    business_day: summary.businessDay,
    text_id: summary.textId,
    text_en: summary.textEn,
    delivery_status: summary.deliveryStatus,
    delivery_detail: summary.deliveryDetail,
    created_at: summary.createdAt.toISOString(),
  };
}

analyticsRoutes.get('/reports/daily', requireAuth(['owner']), async (c) => {
  const items = await listDailySummaries(c.get('runtime').db, 60);
  return c.json({ items: items.map(presentDailySummary) });
});

analyticsRoutes.post('/reports/daily', requireAuth(['owner']), async (c) => {
  const body = await readJson(c, dailySummaryRequest);
  await c.get('runtime').jobs.enqueue(dailySummaryJobName, { businessDay: body.business_day }, { jobId: `${dailySummaryJobName}:manual:${body.business_day}:${Date.now()}` });
  return c.json({ business_day: body.business_day, status: 'queued' }, 202);
});
