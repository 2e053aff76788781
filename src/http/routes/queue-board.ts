import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { AppError } from '../../errors.js';
import { BullMqQueue } from '../../jobs/index.js';
import type { Runtime } from '../../runtime.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';

/** Path of the BullMQ dashboard, behind owner authentication (bearer token or session cookie). */
export const queueBoardPath = '/api/queues';

/**
 * Builds the bull-board dashboard for the owner: jobs waiting, running, failed (the dead letters) with retry.
 * It needs the BullMQ queue; with the in-process queue the path returns a problem naming REDIS_URL.
 */
export function queueBoardRoutes(runtime: Runtime): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAuth(['owner']));
  if (!(runtime.jobs instanceof BullMqQueue)) {
    routes.all('*', () => {
      throw new AppError('not_found', 'The queue dashboard needs the BullMQ queue: set REDIS_URL.');
    });
    return routes;
  }
  const adapter = new HonoAdapter(serveStatic).setBasePath(queueBoardPath);
  createBullBoard({ queues: [new BullMQAdapter(runtime.jobs.bullQueue)], serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Satu jobs' } } });
  routes.route('/', adapter.registerPlugin() as unknown as Hono<AppEnv>);
  return routes;
}
