import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalProfileId, defaultLoyaltyRule, earnOrderPoints, resolveIdentityClaims, type IdentityClaim } from '../../src/cdp/index.js';
import { queryRows } from '../../src/db/index.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';
import { insertChannel, insertMessage, insertOrder, insertVariant } from './fixtures.js';

let runtime: TestRuntime;
let agent: string;
let integration: string;
beforeAll(async () => {
  runtime = await createTestRuntime();
  agent = await runtime.tokenFor('agent');
  integration = await runtime.tokenFor('integration');
});
afterAll(async () => { await runtime?.close(); });

async function profileOf(claims: IdentityClaim[], source = 'whatsapp'): Promise<string> {
  const result = await resolveIdentityClaims(runtime.db, { claims, source });
  if (result.kind !== 'resolved') throw new Error(`claim rejected: ${result.reason}`);
  return result.profileId;
}

describe('merge history api', () => {
  it('shows and undoes a merge', async () => {
    const left = await profileOf([{ type: 'email', value: 'history@toko.id' }], 'website');
    const right = await profileOf([{ type: 'phone', value: '0815-1000-2000' }]);
    await profileOf([{ type: 'email', value: 'history@toko.id' }, { type: 'phone', value: '081510002000' }], 'website');

    const history = await jsonOf(await runtime.request(`/api/profiles/${left}/merges`, { token: agent }));
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ winner_id: left, loser_id: right, rule: 'exact:phone', undone_at: null });
    expect(history.items[0].claim_links).toHaveLength(2);

    const undo = await runtime.request(`/api/merges/${history.items[0].id}/undo`, { method: 'POST', json: { reason: 'two people' }, token: agent });
    expect(undo.status).toBe(200);
    expect(await jsonOf(undo)).toMatchObject({ profile_id: left, restored_profile_id: right });
    expect(await canonicalProfileId(runtime.db, right)).toBe(right);

    const again = await runtime.request(`/api/merges/${history.items[0].id}/undo`, { method: 'POST', json: { reason: 'twice' }, token: agent });
    expect(again.status).toBe(409);
  });

  it('rejects an undo without a reason', async () => {
    const response = await runtime.request('/api/merges/mrg_x/undo', { method: 'POST', json: {}, token: agent });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('reason');
  });

  it('forbids an integration token', async () => {
    const response = await runtime.request('/api/merges/mrg_x/undo', { method: 'POST', json: { reason: 'x' }, token: integration });
    expect(response.status).toBe(403);
  });
});

describe('manual merge api', () => {
  it('merges a recognised visitor and undoes it', async () => {
    const customer = await profileOf([{ type: 'phone', value: '0817-2000-1000' }]);
    const visitor = await profileOf([{ type: 'web_visitor_id', value: 'v_0123456789abcdef0123456789abcdef' }], 'webchat');
    expect(visitor).not.toBe(customer);

    const merged = await runtime.request(`/api/profiles/${customer}/merge`, { method: 'POST', json: { other_profile_id: visitor }, token: agent });
    expect(merged.status).toBe(201);
    const body = await jsonOf(merged);
    expect(body.profile_id).toBe(customer);
    const view = await jsonOf(await runtime.request(`/api/profiles/${visitor}`, { token: agent }));
    expect(view.id).toBe(customer);

    const undone = await runtime.request(`/api/merges/${body.merge_id}/undo`, { method: 'POST', json: { reason: 'wrong person' }, token: agent });
    expect(undone.status).toBe(200);
    const restored = await jsonOf(await runtime.request(`/api/profiles/${visitor}`, { token: agent }));
    expect(restored.id).toBe(visitor);
  });

  it('rejects a malformed other profile id', async () => {
    const customer = await profileOf([{ type: 'phone', value: '0817-2000-2000' }]);
    const response = await runtime.request(`/api/profiles/${customer}/merge`, { method: 'POST', json: { other_profile_id: 'x' }, token: agent });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('other_profile_id');
  });

  it('forbids an integration token', async () => {
    const customer = await profileOf([{ type: 'phone', value: '0817-2000-3000' }]);
    const other = await profileOf([{ type: 'phone', value: '0817-2000-3001' }]);
    const response = await runtime.request(`/api/profiles/${customer}/merge`, { method: 'POST', json: { other_profile_id: other }, token: integration });
    expect(response.status).toBe(403);
  });
});

