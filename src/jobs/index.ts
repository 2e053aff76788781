import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import { BullMqQueue } from './bullmq.js';
import { buildJobCatalog } from './catalog.js';
import { InProcessQueue } from './in-process.js';
import type { JobQueue } from './types.js';

export type { JobQueue, JobDefinition, JobContext, EnqueueOptions, FailedJob, QueueStatus } from './types.js';
export { BullMqQueue } from './bullmq.js';

/** BullMQ on Redis when REDIS_URL is set, otherwise jobs run in this process. */
export function createJobQueue(deps: { db: Db; config: Config; logger: Logger }, options: { prefix?: string } = {}): JobQueue {
  const catalog = buildJobCatalog();
  if (deps.config.REDIS_URL) {
    return new BullMqQueue(catalog, deps, { redisUrl: deps.config.REDIS_URL, ...options });
  }
  return new InProcessQueue(catalog, deps);
}
