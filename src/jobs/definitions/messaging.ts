import type { JobDefinition } from '../types.js';

export const messagingJobs: JobDefinition[] = [];
