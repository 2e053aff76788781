import type { z } from 'zod';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';

/** What a job handler receives besides its payload. */
export interface JobContext {
  db: Db;
  config: Config;
  logger: Logger;
  jobs: JobQueue;
  /** 1 on the first try. */
  attempt: number;
}

/** One entry of the job catalog: name, payload schema, retry policy and handler. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  payload: Schema;
  /** Total tries before the job is dead-lettered. */
  attempts: number;
  /** First retry delay in milliseconds; it doubles on each further retry. */
  backoffMs: number;
  timeoutMs: number;
  handle(payload: z.infer<Schema>, context: JobContext): Promise<void>;
}

export interface EnqueueOptions {
  /** A deterministic id makes a repeated enqueue of the same work a no-op. */
  jobId?: string;
  delayMs?: number;
}

export interface FailedJob {
  id: string;
  name: string;
  payload: unknown;
  error: string;
  attempts: number;
  failedAt: string;
}

export interface QueueStatus {
  backend: 'in-process' | 'bullmq';
  ok: boolean;
  detail?: string;
}

export interface JobQueue {
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  /** Starts consuming jobs in this process. */
  startWorkers(): Promise<void>;
  /** Resolves once no job is waiting, delayed or running; tests use it in place of sleeps. */
  drain(timeoutMs?: number): Promise<void>;
  status(): Promise<QueueStatus>;
  listFailed(): Promise<FailedJob[]>;
  retryFailed(id: string): Promise<boolean>;
  close(): Promise<void>;
}
