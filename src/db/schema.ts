// Every module's tables, gathered for drizzle and drizzle-kit. Modules keep their own schema file.
export * from '../auth/schema.js';
export * from '../inventory/schema.js';
export * from '../cdp/schema.js';
export * from '../inbox/schema.js';
export * from '../bot/schema.js';
export * from '../analytics/schema.js';
