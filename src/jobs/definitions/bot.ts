import { z } from 'zod';
import { rebuildCatalogIndex, selectEmbedder } from '../../bot/index.js';
import type { JobDefinition } from '../types.js';

/** Rebuilds the bot's retrieval index from the catalog, e.g. after a catalog import. */
const refreshIndex: JobDefinition = {
  name: 'bot.refresh-index',
  payload: z.object({}),
  attempts: 3,
  backoffMs: 5_000,
  timeoutMs: 120_000,
  async handle(_payload, context) {
    const { products } = await rebuildCatalogIndex(context.db, selectEmbedder(context.config));
    context.logger.info({ products }, 'bot retrieval index rebuilt');
  },
};

export const botJobs: JobDefinition[] = [refreshIndex];
