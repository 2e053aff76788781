import { Hono } from 'hono';
import type { AppEnv } from '../types.js';

export const pageRoutes = new Hono<AppEnv>();
