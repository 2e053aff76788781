import { z } from 'zod';
import { expireOrderReservation, expireReservations } from '../../inventory/index.js';
import type { Logger } from '../../logger.js';
import type { JobDefinition, JobQueue } from '../types.js';

export const expireReservationJob = 'inventory.expire-reservation';
export const expireReservationsSweepJob = 'inventory.expire-reservations';

const expireOne: JobDefinition<z.ZodObject<{ orderId: z.ZodString }>> = {
  name: expireReservationJob,
  payload: z.object({ orderId: z.string().min(1) }),
  attempts: 5,
  backoffMs: 2_000,
  timeoutMs: 30_000,
  async handle(payload, context) {
    const outcome = await expireOrderReservation(context.db, { orderId: payload.orderId, actor: `job:${expireReservationJob}` });
    context.logger.info({ orderId: payload.orderId, outcome }, 'reservation expiry checked');
  },
};

/** Releases every unpaid reservation past its channel's time limit; enqueued each minute by the sweeper. */
const expireSweep: JobDefinition<z.ZodObject<{ limit: z.ZodOptional<z.ZodNumber> }>> = {
  name: expireReservationsSweepJob,
  payload: z.object({ limit: z.number().int().positive().max(10_000).optional() }),
  attempts: 3,
  backoffMs: 5_000,
  timeoutMs: 120_000,
  async handle(payload, context) {
    const expired = await expireReservations(context.db, { ...(payload.limit ? { limit: payload.limit } : {}), actor: `job:${expireReservationsSweepJob}` });
    context.logger.info({ expired }, 'expired reservations swept');
  },
};

export const inventoryJobs: JobDefinition[] = [expireOne as unknown as JobDefinition, expireSweep as unknown as JobDefinition];

/**
 * Enqueues the expiry sweep now and then every `intervalMs`, so an unpaid reservation is released at
 * most one interval after its time limit. A timer outside the queue (rather than one delayed job per
 * order) keeps `jobs.drain()` from waiting for reservations that expire an hour later. The job id per
 * interval lets several worker processes run this without sweeping twice.
 */
export function startReservationExpirySweeper(deps: { jobs: JobQueue; logger: Logger }, intervalMs = 60_000): () => void {
  const enqueue = () => {
    const slot = Math.floor(Date.now() / intervalMs);
    deps.jobs.enqueue(expireReservationsSweepJob, {}, { jobId: `${expireReservationsSweepJob}:${slot}` })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'enqueueing the reservation expiry sweep failed'));
  };
  enqueue();
  const timer = setInterval(enqueue, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
