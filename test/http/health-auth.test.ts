import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

describe('health', () => {
  it('reports database and queue', async () => {
    const response = await runtime.request('/health', { token: null });
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.status).toBe('ok');
    expect(body.database.ok).toBe(true);
    expect(body.queue.ok).toBe(true);
  });
});

describe('api authentication', () => {
  it('rejects a missing token', async () => {
    const response = await runtime.request('/api/jobs/failed', { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = await jsonOf(response);
    expect(body.type).toMatch(/unauthorized$/);
    expect(body.status).toBe(401);
  });

  it('rejects a wrong token', async () => {
    const response = await runtime.request('/api/jobs/failed', { token: 'satu_wrong' });
    expect(response.status).toBe(401);
  });

  it('forbids an agent on owner routes', async () => {
    const agent = await runtime.tokenFor('agent');
    const response = await runtime.request('/api/jobs/failed', { token: agent });
    expect(response.status).toBe(403);
  });

  it('accepts the owner token', async () => {
    const response = await runtime.request('/api/jobs/failed');
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ items: [] });
  });

  it('answers unknown routes with a problem', async () => {
    const response = await runtime.request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect((await jsonOf(response)).title).toBe('Not found');
  });
});
