import { z } from 'zod';
import { expireOrderReservation, expireReservations } from '../../inventory/index.js';
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

/** Catches expired reservations whose per-order job was lost (an in-process queue does not survive a restart). */
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

/** Schedules the expiry check of an order's unpaid reservation for the moment it expires. */
export async function scheduleReservationExpiry(jobs: JobQueue, order: { id: string; reservationExpiresAt: Date | null }): Promise<void> {
  if (!order.reservationExpiresAt) return;
  const delayMs = Math.max(0, order.reservationExpiresAt.getTime() - Date.now());
  await jobs.enqueue(expireReservationJob, { orderId: order.id }, { jobId: `expire-reservation:${order.id}`, delayMs });
}
