import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { insertKpiWeek } from './kpi-dataset.js';

const ownerEmail = 'pemilik@toko.example';
const ownerPassword = 'batik-navy-2026';

let runtime: TestRuntime;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  runtime = await createTestRuntime();
  await insertKpiWeek(runtime.db);
  const created = await createUser(runtime.db, { email: ownerEmail, password: ownerPassword, role: 'owner' });
  expect(created.kind).toBe('created');
  baseUrl = await runtime.listen();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('dashboard page', () => {
  it('redirects to sign-in without a session', async () => {
    const response = await runtime.request('/dashboard', { token: null, redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/dashboard\/sign-in/);
  });

  it('rejects a wrong password', async () => {
    const body = new URLSearchParams({ email: ownerEmail, password: 'wrong-password' });
    const response = await runtime.request('/dashboard/sign-in?lang=en', { token: null, method: 'POST', body, redirect: 'manual' });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('The e-mail or password is wrong.');
  });

  it('signs in and follows the period', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/dashboard?lang=id&from=2026-03-01&to=2026-03-07`);
    await page.waitForURL(/\/dashboard\/sign-in/);
    await page.fill('input[name=email]', ownerEmail);
    await page.fill('input[name=password]', ownerPassword);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/dashboard\?/);

    // The redirect after sign-in drops the period, so it is set with the picker, as an owner would.
    await page.fill('input[name=from]', '2026-03-01');
    await page.fill('input[name=to]', '2026-03-07');
    await page.click('#period button[type=submit]');
    await page.waitForSelector('#app[data-loaded="2026-03-01/2026-03-07"]');
    expect(await page.textContent('#tile-oversell .value')).toBe('12,5%');
    expect(await page.textContent('#tile-oversell h2')).toBe('Tingkat oversell');
    expect(await page.textContent('#tile-revenue .value')).toBe('Rp870.000');
    expect(await page.textContent('#tile-cross-channel .value')).toBe('40%');
    expect(await page.locator('#charts canvas').count()).toBe(4);

    await page.fill('input[name=from]', '2026-02-22');
    await page.fill('input[name=to]', '2026-02-28');
    await page.click('#period button[type=submit]');
    await page.waitForSelector('#app[data-loaded="2026-02-22/2026-02-28"]');
    expect(await page.textContent('#tile-oversell .value')).toBe('50%');
    expect(await page.textContent('#tile-revenue .value')).toBe('Rp100.000');

    await page.click('#language');
    await page.waitForURL(/lang=en/);
    await page.waitForSelector('#app[data-loaded="2026-02-22/2026-02-28"]');
    expect(await page.textContent('#tile-oversell h2')).toBe('Oversell rate');
    await page.close();
  });
});
