import { randomUUID } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import { backoffDelay, withTimeout } from './backoff.js';
import type { EnqueueOptions, FailedJob, JobDefinition, JobQueue, QueueStatus } from './types.js';

interface PendingJob {
  id: string;
  name: string;
  payload: unknown;
  attempt: number;
}

/**
 * Runs jobs inside this process, for the embedded default without Redis. Jobs are not durable across a
 * restart: the inbound events they process stay stored, and start-up re-enqueues unprocessed ones.
 */
export class InProcessQueue implements JobQueue {
  private readonly known = new Set<string>();
  private readonly failed = new Map<string, FailedJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private scheduled = 0;
  private started = false;
  private closed = false;
  private readonly backlog: PendingJob[] = [];
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly definitions: Map<string, JobDefinition>,
    private readonly deps: { db: Db; config: Config; logger: Logger },
  ) {}

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Unknown job "${name}"`);
    definition.payload.parse(payload);
    const id = options.jobId ?? randomUUID();
    if (this.known.has(id)) return;
    this.known.add(id);
    this.schedule({ id, name, payload, attempt: 1 }, options.delayMs ?? 0);
  }

  async startWorkers(): Promise<void> {
    this.started = true;
    for (const job of this.backlog.splice(0)) this.schedule(job, 0);
  }

  private schedule(job: PendingJob, delayMs: number): void {
    if (this.closed) return;
    if (!this.started) {
      this.backlog.push(job);
      return;
    }
    this.scheduled += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.scheduled -= 1;
      void this.run(job);
    }, delayMs);
    this.timers.add(timer);
  }

  private async run(job: PendingJob): Promise<void> {
    const definition = this.definitions.get(job.name)!;
    const logger = this.deps.logger.child({ job: job.name, jobId: job.id, attempt: job.attempt });
    this.running += 1;
    try {
      const payload = definition.payload.parse(job.payload);
      const context = { ...this.deps, logger, jobs: this, attempt: job.attempt };
      await withTimeout(definition.handle(payload, context), definition.timeoutMs, `job ${job.name}`);
      this.known.delete(job.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (job.attempt < definition.attempts) {
        const delay = backoffDelay(definition.backoffMs, job.attempt);
        logger.warn({ err: error, retryInMs: delay }, 'job failed, retrying');
        this.schedule({ ...job, attempt: job.attempt + 1 }, delay);
      } else {
        logger.error({ err: error }, 'job failed on its last attempt, dead-lettered');
        this.failed.set(job.id, { id: job.id, name: job.name, payload: job.payload, error: message, attempts: job.attempt, failedAt: new Date().toISOString() });
      }
    } finally {
      this.running -= 1;
      this.notifyIfIdle();
    }
  }

  private notifyIfIdle(): void {
    if (this.running > 0 || this.scheduled > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    if (this.running === 0 && this.scheduled === 0) return;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await withTimeout(idle, timeoutMs, 'draining the in-process queue');
  }

  async status(): Promise<QueueStatus> {
    return { backend: 'in-process', ok: !this.closed };
  }

  async listFailed(): Promise<FailedJob[]> {
    return [...this.failed.values()];
  }

  async retryFailed(id: string): Promise<boolean> {
    const job = this.failed.get(id);
    if (!job) return false;
    this.failed.delete(id);
    this.schedule({ id: job.id, name: job.name, payload: job.payload, attempt: 1 }, 0);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.scheduled = 0;
    this.notifyIfIdle();
  }
}
