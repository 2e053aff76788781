import { Hono } from 'hono';
import type { AppEnv } from '../types.js';

export const inventoryRoutes = new Hono<AppEnv>();
