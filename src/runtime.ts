import type { Config } from './config/index.js';
import type { Database, Db } from './db/index.js';
import type { JobQueue } from './jobs/index.js';
import type { Logger } from './logger.js';

/** The services built once at start-up and shared by HTTP handlers and job handlers. */
export interface Runtime {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobQueue;
  logger: Logger;
}