describe('merge candidate api', () => {
  it('merges a confirmed candidate', async () => {
    const first = await profileOf([{ type: 'website_account_id', value: 'acc-1' }, { type: 'email', value: 'keluarga@toko.id' }], 'website');
    const second = await profileOf([{ type: 'website_account_id', value: 'acc-2' }, { type: 'email', value: 'keluarga@toko.id' }], 'website');
    expect(second).not.toBe(first);
    const list = await jsonOf(await runtime.request('/api/merge-candidates', { token: agent }));
    const candidate = list.items.find((item: { profile_id: string }) => item.profile_id === first);
    expect(candidate.other_profile_id).toBe(second);

    const decision = await runtime.request(`/api/merge-candidates/${candidate.id}/decision`, { method: 'POST', json: { decision: 'merge' }, token: agent });
    expect(decision.status).toBe(200);
    expect(await canonicalProfileId(runtime.db, second)).toBe(first);
    const repeat = await runtime.request(`/api/merge-candidates/${candidate.id}/decision`, { method: 'POST', json: { decision: 'dismiss' }, token: agent });
    expect(repeat.status).toBe(409);
  });
});

describe('timeline api', () => {
  it('pages every entry once', async () => {
    const channelId = await insertChannel(runtime.db, 'website', 'website');
    const variantId = await insertVariant(runtime.db, 'KMJ-BTK-M');
    const profileId = await profileOf([{ type: 'phone', value: '0816-3000-4000' }]);
    for (let index = 0; index < 7; index += 1) {
      await insertMessage(runtime.db, { profileId, channel: 'whatsapp', thread: '6281630004000', body: `pesan ${index}`, sentAt: new Date(Date.UTC(2026, 10, 1, 8, index)) });
    }
    await insertOrder(runtime.db, { channelId, profileId, placedAt: new Date(Date.UTC(2026, 10, 1, 8, 3, 30)), variantId });

    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const page = await jsonOf(await runtime.request(`/api/profiles/${profileId}/timeline${query}`, { token: agent }));
      keys.push(...page.items.map((item: { key: string }) => item.key));
      cursor = page.next_cursor;
    } while (cursor);
    expect(keys).toHaveLength(8);
    expect(new Set(keys).size).toBe(8);
    expect(keys[3]).toMatch(/^store_purchase:/);
  });

  it('rejects a forged cursor', async () => {
    const profileId = await profileOf([{ type: 'phone', value: '0816-3000-4001' }]);
    const response = await runtime.request(`/api/profiles/${profileId}/timeline?cursor=abc`, { token: agent });
    expect(response.status).toBe(400);
  });
});

describe('profile fields', () => {
  it('lets a manual edit win', async () => {
    const profileId = await profileOf([{ type: 'phone', value: '0817-1000-1000' }]);
    const manual = await runtime.request(`/api/profiles/${profileId}/fields`, { method: 'POST', json: { field: 'city', value: 'Bandung' }, token: agent });
    expect(manual.status).toBe(200);
    const { recordProfileField } = await import('../../src/cdp/index.js');
    const later = await recordProfileField(runtime.db, { profileId, field: 'city', value: 'Jakarta', source: 'shopee', verified: true, actor: 'test' });
    expect(later).toEqual({ value: 'Bandung', source: 'manual' });
    const view = await jsonOf(await runtime.request(`/api/profiles/${profileId}`));
    expect(view.city).toBe('Bandung');
    expect(view.field_sources.city.source).toBe('manual');
  });

  it('rejects an impossible birthday', async () => {
    const profileId = await profileOf([{ type: 'phone', value: '0817-1000-2000' }]);
    const response = await runtime.request(`/api/profiles/${profileId}/fields`, { method: 'POST', json: { field: 'birthday', value: '2026-02-30' }, token: agent });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).invalid_fields[0].name).toBe('value');
    const view = await jsonOf(await runtime.request(`/api/profiles/${profileId}`));
    expect(view.birthday).toBeNull();
  });

  it('hides profiles from integrations', async () => {
    const profileId = await profileOf([{ type: 'phone', value: '0817-1000-3000' }]);
    expect((await runtime.request(`/api/profiles/${profileId}`, { token: integration })).status).toBe(403);
    expect((await runtime.request('/api/profiles?phone=0817-1000-3000', { token: integration })).status).toBe(403);
    expect((await runtime.request(`/api/profiles/${profileId}`, { token: agent })).status).toBe(200);
  });
});

