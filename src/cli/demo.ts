import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.js';
import { openDatabase } from '../db/index.js';
import { loadDemoBusiness } from '../demo/index.js';
import { createLogger } from '../logger.js';

const usage = `Usage: npm run demo:load [-- --as-of YYYY-MM-DD]

Loads the demo fashion brand into the configured database (DATABASE_URL, or PGlite in SATU_DATA_DIR)
after applying migrations. Does nothing when the catalog already has products.

  --as-of YYYY-MM-DD   last day of the demo's 90 days of orders and chats (default: today, UTC)
`;

function parseAsOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime())) {
    process.stderr.write(`Invalid --as-of "${text}": expected a date as YYYY-MM-DD.\n\n${usage}`);
    process.exit(2);
  }
  return date;
}

const { values } = parseArgs({ options: { 'as-of': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const asOf = parseAsOf(values['as-of']);

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
  process.exit(1);
}

// The summary below replaces the loader's info line; warnings and a chosen debug level still show.
const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
const database = await openDatabase(config);
try {
  await database.migrate();
  const started = performance.now();
  const result = await loadDemoBusiness(database.db, logger, asOf ? { asOf } : {});
  if (result.kind === 'skipped') {
    process.stdout.write('The catalog already has products, so the demo business was not loaded. Nothing changed.\n');
  } else {
    const { summary } = result;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write([
      `Demo business loaded in ${seconds} s (orders up to ${result.asOf.toISOString().slice(0, 10)}):`,
      `  products                 ${summary.products}`,
      `  variants                 ${summary.variants}`,
      `  locations                ${summary.locations}`,
      `  channels                 ${summary.channels}`,
      `  customers                ${summary.customers}`,
      `  orders                   ${summary.orders}`,
      `  cancelled, out of stock  ${summary.cancelledOutOfStock}`,
      `  conversations            ${summary.conversations}`,
      `  messages                 ${summary.messages}`,
      '',
    ].join('\n'));
  }
} finally {
  await database.close();
}
