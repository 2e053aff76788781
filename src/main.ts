import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config/index.js';
import { DataDirInUseError } from './db/index.js';
import { createApp } from './http/app.js';
import { createLogger } from './logger.js';
import { startRuntime, stopRuntime } from './start.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let runtime;
  try {
    runtime = await startRuntime(config, logger, { runWorkers: config.SATU_ROLE !== 'api' });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // A worker process serves no HTTP; its health is the queue's.
  const server = config.SATU_ROLE === 'worker'
    ? undefined
    : serve({ fetch: createApp(runtime).fetch, port: config.PORT }, (info) => {
      logger.info({ port: info.port }, `Satu listening on http://localhost:${info.port}`);
    });
  if (!server) logger.info('worker started');
  server?.on('error', (error: NodeJS.ErrnoException) => {
    const detail = error.code === 'EADDRINUSE' ? `port ${config.PORT} is already in use; set PORT to a free port` : error.message;
    logger.fatal({ err: error }, `HTTP server failed: ${detail}`);
    void stopRuntime(runtime).finally(() => process.exit(1));
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server?.close();
    stopRuntime(runtime).then(() => process.exit(0), (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
