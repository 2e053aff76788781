import { randomUUID } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { authenticateToken, type Role } from '../auth/index.js';
import { AppError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { AppEnv } from './types.js';

/** Sets the runtime, a request id (taken from X-Request-Id when sane) and a child logger per request. */
export function requestContext(runtime: Runtime) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const logger = runtime.logger.child({ requestId });
    c.set('runtime', runtime);
    c.set('requestId', requestId);
    c.set('logger', logger);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
}

export const sessionCookieName = 'satu_session';

/**
 * Requires a bearer token (or the web session cookie, which carries a token too) with one of `allowed`
 * roles. An owner may do everything.
 */
export function requireAuth(allowed: Role[] = ['owner', 'agent', 'integration']) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // Routes under /api narrow the roles again after the /api middleware authenticated the request.
    let principal: AppEnv['Variables']['principal'] | null | undefined = c.get('principal');
    if (!principal) {
      const header = c.req.header('authorization');
      const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
      const token = bearer ?? getCookie(c, sessionCookieName);
      if (!token) throw new AppError('unauthorized', 'Send Authorization: Bearer <token>.');
      principal = await authenticateToken(c.get('runtime').db, token);
      if (!principal) throw new AppError('unauthorized', 'The token is invalid or revoked.');
      c.set('principal', principal);
      c.set('logger', c.get('logger').child({ tokenId: principal.tokenId }));
    }
    if (principal.role !== 'owner' && !allowed.includes(principal.role)) {
      throw new AppError('forbidden', `This route needs one of the roles: ${allowed.join(', ')}.`);
    }
    await next();
  });
}
