import { Hono } from 'hono';
import type { AppEnv } from '../types.js';

export const inboxRoutes = new Hono<AppEnv>();
