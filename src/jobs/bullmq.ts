import { setTimeout as delay } from 'node:timers/promises';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import { withTimeout } from './backoff.js';
import type { EnqueueOptions, FailedJob, JobDefinition, JobQueue, QueueStatus } from './types.js';

const queueName = 'satu';

export interface BullMqOptions {
  redisUrl: string;
  /** Key prefix in Redis, so that tests and several shops can share one server. */
  prefix?: string;
  concurrency?: number;
}

/** BullMQ custom job ids may not contain ':' (BullMQ's key separator). */
function toBullJobId(id: string): string {
  return id.replaceAll(':', '_');
}

/** The production queue: durable jobs in Redis, consumed by worker processes. */
export class BullMqQueue implements JobQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(
    private readonly definitions: Map<string, JobDefinition>,
    private readonly deps: { db: Db; config: Config; logger: Logger },
    private readonly options: BullMqOptions,
  ) {
    // BullMQ requires maxRetriesPerRequest: null on connections used by workers.
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error) => deps.logger.warn({ err: error }, 'redis connection error'));
    this.queue = new Queue(queueName, { connection: this.connection, prefix: options.prefix ?? 'satu' });
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Unknown job "${name}"`);
    definition.payload.parse(payload);
    await this.queue.add(name, payload, {
      ...(options.jobId ? { jobId: toBullJobId(options.jobId) } : {}),
      delay: options.delayMs ?? 0,
      attempts: definition.attempts,
      backoff: { type: 'exponential', delay: definition.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: false,
    });
  }

  async startWorkers(): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker(queueName, (job) => this.process(job), {
      connection: this.connection.duplicate(),
      prefix: this.options.prefix ?? 'satu',
      concurrency: this.options.concurrency ?? 8,
    });
    this.worker.on('failed', (job, error) => {
      const final = job && job.attemptsMade >= (job.opts.attempts ?? 1);
      this.deps.logger[final ? 'error' : 'warn']({ err: error, job: job?.name, jobId: job?.id }, final ? 'job failed on its last attempt, dead-lettered' : 'job failed, retrying');
    });
    this.worker.on('error', (error) => this.deps.logger.error({ err: error }, 'worker error'));
    await this.worker.waitUntilReady();
  }

  private async process(job: Job): Promise<void> {
    const definition = this.definitions.get(job.name);
    if (!definition) throw new Error(`Unknown job "${job.name}"`);
    const payload = definition.payload.parse(job.data);
    const logger = this.deps.logger.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
    const context = { ...this.deps, logger, jobs: this, attempt: job.attemptsMade + 1 };
    await withTimeout(definition.handle(payload, context), definition.timeoutMs, `job ${job.name}`);
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(counts).every((count) => count === 0)) return;
      if (Date.now() > deadline) throw new Error(`draining the BullMQ queue timed out after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      await delay(20);
    }
  }

  async status(): Promise<QueueStatus> {
    try {
      await withTimeout(this.connection.ping(), 1000, 'redis ping');
      return { backend: 'bullmq', ok: true };
    } catch (error) {
      return { backend: 'bullmq', ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async listFailed(): Promise<FailedJob[]> {
    const jobs = await this.queue.getFailed(0, 199);
    return jobs.map((job) => ({
      id: job.id ?? '',
      name: job.name,
      payload: job.data,
      error: job.failedReason,
      attempts: job.attemptsMade,
      failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
    }));
  }

  async retryFailed(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed');
    return true;
  }

  /** The BullMQ queue object, for bull-board. */
  get bullQueue(): Queue {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }
}