describe('uu pdp', () => {
  it('exports and erases a profile', async () => {
    const channelId = await insertChannel(runtime.db, 'pos-jakarta', 'pos');
    const variantId = await insertVariant(runtime.db, 'KMJ-BTK-L');
    const profileId = await profileOf([{ type: 'phone', value: '0818-5000-6000' }, { type: 'email', value: 'hapus@toko.id' }]);
    const orderId = await insertOrder(runtime.db, { channelId, profileId, placedAt: new Date('2026-11-05T02:00:00Z'), variantId });
    await earnOrderPoints(runtime.db, { orderId, rule: defaultLoyaltyRule, actor: 'test' });
    await insertMessage(runtime.db, { profileId, channel: 'whatsapp', thread: '6281850006000', body: 'alamat saya di Jl. Braga 1', sentAt: new Date('2026-11-05T03:00:00Z') });
    const rawEvent = { entry: [{ changes: [{ value: { messages: [{ from: '6281850006000', text: { body: 'alamat saya di Jl. Braga 1' } }] } }] }] };
    const otherEvent = { entry: [{ changes: [{ value: { messages: [{ from: '6281850009999', text: { body: 'halo' } }] } }] }] };
    await runtime.db.execute(sql`
      insert into inbound_events (channel, external_id, kind, payload)
      values ('whatsapp', 'wamid.erase-1', 'message', ${JSON.stringify(rawEvent)}::jsonb), ('whatsapp', 'wamid.keep-1', 'message', ${JSON.stringify(otherEvent)}::jsonb)`);
    await runtime.request(`/api/profiles/${profileId}/consents`, { method: 'POST', json: { purpose: 'marketing', channel: 'whatsapp', granted: true, source: 'webchat' }, token: agent });

    const exported = await jsonOf(await runtime.request(`/api/profiles/${profileId}/export`, { token: agent }));
    expect(exported.profile.identities).toHaveLength(2);
    expect(exported.profile.messages[0].body).toBe('alamat saya di Jl. Braga 1');
    expect(exported.consents[0]).toMatchObject({ purpose: 'marketing', granted: true });
    expect(exported.loyalty.balance).toBe(15);
    expect(exported.loyalty.entries[0]).toMatchObject({ kind: 'earned', order_id: orderId, points: 15 });

    const agentErase = await runtime.request(`/api/profiles/${profileId}/erasure`, { method: 'POST', json: {}, token: agent });
    expect(agentErase.status).toBe(403);
    const requested = await runtime.request(`/api/profiles/${profileId}/erasure`, { method: 'POST', json: { reason: 'customer request by email' } });
    expect(requested.status).toBe(202);
    const { request_id: requestId, due_at: dueAt } = await jsonOf(requested);
    await runtime.jobs.drain();

    const request = await jsonOf(await runtime.request(`/api/data-subject-requests/${requestId}`));
    expect(request.status).toBe('completed');
    expect(Date.parse(request.completed_at)).toBeLessThan(Date.parse(dueAt));
    expect(request.log.map((entry: { step: string }) => entry.step)).toContain('identities_deleted');
    const identities = await queryRows(runtime.db, sql`select 1 from identities where profile_id = ${profileId}`);
    expect(identities).toHaveLength(0);
    const messages = await queryRows<{ body: string | null }>(runtime.db, sql`select body from messages where profile_id = ${profileId}`);
    expect(messages).toEqual([{ body: null }]);
    const orders = await queryRows<{ profile_id: string | null }>(runtime.db, sql`select profile_id from orders where id = ${orderId}`);
    expect(orders).toEqual([{ profile_id: null }]);
    const loyalty = await queryRows<{ profile_id: string | null; points: string | number }>(runtime.db, sql`
      select profile_id, points from loyalty_entries where order_id = ${orderId}`);
    expect(loyalty.map((entry) => ({ ...entry, points: Number(entry.points) }))).toEqual([{ profile_id: null, points: 15 }]);
    expect(request.log.map((entry: { step: string }) => entry.step)).toContain('loyalty_links_cut');
    const links = await queryRows(runtime.db, sql`select 1 from identity_links where value in ('+6281850006000', 'hapus@toko.id')`);
    expect(links).toHaveLength(0);
    const events = await queryRows<{ external_id: string }>(runtime.db, sql`
      select external_id from inbound_events where external_id in ('wamid.erase-1', 'wamid.keep-1')`);
    expect(events).toEqual([{ external_id: 'wamid.keep-1' }]);
    expect(request.log.map((entry: { step: string }) => entry.step)).toContain('inbound_events_deleted');
    const lookup = await runtime.request('/api/profiles?phone=081850006000');
    expect(lookup.status).toBe(404);
  });
});

