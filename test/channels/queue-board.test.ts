import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, testTarget, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

const usesBullMq = testTarget === 'postgres' && Boolean(process.env.REDIS_URL);

describe('queue dashboard', () => {
  it('rejects a missing token', async () => {
    expect((await runtime.request('/api/queues', { token: null })).status).toBe(401);
  });

  it('forbids an agent', async () => {
    const agent = await runtime.tokenFor('agent');
    expect((await runtime.request('/api/queues', { token: agent })).status).toBe(403);
  });

  it.runIf(usesBullMq)('serves the board to the owner', async () => {
    const page = await runtime.request('/api/queues');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Satu jobs');
    const queues = await runtime.request('/api/queues/api/queues');
    expect(queues.status).toBe(200);
    const body = await queues.json() as { queues: Array<{ name: string }> };
    expect(body.queues.map((queue) => queue.name)).toEqual(['satu']);
  });

  it.runIf(!usesBullMq)('names REDIS_URL without BullMQ', async () => {
    const response = await runtime.request('/api/queues');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain('REDIS_URL');
  });
});
