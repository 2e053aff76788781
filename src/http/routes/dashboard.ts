import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Runtime } from '../../runtime.js';
import { z } from 'zod';
import { addDays, businessDayOf } from '../../analytics/index.js';
import { authenticateToken, signIn, signOut } from '../../auth/index.js';
import { AppError } from '../../errors.js';
import { readDashboardAsset, renderDashboardPage, renderSignInPage, type Locale } from '../../web/dashboard/index.js';
import { sessionCookieName } from '../middleware.js';
import type { AppEnv } from '../types.js';

/** How long the browser keeps the session cookie. */
const sessionMaxAgeSeconds = 12 * 60 * 60;
/** Days shown when the page is opened without a period. */
const defaultPeriodDays = 30;

const signInForm = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
const businessDate = z.iso.date();

function localeOf(c: Context<AppEnv>): Locale {
  const requested = c.req.query('lang');
  if (requested === 'id' || requested === 'en') return requested;
  return c.get('runtime').config.SATU_DEFAULT_LOCALE;
}

async function isOwnerSession(c: Context<AppEnv>): Promise<boolean> {
  const token = getCookie(c, sessionCookieName);
  if (!token) return false;
  const principal = await authenticateToken(c.get('runtime').db, token);
  return principal?.role === 'owner';
}

export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.get('/', async (c) => {
  const locale = localeOf(c);
  if (!(await isOwnerSession(c))) return c.redirect(`/dashboard/sign-in?lang=${locale}`, 303);
  const timezone = c.get('runtime').config.SATU_TIMEZONE;
  const today = businessDayOf(new Date(), timezone);
  const from = businessDate.safeParse(c.req.query('from'));
  const to = businessDate.safeParse(c.req.query('to'));
  return c.html(renderDashboardPage({
    locale,
    timezone,
    from: from.success ? from.data : addDays(today, 1 - defaultPeriodDays),
    to: to.success ? to.data : today,
  }));
});

/** Failed sign-ins per e-mail within the window before the account is throttled (password guessing). */
const maxFailedSignIns = 5;
const failedSignInsByRuntime = new WeakMap<Runtime, RateLimiterAbstract>();

/** Failed sign-ins per e-mail over 15 minutes, counted across API processes when Redis is configured. */
function failedSignInsOf(runtime: Runtime): RateLimiterAbstract {
  let limiter = failedSignInsByRuntime.get(runtime);
  if (!limiter) {
    limiter = runtime.rateLimits.limiter({ name: 'dashboard-sign-in', points: 1_000_000, duration: 15 * 60 });
    failedSignInsByRuntime.set(runtime, limiter);
  }
  return limiter;
}

dashboardRoutes.get('/sign-in', (c) => c.html(renderSignInPage(localeOf(c), false)));

dashboardRoutes.post('/sign-in', async (c) => {
  const locale = localeOf(c);
  const form = signInForm.safeParse(await c.req.parseBody());
  if (!form.success) return c.html(renderSignInPage(locale, 'invalid'), 400);

  const attemptKey = form.data.email.trim().toLowerCase();
  const failedSignIns = failedSignInsOf(c.get('runtime'));
  const attempts = await failedSignIns.get(attemptKey);
  if (attempts && attempts.consumedPoints >= maxFailedSignIns) {
    c.get('logger').warn('dashboard sign-in throttled');
    c.header('Retry-After', String(Math.ceil(attempts.msBeforeNext / 1000)));
    return c.html(renderSignInPage(locale, 'throttled'), 429);
  }
  const result = await signIn(c.get('runtime').db, form.data.email, form.data.password);
  if (result.kind === 'invalid_credentials') {
    c.get('logger').warn('dashboard sign-in rejected');
    await failedSignIns.penalty(attemptKey, 1);
    return c.html(renderSignInPage(locale, 'invalid'), 401);
  }
  await failedSignIns.delete(attemptKey);
  setCookie(c, sessionCookieName, result.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: sessionMaxAgeSeconds,
  });
  c.get('logger').info({ userId: result.userId }, 'dashboard sign-in');
  // Agents have no dashboard; their page is the inbox.
  return c.redirect(result.role === 'owner' ? `/dashboard?lang=${locale}` : `/api/inbox?lang=${locale}`, 303);
});

dashboardRoutes.post('/sign-out', async (c) => {
  const token = getCookie(c, sessionCookieName);
  if (token) await signOut(c.get('runtime').db, token);
  deleteCookie(c, sessionCookieName, { path: '/' });
  return c.redirect(`/dashboard/sign-in?lang=${localeOf(c)}`, 303);
});

dashboardRoutes.get('/assets/:name', async (c) => {
  const asset = await readDashboardAsset(c.req.param('name'));
  if (!asset) throw new AppError('not_found', `No dashboard asset "${c.req.param('name')}".`);
  return c.body(asset.body, 200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=300' });
});
