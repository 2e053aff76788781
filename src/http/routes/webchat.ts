import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import { AppError, validationError } from '../../errors.js';
import { linkVisitorContact, listVisitorMessages, storeVisitorMessage } from '../../inbox/index.js';
import { enqueueInboundEvents } from '../../jobs/definitions/messaging.js';
import type { Runtime } from '../../runtime.js';
import { renderChatPage } from '../../web/chat/page.js';
import { chatLocale } from '../../web/chat/strings.js';
import { renderWidgetScript } from '../../web/chat/widget.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';

export const webchatRoutes = new Hono<AppEnv>();

const visitorCookie = 'satu_visitor';
const visitorPattern = /^v_[0-9a-f]{32}$/;
/** Messages a visitor may send per minute, requests and new visitor sessions per minute from one IP address. */
export const webchatLimits = { messagesPerVisitor: 20, requestsPerIp: 120, sessionsPerIp: 10, windowSeconds: 60 };
/** Each SSE connection ends after this long; EventSource reconnects by itself. */
const streamLifetimeMs = 5 * 60 * 1000;
const streamPollMs = 1000;
const streamOverlapMs = 10_000;

interface Limiters { visitor: RateLimiterAbstract; ip: RateLimiterAbstract; sessions: RateLimiterAbstract }
// One set per runtime, so that test runtimes in the same process never share counters.
const limitersByRuntime = new WeakMap<Runtime, Limiters>();

function limitersFor(runtime: Runtime): Limiters {
  let limiters = limitersByRuntime.get(runtime);
  if (!limiters) {
    const { windowSeconds: duration } = webchatLimits;
    limiters = {
      visitor: runtime.rateLimits.limiter({ name: 'webchat-visitor', points: webchatLimits.messagesPerVisitor, duration }),
      ip: runtime.rateLimits.limiter({ name: 'webchat-ip', points: webchatLimits.requestsPerIp, duration }),
      sessions: runtime.rateLimits.limiter({ name: 'webchat-sessions', points: webchatLimits.sessionsPerIp, duration }),
    };
    limitersByRuntime.set(runtime, limiters);
  }
  return limiters;
}

/** Key of in-process requests (`app.request()` in tests), which have no socket. */
const noSocketKey = 'no-socket';

/**
 * Returns the client's address for rate limits: the first X-Forwarded-For hop when SATU_TRUST_PROXY says a
 * proxy overwrites it, else the socket's address, since a client can send any X-Forwarded-For it likes.
 */
function clientIp(c: Context<AppEnv>): string {
  if (c.get('runtime').config.SATU_TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? noSocketKey;
  } catch {
    return noSocketKey;
  }
}

async function consume(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw new AppError('rate_limited', `Too many ${what}; retry in ${Math.ceil(error.msBeforeNext / 1000)} seconds.`, { retry_after_seconds: Math.ceil(error.msBeforeNext / 1000) });
  }
}

/** Reads the visitor id from the cookie, the X-Satu-Visitor header (cookies blocked in a third-party iframe) or `?visitor=`. */
function visitorOf(c: Context<AppEnv>): string | undefined {
  const candidates = [getCookie(c, visitorCookie), c.req.header('x-satu-visitor'), c.req.query('visitor')];
  return candidates.find((value): value is string => value !== undefined && visitorPattern.test(value));
}

function requireVisitor(c: Context<AppEnv>): string {
  const visitor = visitorOf(c);
  if (!visitor) throw new AppError('unauthorized', 'No web chat visitor: call POST /chat/api/session first.');
  return visitor;
}

webchatRoutes.use('/api/*', async (c, next) => {
  await consume(limitersFor(c.get('runtime')).ip, clientIp(c), 'requests from this address');
  await next();
});

webchatRoutes.get('/', (c) => {
  const locale = chatLocale(c.req.query('lang'), c.get('runtime').config.SATU_DEFAULT_LOCALE);
  return c.html(renderChatPage(locale, { embedded: c.req.query('embed') === '1' }));
});

webchatRoutes.get('/widget.js', (c) => {
  const { config } = c.get('runtime');
  const origin = config.SATU_PUBLIC_URL?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
  c.header('content-type', 'text/javascript; charset=utf-8');
  c.header('cache-control', 'public, max-age=300');
  return c.body(renderWidgetScript(origin, config.SATU_DEFAULT_LOCALE));
});

