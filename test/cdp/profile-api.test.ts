import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentityClaims } from '../../src/cdp/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertMessage, insertOrder, insertVariant } from './fixtures.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

async function resolvedId(claims: Parameters<typeof resolveIdentityClaims>[1]): Promise<string> {
  const result = await resolveIdentityClaims(runtime.db, claims);
  if (result.kind !== 'resolved') throw new Error(`claim rejected: ${result.reason}`);
  return result.profileId;
}

describe('profile api', () => {
  it('puts a POS customer writing on WhatsApp on one profile', async () => {
    const posChannel = await insertChannel(runtime.db, 'pos-bandung', 'pos');
    const variantId = await insertVariant(runtime.db, 'BTK-NVY-L');
    const posProfile = await resolvedId({
      claims: [{ type: 'pos_member_id', value: 'BDG-0042' }, { type: 'phone', value: '0812-9876-5432' }], source: 'pos-bandung',
    });
    await insertOrder(runtime.db, { channelId: posChannel, profileId: posProfile, placedAt: new Date('2026-11-02T03:00:00Z'), variantId });

    const waProfile = await resolvedId({ claims: [{ type: 'whatsapp_id', value: '6281298765432' }], source: 'whatsapp' });
    expect(waProfile).toBe(posProfile);
    await insertMessage(runtime.db, { profileId: waProfile, channel: 'whatsapp', thread: '6281298765432', body: 'kak, batik navy L ready?', sentAt: new Date('2026-11-03T04:00:00Z') });
    await insertMessage(runtime.db, { profileId: waProfile, channel: 'whatsapp', thread: '6281298765432', body: 'Ready kak', sentAt: new Date('2026-11-03T04:00:05Z'), direction: 'outbound' });
    const igProfile = await resolvedId({ claims: [{ type: 'instagram_id', value: '17841400000000001' }, { type: 'phone', value: '+62 812 9876 5432' }], source: 'instagram' });
    expect(igProfile).toBe(posProfile);
    await insertMessage(runtime.db, { profileId: igProfile, channel: 'instagram', thread: '17841400000000001', body: 'halo', sentAt: new Date('2026-11-01T01:00:00Z') });

    const response = await runtime.request(`/api/profiles/${posProfile}`);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.id).toBe(posProfile);
    expect(body.identities.map((identity: { type: string; value: string }) => `${identity.type}:${identity.value}`).sort()).toEqual([
      'instagram_id:17841400000000001', 'phone:+6281298765432', 'pos_member_id:BDG0042', 'whatsapp_id:+6281298765432',
    ]);
    expect(body.orders).toHaveLength(1);
    expect(body.orders[0]).toMatchObject({ channel: 'pos-bandung', status: 'paid', total_amount: 150000, lines: [{ sku: 'BTK-NVY-L', quantity: 1, unit_price: 150000 }] });
    expect(body.messages.map((message: { channel: string }) => message.channel)).toEqual(['instagram', 'whatsapp', 'whatsapp']);
    expect(body.messages[1]).toMatchObject({ direction: 'inbound', author: 'customer', body: 'kak, batik navy L ready?' });
  });

  it('finds a profile by any written form of its phone', async () => {
    const profileId = await resolvedId({ claims: [{ type: 'phone', value: '0813 1111 2222' }], source: 'website' });
    for (const phone of ['081311112222', '+62 813-1111-2222', '6281311112222', '81311112222']) {
      const response = await runtime.request(`/api/profiles?phone=${encodeURIComponent(phone)}`);
      expect(response.status).toBe(200);
      expect((await jsonOf(response)).id).toBe(profileId);
    }
  });

  it('answers an unknown phone with 404', async () => {
    const response = await runtime.request('/api/profiles?phone=081399998888');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('rejects an invalid phone naming the field', async () => {
    const response = await runtime.request('/api/profiles?phone=abc');
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.invalid_fields[0].name).toBe('phone');
  });

  it('rejects a malformed profile id', async () => {
    const response = await runtime.request('/api/profiles/nope');
    expect(response.status).toBe(400);
  });

  it('answers a missing profile with 404', async () => {
    const response = await runtime.request('/api/profiles/prf_0000000000000000');
    expect(response.status).toBe(404);
  });

  it('requires a token', async () => {
    const response = await runtime.request('/api/profiles?phone=081311112222', { token: null });
    expect(response.status).toBe(401);
  });
});
