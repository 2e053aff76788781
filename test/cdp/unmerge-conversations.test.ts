import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeProfiles, resolveIdentityClaims, undoMerge } from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { profileOf } from './fixtures.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime({ SATU_TRUST_PROXY: 'true' }); });
afterAll(async () => { await runtime?.close(); });

describe('undoing a merge', () => {
  it('returns a web chat started while merged', async () => {
    const session = await runtime.request('/chat/api/session', { method: 'POST', token: null, headers: { 'x-forwarded-for': '198.51.100.201' } });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const visitorId = ((await session.json()) as { visitor_id: string }).visitor_id;

    const visitor = profileOf(await resolveIdentityClaims(runtime.db, { source: 'webchat', claims: [{ type: 'web_visitor_id', value: visitorId }] }));
    const buyer = profileOf(await resolveIdentityClaims(runtime.db, { source: 'pos', claims: [{ type: 'phone', value: '0819-2222-3001' }] }));
    const merged = await mergeProfiles(runtime.db, { profileId: buyer, otherProfileId: visitor, actor: 'test' });
    if (merged.kind !== 'merged') throw new Error('merge failed');

    // The visitor leaves an e-mail while merged, which opens the conversation.
    const contact = await runtime.request('/chat/api/contact', {
      method: 'POST', token: null, json: { email: 'merged.visitor@toko.id' }, headers: { cookie, 'x-forwarded-for': '198.51.100.201' },
    });
    expect(contact.status).toBeLessThan(300);

    await undoMerge(runtime.db, { mergeId: merged.mergeId, actor: 'test', reason: 'different people' });
    const [row] = await queryRows<{ canonical_id: string }>(runtime.db, sql`
      select p.canonical_id from conversations c join profiles p on p.id = c.profile_id where c.external_thread_id = ${visitorId}`);
    expect(row!.canonical_id).toBe(visitor);
  });
});