webchatRoutes.post('/api/session', async (c) => {
  // A new visitor id is a fresh per-visitor message budget, so new ids are limited per address too.
  const existing = visitorOf(c);
  if (!existing) await consume(limitersFor(c.get('runtime')).sessions, clientIp(c), 'new chat sessions from this address');
  const visitor = existing ?? `v_${randomBytes(16).toString('hex')}`;
  const secure = new URL(c.req.url).protocol === 'https:' || c.get('runtime').config.SATU_PUBLIC_URL?.startsWith('https:') === true;
  setCookie(c, visitorCookie, visitor, { path: '/chat', httpOnly: true, sameSite: secure ? 'None' : 'Lax', secure, maxAge: 365 * 24 * 3600 });
  return c.json({ visitor_id: visitor });
});

const messageBody = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  client_message_id: z.string().regex(/^[\w-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _').optional(),
  locale: z.enum(['id', 'en']).optional(),
});

webchatRoutes.post('/api/messages', async (c) => {
  const visitor = requireVisitor(c);
  const { db, jobs, config } = c.get('runtime');
  const body = await readJson(c, messageBody);
  await consume(limitersFor(c.get('runtime')).visitor, visitor, 'messages from this visitor');
  const stored = await storeVisitorMessage(db, { visitorId: visitor, text: body.text, clientMessageId: body.client_message_id, locale: body.locale ?? config.SATU_DEFAULT_LOCALE });
  await enqueueInboundEvents(jobs, c.get('logger'), [stored.event]);
  return c.json({ id: stored.messageId, status: 'received' }, 202);
});

const listQuery = z.object({ after: z.iso.datetime({ offset: true }).optional() });

webchatRoutes.get('/api/messages', async (c) => {
  const visitor = requireVisitor(c);
  const query = readQuery(c, listQuery);
  const items = await listVisitorMessages(c.get('runtime').db, visitor, { after: query.after ? new Date(query.after) : undefined });
  return c.json({ items });
});

const contactBody = z.object({ phone: z.string().trim().min(1).max(40).optional(), email: z.string().trim().min(3).max(254).optional() })
  .refine((value) => value.phone !== undefined || value.email !== undefined, { message: 'give phone or email', path: ['phone'] });

webchatRoutes.post('/api/contact', async (c) => {
  const visitor = requireVisitor(c);
  const body = await readJson(c, contactBody);
  await consume(limitersFor(c.get('runtime')).visitor, visitor, 'requests from this visitor');
  const outcome = await linkVisitorContact(c.get('runtime').db, { visitorId: visitor, phone: body.phone, email: body.email });
  if (outcome.kind === 'invalid') throw validationError(outcome.fields);
  if (outcome.kind === 'rejected') throw new AppError('unprocessable', `The contact could not be recorded: ${outcome.reason}.`);
  // The same answer whoever owns the number: the response never tells whether it belongs to a customer.
  return c.json({ recorded: true, verified: false });
});

/** Server-sent events: every new or changed message of the visitor's conversation, polled from the database. */
webchatRoutes.get('/api/events', (c) => {
  const visitor = requireVisitor(c);
  const { db } = c.get('runtime');
  const logger = c.get('logger');
  return streamSSE(c, async (stream) => {
    // Rows carry their transaction's start time, so a row may commit after a later-stamped one: each poll
    // looks back `streamOverlapMs` and skips versions already sent.
    const sent = new Map<string, string>();
    let cursor = Date.now() - streamPollMs;
    const deadline = Date.now() + streamLifetimeMs;
    let aborted = false;
    stream.onAbort(() => { aborted = true; });
    await stream.writeSSE({ event: 'ready', data: '{}' });
    while (!aborted && Date.now() < deadline) {
      try {
        const items = await listVisitorMessages(db, visitor, { after: new Date(cursor - streamOverlapMs) });
        for (const item of items) {
          const version = `${item.updated_at}|${item.status}`;
          if (sent.get(item.id) === version) continue;
          sent.set(item.id, version);
          await stream.writeSSE({ event: 'message', id: item.id, data: JSON.stringify(item) });
          cursor = Math.max(cursor, new Date(item.updated_at).getTime());
        }
      } catch (error) {
        logger.error({ err: error }, 'web chat event stream failed to read messages');
        break;
      }
      await stream.sleep(streamPollMs);
    }
  });
});
