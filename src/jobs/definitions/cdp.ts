import { z } from 'zod';
import { eraseProfile } from '../../cdp/index.js';
import type { JobDefinition } from '../types.js';

/** Carries out a UU PDP erasure request; the request row keeps the log and the 72-hour due time. */
const eraseProfileJob: JobDefinition<z.ZodObject<{ requestId: z.ZodString }>> = {
  name: 'cdp.erase-profile',
  payload: z.object({ requestId: z.string().regex(/^dsr_/) }),
  attempts: 5,
  backoffMs: 30_000,
  timeoutMs: 120_000,
  async handle(payload, context) {
    const outcome = await eraseProfile(context.db, payload.requestId);
    context.logger.info({ requestId: payload.requestId, outcome }, 'erasure request processed');
    if (outcome === 'not_found') throw new Error(`Erasure request ${payload.requestId} not found`);
  },
};

export const cdpJobs: JobDefinition[] = [eraseProfileJob as unknown as JobDefinition];
