import { Hono } from 'hono';
import type { AppEnv } from '../types.js';

export const healthRoutes = new Hono<AppEnv>();

/** Database and queue status; 503 when either is down, so a load balancer can take the process out. */
healthRoutes.get('/', async (c) => {
  const { database, jobs } = c.get('runtime');
  let databaseStatus: { ok: boolean; kind: string; detail?: string };
  try {
    await database.ping();
    databaseStatus = { ok: true, kind: database.kind };
  } catch (error) {
    databaseStatus = { ok: false, kind: database.kind, detail: error instanceof Error ? error.message : String(error) };
  }
  const queue = await jobs.status();
  const ok = databaseStatus.ok && queue.ok;
  return c.json({ status: ok ? 'ok' : 'degraded', database: databaseStatus, queue }, ok ? 200 : 503);
});
