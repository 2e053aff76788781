import { defineConfig } from 'vitest/config';

// Every suite runs on the embedded PGlite; with DATABASE_URL set it runs again on PostgreSQL
// (and on BullMQ when REDIS_URL is set too). Each test file creates its own database.
const targets = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: targets.map((target) => ({
      extends: true,
      test: { name: target, include: ['test/**/*.test.ts'], env: { SATU_TEST_TARGET: target } },
    })),
  },
});
