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

describe('unstorable input', () => {
  it('rejects a NUL in the path', async () => {
    const response = await runtime.request('/api/profiles/prf_x%00y');
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.invalid_fields[0].name).toBe('(path)');
  });

  it('rejects a NUL in the query', async () => {
    const response = await runtime.request('/api/catalog/variants?q=kem%00eja&channel=website');
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('q');
  });

  it('rejects a lone surrogate in a JSON body', async () => {
    const response = await runtime.request('/api/inventory/adjustments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":"A","location":"b","delta":1,"reason":"\\ud800"}',
    });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('reason');
  });
});

describe('api tokens', () => {
  it('creates an agent token as owner', async () => {
    const response = await runtime.request('/api/tokens', { method: 'POST', json: { role: 'agent', name: 'Rina (CS)' } });
    expect(response.status).toBe(201);
    const created = await jsonOf(response);
    expect(created.role).toBe('agent');
    const forbidden = await runtime.request('/api/tokens', { method: 'POST', token: created.token, json: { role: 'owner', name: 'escalation' } });
    expect(forbidden.status).toBe(403);
  });

  it('rejects an unknown role', async () => {
    const response = await runtime.request('/api/tokens', { method: 'POST', json: { role: 'admin', name: 'x' } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('role');
  });
});
