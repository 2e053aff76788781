import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

describe('wrong method', () => {
  it('gets 405 with Allow', async () => {
    const response = await runtime.request('/api/merges/mrg_unknown/undo', { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = await response.json() as { type: string; detail: string };
    expect(body.type).toMatch(/method-not-allowed$/);
    expect(body.detail).toContain('use POST');
  });

  it('lists every method of a path', async () => {
    const response = await runtime.request('/health', { method: 'DELETE', token: null });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('GET');
    expect(response.headers.get('allow')).toContain('HEAD');
  });

  it('still needs authentication under /api', async () => {
    const response = await runtime.request('/api/merges/mrg_unknown/undo', { method: 'GET', token: null });
    expect(response.status).toBe(401);
  });

  it('unknown path stays 404', async () => {
    const response = await runtime.request('/api/no-such-thing', { method: 'GET' });
    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBeNull();
  });
});
