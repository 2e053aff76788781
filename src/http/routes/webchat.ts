import { Hono } from 'hono';
import type { AppEnv } from '../types.js';

export const webchatRoutes = new Hono<AppEnv>();
