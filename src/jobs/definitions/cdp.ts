import type { JobDefinition } from '../types.js';

export const cdpJobs: JobDefinition[] = [];
