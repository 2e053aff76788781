import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/index.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { startRuntime, stopRuntime } from '../../src/start.js';
import { channelEnv, postSigned, whatsappText } from './helpers.js';
import type { TestRuntime } from '../helpers/runtime.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'satu-restart-'));
afterAll(() => { rmSync(dataDir, { recursive: true, force: true }); });

describe('restart of the embedded default', () => {
  it('processes events stored before a crash', async () => {
    // The embedded default: PGlite in a data folder and the in-process queue, which keeps nothing across a restart.
    const config = loadConfig({ SATU_DATA_DIR: dataDir, SATU_LOAD_DEMO: 'never', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...channelEnv() });
    const logger = createLogger('silent');

    const first = await startRuntime(config, logger, { runWorkers: false });
    const app = createApp(first);
    const client = { request: (target: string, init: RequestInit = {}) => app.request(target, init) } as TestRuntime;
    const body = whatsappText('6281800000001', 'halo kak');
    const externalId = (body.entry as any)[0].changes[0].value.messages[0].id as string;
    expect((await postSigned(client, '/webhooks/whatsapp', body)).status).toBe(200);
    // The process stops before any worker ran the job.
    await stopRuntime(first);

    const second = await startRuntime(config, logger, { runWorkers: true });
    try {
      // Not jobs.drain(): start-up also schedules periodic jobs (a daily summary) that keep the queue busy.
      for (let i = 0; i < 200; i += 1) {
        const [row] = await queryRows<{ processed_at: Date | null }>(second.db, sql`select processed_at from inbound_events where external_id = ${externalId}`);
        if (row?.processed_at) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const rows = await queryRows<{ body: string }>(second.db, sql`select body from messages where external_id = ${externalId}`);
      expect(rows).toEqual([{ body: 'halo kak' }]);
      const [event] = await queryRows<{ processed_at: Date | null }>(second.db, sql`select processed_at from inbound_events where external_id = ${externalId}`);
      expect(event!.processed_at).not.toBeNull();
    } finally {
      await stopRuntime(second);
    }
  });
});
