import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, errorCodes, type ErrorCode } from '../errors.js';
import type { AppEnv } from './types.js';

const problemTypeBase = 'https://satu.dev/problems/';

/** Builds an RFC 9457 problem+json response. */
export function problemResponse(c: Context<AppEnv>, code: ErrorCode, detail: string, extensions: Record<string, unknown> = {}): Response {
  const { status, title } = errorCodes[code];
  const body = {
    type: `${problemTypeBase}${code.replaceAll('_', '-')}`,
    title,
    status,
    detail,
    instance: c.req.path,
    request_id: c.get('requestId'),
    ...extensions,
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'Content-Type': 'application/problem+json' });
}

/** The one error handler: known errors become their problem, anything else a 500 without internals. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof AppError) return problemResponse(c, error.code, error.detail, error.extensions);
  if (error instanceof HTTPException) {
    const code = codeForStatus(error.status);
    return problemResponse(c, code, error.message || errorCodes[code].title);
  }
  const logger = c.get('logger');
  logger?.error({ err: error }, 'unhandled error');
  return problemResponse(c, 'internal', 'The server failed to handle the request. Quote the request id when reporting it.');
}

function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(errorCodes) as Array<[ErrorCode, { status: number }]>).find(([, value]) => value.status === status);
  return match ? match[0] : 'internal';
}
