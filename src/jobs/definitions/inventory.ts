import type { JobDefinition } from '../types.js';

export const inventoryJobs: JobDefinition[] = [];
