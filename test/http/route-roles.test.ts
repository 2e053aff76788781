import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentityClaims } from '../../src/cdp/index.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { profileOf } from '../cdp/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

describe('route role checks', () => {
  it('log the token once', async () => {
    const chunks: string[] = [];
    const sink = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
    const app = createApp({ ...runtime, logger: createLogger('info', sink) });
    const first = profileOf(await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'email', value: 'log.a@toko.id' }] }));
    const second = profileOf(await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'email', value: 'log.b@toko.id' }] }));
    const agent = await runtime.tokenFor('agent');

    const response = await app.request(`/api/profiles/${first}/merge`, {
      method: 'POST', headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ other_profile_id: second }),
    });
    expect(response.status).toBe(201);
    const line = chunks.join('').split('\n').find((entry) => entry.includes('profiles merged by hand'));
    expect(line).toBeDefined();
    expect(line!.match(/"tokenId"/g)).toHaveLength(1);
  });

  it('still narrow roles under /api', async () => {
    const integration = await runtime.tokenFor('integration');
    const response = await runtime.request('/api/merge-candidates', { token: integration });
    expect(response.status).toBe(403);
  });
});
