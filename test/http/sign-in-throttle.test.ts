import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

const email = 'throttle-owner@toko.example';
const password = 'kaos-polos-hitam-2026';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
  await createUser(runtime.db, { email, password, role: 'owner' });
});
afterAll(async () => { await runtime?.close(); });

function signIn(secret: string): Promise<Response> {
  const body = new URLSearchParams({ email, password: secret });
  return runtime.request('/dashboard/sign-in?lang=en', { token: null, method: 'POST', body, redirect: 'manual' });
}

describe('dashboard sign-in throttling', () => {
  it('blocks guessing after five failures', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await signIn(`guess-${attempt}`)).status).toBe(401);
    }
    const throttled = await signIn('guess-6');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.text()).toContain('Too many failed sign-in attempts');

    // The right password is refused too while the account is throttled.
    const correct = await signIn(password);
    expect(correct.status).toBe(429);
    expect(correct.headers.get('set-cookie')).toBeNull();
  });
});
