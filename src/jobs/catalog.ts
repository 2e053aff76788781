import type { JobDefinition } from './types.js';
import { analyticsJobs } from './definitions/analytics.js';
import { botJobs } from './definitions/bot.js';
import { cdpJobs } from './definitions/cdp.js';
import { inventoryJobs } from './definitions/inventory.js';
import { messagingJobs } from './definitions/messaging.js';

/** Builds the catalog of every job Satu runs, by name. Each area keeps its definitions in `definitions/<area>.ts`. */
export function buildJobCatalog(): Map<string, JobDefinition> {
  const all: JobDefinition[] = [...messagingJobs, ...inventoryJobs, ...cdpJobs, ...analyticsJobs, ...botJobs];
  const catalog = new Map<string, JobDefinition>();
  for (const definition of all) {
    if (catalog.has(definition.name)) throw new Error(`Job "${definition.name}" is defined twice`);
    catalog.set(definition.name, definition);
  }
  return catalog;
}
