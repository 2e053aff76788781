import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailySummaryJobName, nextDailyRun } from '../../src/jobs/definitions/analytics.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertKpiWeek } from './kpi-dataset.js';

let graph: Server;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are checked by the assertions
const graphRequests: Array<{ url: string; authorization: string | undefined; body: any }> = [];
let runtime: TestRuntime;

beforeAll(async () => {
  // A local stand-in for the Graph API that accepts every message.
  graph = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      graphRequests.push({ url: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: `wamid.summary${graphRequests.length}` }] }));
    });
  });
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
  const port = (graph.address() as AddressInfo).port;
  runtime = await createTestRuntime({
    WHATSAPP_GRAPH_URL: `http://127.0.0.1:${port}/v21.0`,
    WHATSAPP_TOKEN: 'graph-test-token',
    WHATSAPP_PHONE_NUMBER_ID: '1098765',
    SATU_OWNER_WHATSAPP: '6281234567890',
  });
  await insertKpiWeek(runtime.db);
});
afterAll(async () => {
  await runtime?.close();
  await new Promise((resolve) => graph?.close(resolve));
});

describe('daily summary', () => {
  it('stores and sends one day', async () => {
    const response = await runtime.request('/api/reports/daily', { method: 'POST', json: { business_day: '2026-03-07' } });
    expect(response.status).toBe(202);
    await runtime.jobs.drain();

    const list = await jsonOf(await runtime.request('/api/reports/daily'));
    expect(list.items).toHaveLength(1);
    const summary = list.items[0];
    expect(summary.business_day).toBe('2026-03-07');
    // Only c1 (300.000, POS, 23:30 WIB) was sold on 03-07; the day before had no sale.
    expect(summary.text_id).toContain('Penjualan Rp300.000 dari 1 pesanan (3 unit); sebelumnya Rp0.');
    expect(summary.text_en).toContain('Sales Rp300.000 from 1 order (3 units)');
    expect(summary.delivery_status).toBe('sent');
    expect(summary.delivery_detail).toBe('WhatsApp message wamid.summary1');

    expect(graphRequests).toHaveLength(1);
    expect(graphRequests[0]!.url).toBe('/v21.0/1098765/messages');
    expect(graphRequests[0]!.authorization).toBe('Bearer graph-test-token');
    expect(graphRequests[0]!.body.to).toBe('6281234567890');
    expect(graphRequests[0]!.body.text.body).toBe(summary.text_id);
  });

  it('sends a day only once', async () => {
    await runtime.request('/api/reports/daily', { method: 'POST', json: { business_day: '2026-03-07' } });
    await runtime.jobs.drain();
    expect(graphRequests).toHaveLength(1);
  });

  it('rejects a malformed day', async () => {
    const response = await runtime.request('/api/reports/daily', { method: 'POST', json: { business_day: '7 Maret' } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('business_day');
  });

  it('schedules the next morning', () => {
    // 2026-03-07 23:30 UTC is 03-08 06:30 WIB: the 07:00 run is 30 minutes away, on 03-08.
    expect(nextDailyRun(new Date('2026-03-07T23:30:00Z'), 'Asia/Jakarta', 7)).toEqual({ delayMs: 30 * 60_000, runDay: '2026-03-08' });
    // 01:00 UTC is 08:00 WIB, past the run: the next is tomorrow at 07:00 WIB, 23 hours later.
    expect(nextDailyRun(new Date('2026-03-08T01:00:00Z'), 'Asia/Jakarta', 7)).toEqual({ delayMs: 23 * 3_600_000, runDay: '2026-03-09' });
    expect(dailySummaryJobName).toBe('analytics.daily-summary');
  });
});
