import { Hono } from 'hono';
import { z } from 'zod';
import { findProfileByIdentity, getProfileView } from '../../cdp/index.js';
import { AppError, validationError } from '../../errors.js';
import type { AppEnv } from '../types.js';
import { readQuery } from '../validate.js';

export const cdpRoutes = new Hono<AppEnv>();

const profileIdSchema = z.string().regex(/^prf_[0-9a-z]{16}$/, 'must be a profile id (prf_…)');
const profileQuerySchema = z.object({
  phone: z.string().min(1).max(64).optional(),
  email: z.string().min(1).max(254).optional(),
}).refine((query) => Boolean(query.phone) !== Boolean(query.email), { message: 'give exactly one of phone or email', path: ['phone'] });

cdpRoutes.get('/profiles', async (c) => {
  const query = readQuery(c, profileQuerySchema);
  const [field, type, raw] = query.phone ? ['phone', 'phone', query.phone] as const : ['email', 'email', query.email!] as const;
  const db = c.get('runtime').db;
  const lookup = await findProfileByIdentity(db, type, raw);
  if (lookup.kind === 'invalid') throw validationError([{ name: field, reason: lookup.reason }]);
  if (lookup.kind === 'not_found') throw new AppError('not_found', `No profile holds the ${field} ${maskValue(lookup.value)}.`);
  return c.json(await getProfileView(db, lookup.profileId));
});

cdpRoutes.get('/profiles/:id', async (c) => {
  const parsed = profileIdSchema.safeParse(c.req.param('id'));
  if (!parsed.success) throw validationError([{ name: 'id', reason: parsed.error.issues[0]!.message }]);
  const view = await getProfileView(c.get('runtime').db, parsed.data);
  if (!view) throw new AppError('not_found', `Profile ${parsed.data} does not exist.`);
  return c.json(view);
});

/** Shows the last three characters only: an error body may reach logs. */
function maskValue(value: string): string {
  return `${'*'.repeat(Math.max(0, value.length - 3))}${value.slice(-3)}`;
}
