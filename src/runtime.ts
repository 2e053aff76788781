import type { Config } from './config/index.js';
import type { Database, Db } from './db/index.js';
import type { RateLimits } from './http/rate-limits.js';
import type { JobQueue } from './jobs/index.js';
import type { Logger } from './logger.js';

/** The services built once at start-up and shared by HTTP handlers and job handlers. */
export interface Runtime {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobQueue;
  logger: Logger;
  /** Rate limiters, shared by all processes through Redis when REDIS_URL is set. */
  rateLimits: RateLimits;
}
