import { Hono } from 'hono';
import { AppError } from '../../errors.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';

export const jobRoutes = new Hono<AppEnv>();

jobRoutes.use('/jobs/*', requireAuth(['owner']));

/** Dead-lettered jobs: those that failed on their last attempt. */
jobRoutes.get('/jobs/failed', async (c) => {
  const failed = await c.get('runtime').jobs.listFailed();
  return c.json({
    items: failed.map((job) => ({ id: job.id, name: job.name, payload: job.payload, error: job.error, attempts: job.attempts, failed_at: job.failedAt })),
  });
});

jobRoutes.post('/jobs/failed/:id/retry', async (c) => {
  const id = c.req.param('id');
  const retried = await c.get('runtime').jobs.retryFailed(id);
  if (!retried) throw new AppError('not_found', `No failed job with id "${id}".`);
  return c.json({ id, status: 'retrying' }, 202);
});
