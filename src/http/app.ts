import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { AppError, validationError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { allowedMethodsOf } from './allowed-methods.js';
import { requestContext, requireAuth } from './middleware.js';
import { handleError, problemResponse } from './problem.js';
import { analyticsRoutes } from './routes/analytics.js';
import { cdpRoutes } from './routes/cdp.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { healthRoutes } from './routes/health.js';
import { inboxRoutes } from './routes/inbox.js';
import { inventoryRoutes } from './routes/inventory.js';
import { jobRoutes } from './routes/jobs.js';
import { pageRoutes } from './routes/pages.js';
import { queueBoardRoutes } from './routes/queue-board.js';
import { tokenRoutes } from './routes/tokens.js';
import { webchatRoutes } from './routes/webchat.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { AppEnv } from './types.js';

/** Largest request body accepted anywhere; Meta's webhook batches stay well below it. */
export const maxBodyBytes = 1024 * 1024;

/** Rejects a path whose decoded form PostgreSQL could not store or compare (a NUL, a broken escape). */
const rejectUnstorablePath = createMiddleware<AppEnv>(async (c, next) => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(c.req.path);
  } catch {
    throw validationError([{ name: '(path)', reason: 'contains an invalid percent-encoding' }]);
  }
  if (decoded.includes('\u0000')) throw validationError([{ name: '(path)', reason: 'contains a NUL character; remove it' }]);
  await next();
});

/** Assembles the HTTP app: middleware, public routes, then everything under /api behind authentication. */
export function createApp(runtime: Runtime): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(runtime));
  app.use('*', bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body exceeds ${maxBodyBytes} bytes.`);
    },
  }));
  app.use('*', rejectUnstorablePath);
  app.onError(handleError);
  const allowedMethods = allowedMethodsOf(app);
  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length === 0) return problemResponse(c, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
    const response = problemResponse(c, 'method_not_allowed', `${c.req.path} does not accept ${c.req.method}; use ${allowed.join(', ')}.`);
    response.headers.set('Allow', allowed.join(', '));
    return response;
  });

  app.route('/health', healthRoutes);
  app.route('/webhooks', webhookRoutes);
  app.route('/chat', webchatRoutes);
  app.route('/dashboard', dashboardRoutes);
  app.route('/', pageRoutes);

  const api = new Hono<AppEnv>();
  api.use('*', requireAuth());
  api.route('/', inventoryRoutes);
  api.route('/', cdpRoutes);
  api.route('/', inboxRoutes);
  api.route('/', analyticsRoutes);
  api.route('/', jobRoutes);
  api.route('/', tokenRoutes);
  api.route('/queues', queueBoardRoutes(runtime));
  app.route('/api', api);
  return app;
}
