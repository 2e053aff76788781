import { Hono } from 'hono';
import { z } from 'zod';
import { computeKpiReport, countPeriodDays } from '../../analytics/index.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readQuery } from '../validate.js';

/** Longest period one request may cover, in days. */
export const maxPeriodDays = 731;

const businessDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const periodQuery = z.object({ from: businessDate, to: businessDate })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'must not be before from' })
  .refine((query) => countPeriodDays({ ...query, timezone: 'UTC' }) <= maxPeriodDays, {
    path: ['to'],
    message: `the period may span at most ${maxPeriodDays} days`,
  });

export const analyticsRoutes = new Hono<AppEnv>();

analyticsRoutes.get('/kpis', requireAuth(['owner']), async (c) => {
  const query = readQuery(c, periodQuery);
  const { db, config } = c.get('runtime');
  return c.json(await computeKpiReport(db, { ...query, timezone: config.SATU_TIMEZONE }));
});
