import { Hono } from 'hono';
import type { AppEnv } from '../types.js';

export const cdpRoutes = new Hono<AppEnv>();
