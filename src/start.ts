import { ensureOwnerToken } from './auth/index.js';
import { syncConfiguredBlocklist } from './cdp/index.js';
import type { Config } from './config/index.js';
import { openDatabase } from './db/index.js';
import { isCatalogEmpty, loadDemoBusiness } from './demo/index.js';
import { scheduleDailySummary } from './jobs/definitions/analytics.js';
import { startReservationExpirySweeper } from './jobs/definitions/inventory.js';
import { requeuePendingMessaging, startMessagingSweeper } from './jobs/definitions/messaging.js';
import { createRateLimits } from './http/rate-limits.js';
import { createJobQueue } from './jobs/index.js';
import type { Logger } from './logger.js';
import type { Runtime } from './runtime.js';

export interface StartOptions {
  /** Consume jobs in this process: true for `npm start` and workers, false for API-only processes. */
  runWorkers: boolean;
}

/** Opens the database, applies migrations, loads the demo on a first start, and builds the job queue. */
export async function startRuntime(config: Config, logger: Logger, options: StartOptions): Promise<Runtime> {
  const database = await openDatabase(config);
  logger.info({ database: database.kind }, 'database opened');
  await database.migrate();
  logger.info('migrations applied');

  const { generated } = await ensureOwnerToken(database.db, config.SATU_API_TOKEN);
  if (generated) {
    // Printed once on stdout, outside the JSON log, so that the token never lands in log storage.
    process.stdout.write(`\nSatu owner API token (shown once, keep it safe):\n  ${generated}\n\n`);
  }

  const invalidBlocklist = await syncConfiguredBlocklist(database.db, config.SATU_CDP_BLOCKLIST);
  if (invalidBlocklist.length > 0) logger.warn({ entries: invalidBlocklist }, 'SATU_CDP_BLOCKLIST entries ignored');

  const loadDemo = config.SATU_LOAD_DEMO === 'always'
    || (config.SATU_LOAD_DEMO === 'auto' && database.kind === 'pglite' && (await isCatalogEmpty(database.db)));
  if (loadDemo) {
    await loadDemoBusiness(database.db, logger);
  }

  const jobs = createJobQueue({ db: database.db, config, logger });
  if (options.runWorkers) {
    await jobs.startWorkers();
    // Inbound events stored before a crash or restart are processed now, then swept periodically.
    await requeuePendingMessaging({ db: database.db, jobs, logger });
    startMessagingSweeper({ db: database.db, jobs, logger });
    startReservationExpirySweeper({ jobs, logger });
    await scheduleDailySummary(jobs, config);
  }
  const rateLimits = createRateLimits({ redisUrl: config.REDIS_URL, prefix: 'satu' });
  return { config, database, db: database.db, jobs, logger, rateLimits };
}

export async function stopRuntime(runtime: Runtime): Promise<void> {
  await runtime.rateLimits.close();
  await runtime.jobs.close();
  await runtime.database.close();
}
