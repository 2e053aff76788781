import { Hono } from 'hono';
import { z } from 'zod';
import { createApiToken, roles } from '../../auth/index.js';
import { requireAuth } from '../middleware.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../types.js';

export const tokenRoutes = new Hono<AppEnv>();

const createTokenBody = z.object({
  role: z.enum(roles),
  name: z.string().trim().min(1).max(100),
}).strict();

/** Creates an API token; the owner hands it to an agent or an integration (a POS, the website). */
tokenRoutes.post('/tokens', requireAuth(['owner']), async (c) => {
  const body = await readJson(c, createTokenBody);
  const { id, token } = await createApiToken(c.get('runtime').db, body);
  c.get('logger').info({ createdTokenId: id, role: body.role }, 'api token created');
  return c.json({ id, role: body.role, name: body.name, token }, 201);
});
