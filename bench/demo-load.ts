// Time to load the demo business into a fresh in-memory PGlite (migrations excluded), the path a first
// `npm start` takes. Prints one row per run and the median; the goal is a few seconds on an idle machine.
//
// Run: npm run bench -- demo-load
// Knobs: BENCH_RUNS (default 3).
import { openPglite } from '../src/db/index.js';
import { loadDemoBusiness, planDemoBusiness } from '../src/demo/index.js';
import { createLogger } from '../src/logger.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const asOf = new Date('2026-11-30T00:00:00Z');
const logger = createLogger('silent');

interface Row { run: number; planMs: number; loadMs: number; customers: number; orders: number }

const rows: Row[] = [];
for (let run = 1; run <= runs; run++) {
  const database = await openPglite('memory://');
  await database.migrate();

  const planStarted = performance.now();
  planDemoBusiness({ asOf });
  const planMs = performance.now() - planStarted;

  const loadStarted = performance.now();
  const result = await loadDemoBusiness(database.db, logger, { asOf });
  const loadMs = performance.now() - loadStarted;
  await database.close();
  if (result.kind !== 'loaded') throw new Error('demo load skipped on a fresh database');
  rows.push({ run, planMs, loadMs, customers: result.summary.customers, orders: result.summary.orders });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const format = (ms: number) => (ms / 1000).toFixed(2).padStart(8);
console.log('run   plan s   load s   customers   orders');
for (const row of rows) {
  console.log(`${String(row.run).padStart(3)} ${format(row.planMs)} ${format(row.loadMs)} ${String(row.customers).padStart(11)} ${String(row.orders).padStart(8)}`);
}
console.log(`med ${format(median(rows.map((row) => row.planMs)))} ${format(median(rows.map((row) => row.loadMs)))}`);
