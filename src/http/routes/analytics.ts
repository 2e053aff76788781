import { Hono } from 'hono';
import type { AppEnv } from '../types.js';

export const analyticsRoutes = new Hono<AppEnv>();
