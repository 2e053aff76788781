import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits } from '../../src/http/rate-limits.js';
import { webchatLimits } from '../../src/http/routes/webchat.js';
import { createTestRuntime, testTarget, type TestRuntime } from '../helpers/runtime.js';

// Two runtimes with one Redis prefix stand for two API processes of one shop.
const withRedis = testTarget === 'postgres' && Boolean(process.env.REDIS_URL);

describe.skipIf(!withRedis)('rate limits across processes', () => {
  let first: TestRuntime;
  let second: TestRuntime;
  beforeAll(async () => {
    const rateLimitPrefix = `satu-test-shared-${randomBytes(4).toString('hex')}`;
    first = await createTestRuntime({ SATU_TRUST_PROXY: 'true' }, { rateLimitPrefix });
    second = await createTestRuntime({ SATU_TRUST_PROXY: 'true' }, { rateLimitPrefix });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('counts web chat sessions once', async () => {
    const statuses: number[] = [];
    for (let index = 0; index <= webchatLimits.sessionsPerIp; index += 1) {
      const runtime = index % 2 === 0 ? first : second;
      const response = await runtime.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': '203.0.113.90' } });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, webchatLimits.sessionsPerIp).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('rate limits without Redis', () => {
  it('stay per runtime', async () => {
    const runtime = await createTestRuntime({ SATU_TRUST_PROXY: 'true' });
    const other = await createTestRuntime({ SATU_TRUST_PROXY: 'true' });
    try {
      if (withRedis) return;
      for (let index = 0; index < webchatLimits.sessionsPerIp; index += 1) {
        await runtime.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': '203.0.113.91' } });
      }
      const response = await other.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': '203.0.113.91' } });
      expect(response.status).toBe(200);
    } finally {
      await runtime.close();
      await other.close();
    }
  });
});

describe('rate limits with Redis down', () => {
  it('count in memory', async () => {
    // Port 1 on loopback has no listener, so every Redis command fails.
    const limits = createRateLimits({ redisUrl: 'redis://127.0.0.1:1', prefix: 'satu-test-down' });
    try {
      const limiter = limits.limiter({ name: 'down', points: 2, duration: 60 });
      await expect(limiter.consume('visitor')).resolves.toMatchObject({ remainingPoints: 1 });
      await expect(limiter.consume('visitor')).resolves.toMatchObject({ remainingPoints: 0 });
      await expect(limiter.consume('visitor')).rejects.toMatchObject({ remainingPoints: 0 });
    } finally {
      await limits.close();
    }
  });
});
