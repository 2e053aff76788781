// The whatsapp-web.js worker: one process that holds the linked phone's WhatsApp Web session in Debian's
// chromium, feeds its events into the inbound pipeline and sends queued whatsapp_web replies.
// Start it with `npm run whatsapp-web` beside `npm start`; the QR code appears at /api/channels/whatsapp-web/qr.
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import whatsappWeb from 'whatsapp-web.js';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../logger.js';
import { startRuntime, stopRuntime } from '../../start.js';
import {
  receiveLibraryAck, receiveLibraryMessage, recordSessionState, sendQueuedLibraryMessages, whatsappWebChannel,
  type LibraryClient, type LibraryMessage,
} from './adapter.js';

const { Client, LocalAuth } = whatsappWeb;
const sendIntervalMs = 1000;
const reconnectDelayMs = 10_000;

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL).child({ worker: 'whatsapp-web' });
// The job workers run in `npm start`; this process only stores events and enqueues jobs.
const runtime = await startRuntime(config, logger, { runWorkers: false });
const deps = { db: runtime.db, jobs: runtime.jobs, logger };

const client = new Client({
  // LocalAuth keeps the session in the data folder, so a restart does not ask for a new scan.
  authStrategy: new LocalAuth({ dataPath: path.join(config.SATU_DATA_DIR, 'whatsapp-web') }),
  puppeteer: { executablePath: config.WHATSAPP_WEB_CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] },
});
const libraryClient = client as unknown as LibraryClient;

const report = (state: Parameters<typeof recordSessionState>[2], options: { qr?: string; detail?: string } = {}) =>
  recordSessionState(runtime.db, whatsappWebChannel, state, options).catch((error: unknown) => logger.error({ err: error }, 'session state not recorded'));

client.on('qr', (qr: string) => { logger.info('scan the QR code shown at /api/channels/whatsapp-web/qr'); void report('qr', { qr }); });
client.on('authenticated', () => { void report('authenticated'); });
client.on('auth_failure', (message: string) => { logger.error({ detail: message }, 'whatsapp-web.js authentication failed'); void report('failed', { detail: message }); });
let ready = false;
client.on('ready', () => { ready = true; logger.info('whatsapp-web.js session ready'); void report('ready'); });
client.on('message', (message: unknown) => {
  receiveLibraryMessage(deps, libraryClient, message as LibraryMessage).catch((error: unknown) => logger.error({ err: error }, 'whatsapp-web.js message not stored'));
});
client.on('message_create', (message: unknown) => {
  const created = message as LibraryMessage;
  if (!created.fromMe) return; // customer messages arrive through 'message' too
  receiveLibraryMessage(deps, libraryClient, created).catch((error: unknown) => logger.error({ err: error }, 'whatsapp-web.js echo not stored'));
});
client.on('message_ack', (message: unknown, ack: number) => {
  receiveLibraryAck(deps, message as LibraryMessage, ack).catch((error: unknown) => logger.error({ err: error }, 'whatsapp-web.js ack not stored'));
});
client.on('disconnected', (reason: string) => {
  ready = false;
  logger.warn({ reason }, 'whatsapp-web.js disconnected; reconnecting');
  void report('disconnected', { detail: reason });
  void (async () => {
    await delay(reconnectDelayMs);
    await client.initialize().catch((error: unknown) => logger.error({ err: error }, 'whatsapp-web.js reconnect failed'));
  })();
});

let stopping = false;
async function sendLoop(): Promise<void> {
  while (!stopping) {
    // Queued replies wait while the phone is not connected, instead of failing.
    if (ready) await sendQueuedLibraryMessages(deps, libraryClient).catch((error: unknown) => logger.error({ err: error }, 'whatsapp-web.js send loop failed'));
    await delay(sendIntervalMs);
  }
}

const shutdown = async (signal: string) => {
  logger.info({ signal }, 'whatsapp-web.js worker stopping');
  stopping = true;
  await client.destroy().catch(() => undefined);
  await stopRuntime(runtime);
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await report('starting');
await client.initialize();
void sendLoop();