describe('segments and blocklist', () => {
  it('selects profiles by spend and channel', async () => {
    const channelId = await insertChannel(runtime.db, 'shopee', 'marketplace');
    const variantId = await insertVariant(runtime.db, 'SEG-1');
    const big = await profileOf([{ type: 'phone', value: '0819-1000-0001' }]);
    const small = await profileOf([{ type: 'phone', value: '0819-1000-0002' }]);
    await insertOrder(runtime.db, { channelId, profileId: big, placedAt: new Date('2026-11-10T02:00:00Z'), variantId, total: 2_000_000 });
    await insertOrder(runtime.db, { channelId, profileId: small, placedAt: new Date('2026-11-10T02:00:00Z'), variantId, total: 50_000 });
    const created = await runtime.request('/api/segments', { method: 'POST', json: { name: 'big spenders', filter: { channels_any: ['shopee'], min_total_spend: 1_000_000 } }, token: agent });
    expect(created.status).toBe(201);
    const members = await jsonOf(await runtime.request(`/api/segments/${(await jsonOf(created)).id}/profiles`, { token: agent }));
    expect(members.items.map((item: { profile_id: string }) => item.profile_id)).toEqual([big]);
    expect(members.items[0].total_spend).toBe(2_000_000);
  });

  it('rejects an unknown filter key', async () => {
    const response = await runtime.request('/api/segments', { method: 'POST', json: { name: 'x', filter: { spend: 1 } }, token: agent });
    expect(response.status).toBe(400);
  });

  it('blocks the shop number and splits its profiles', async () => {
    const first = await profileOf([{ type: 'email', value: 'satu@pelanggan.id' }, { type: 'phone', value: '0811-2222-3333' }]);
    const second = await profileOf([{ type: 'email', value: 'dua@pelanggan.id' }, { type: 'phone', value: '0811 2222 3333' }]);
    expect(second).toBe(first);
    const response = await runtime.request('/api/identity-blocklist', { method: 'POST', json: { type: 'phone', value: '+62 811-2222-3333', note: 'shop WhatsApp' } });
    expect(response.status).toBe(201);
    const emailsOf = async (email: string) => canonicalProfileId(runtime.db, (await profileOf([{ type: 'email', value: email }])));
    expect(await emailsOf('satu@pelanggan.id')).not.toBe(await emailsOf('dua@pelanggan.id'));
  });
});
