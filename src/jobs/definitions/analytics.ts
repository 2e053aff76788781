import type { JobDefinition } from '../types.js';

export const analyticsJobs: JobDefinition[] = [];
