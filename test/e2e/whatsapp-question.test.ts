import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBusiness } from '../../src/demo/index.js';
import { phoneNumberId, postSigned, startGraphStandIn, whatsappStatuses, whatsappText, channelEnv, type GraphStandIn } from '../channels/helpers.js';
import { createTestRuntime, jsonOf, type TestRuntime } from '../helpers/runtime.js';

// The walking skeleton end to end on the demo business: a signed WhatsApp question about a variant
// produces an outbound Graph API request carrying that variant's current stock and price, and a stock
// change between two identical questions changes the answer.

const customer = '6281298765432';
const sku = 'KBP-NAV-L';

let runtime: TestRuntime;
let graph: GraphStandIn;

beforeAll(async () => {
  graph = await startGraphStandIn();
  runtime = await createTestRuntime(channelEnv(graph.url));
  await loadDemoBusiness(runtime.db, runtime.logger);
});

afterAll(async () => {
  await runtime?.close();
  await graph?.close();
});

async function whatsappOffer(): Promise<{ price: number; available: number }> {
  const response = await runtime.request(`/api/catalog/variants?q=${sku}&channel=whatsapp`);
  expect(response.status).toBe(200);
  const items = (await jsonOf(response)).items as Array<{ sku: string; price: number; available: number }>;
  const item = items.find((candidate) => candidate.sku === sku);
  expect(item).toBeDefined();
  return { price: item!.price, available: item!.available };
}

async function askAndReadReply(question: string): Promise<string> {
  const before = graph.requests.length;
  const response = await postSigned(runtime, '/webhooks/whatsapp', whatsappText(customer, question));
  expect(response.status).toBe(200);
  await runtime.jobs.drain();
  const sent = graph.requests.slice(before).filter((request) => request.path.endsWith(`/${phoneNumberId}/messages`));
  expect(sent).toHaveLength(1);
  const body = sent[0]!.body as { messaging_product: string; to: string; type: string; text: { body: string } };
  expect(body.messaging_product).toBe('whatsapp');
  expect(body.to).toBe(customer);
  expect(body.type).toBe('text');
  expect(sent[0]!.authorization).toBe('Bearer test-whatsapp-token');
  return body.text.body;
}

function rupiah(amount: number): string {
  return `Rp${new Intl.NumberFormat('id-ID').format(amount)}`;
}

describe('whatsapp question end to end', () => {
  it('answers from live stock and price', async () => {
    const offer = await whatsappOffer();
    expect(offer.available).toBeGreaterThan(2);

    const first = await askAndReadReply('kak, kemeja batik parang navy L ready?');
    expect(first).toContain(rupiah(offer.price));
    expect(first).toContain(String(offer.available));

    const levels = await jsonOf(await runtime.request(`/api/inventory/levels?sku=${sku}`));
    const stocked = (levels.items as Array<{ location: string; on_hand: number }>).find((level) => level.on_hand >= 2);
    expect(stocked).toBeDefined();
    const adjustment = await runtime.request('/api/inventory/adjustments', {
      method: 'POST',
      json: { sku, location: stocked!.location, delta: -2, reason: 'damaged' },
    });
    expect(adjustment.ok).toBe(true);

    const changed = await whatsappOffer();
    expect(changed.available).toBe(offer.available - 2);
    const second = await askAndReadReply('kak, kemeja batik parang navy L ready?');
    expect(second).toContain(String(changed.available));
    expect(second).not.toContain(`stok ${offer.available}`);
  });

  it('keeps the exchange on the profile', async () => {
    const response = await runtime.request('/api/profiles?phone=0812-9876-5432');
    expect(response.status).toBe(200);
    const profile = await jsonOf(response);
    const messages = profile.messages as Array<{ direction: string; author: string; status: string; channel: string }>;
    expect(messages.filter((message) => message.direction === 'inbound')).toHaveLength(2);
    const outbound = messages.filter((message) => message.direction === 'outbound');
    expect(outbound).toHaveLength(2);
    for (const message of outbound) {
      expect(message.author).toBe('bot');
      expect(message.status).toBe('sent');
      expect(message.channel).toBe('whatsapp');
    }
  });

  it('applies delivery statuses to the reply', async () => {
    // The Graph stand-in numbers its message ids wamid.OUTBOUND1, wamid.OUTBOUND2 … in sending order.
    const sentCount = graph.requests.filter((request) => request.path.endsWith(`/${phoneNumberId}/messages`)).length;
    expect(sentCount).toBe(2);
    const delivered = await postSigned(runtime, '/webhooks/whatsapp', whatsappStatuses([
      { id: `wamid.OUTBOUND${sentCount}`, status: 'delivered', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: customer },
    ]));
    expect(delivered.status).toBe(200);
    await runtime.jobs.drain();
    const profile = await jsonOf(await runtime.request(`/api/profiles?phone=%2B${customer}`));
    const statuses = (profile.messages as Array<{ direction: string; status: string }>)
      .filter((message) => message.direction === 'outbound')
      .map((message) => message.status);
    expect(statuses).toContain('delivered');
  });

  it('reports KPIs over the demo orders', async () => {
    const today = new Date();
    const from = new Date(today.getTime() - 120 * 86_400_000).toISOString().slice(0, 10);
    const response = await runtime.request(`/api/kpis?from=${from}&to=${today.toISOString().slice(0, 10)}`);
    expect(response.status).toBe(200);
    const kpis = await jsonOf(response);
    expect(kpis.oversell_rate.orders).toBeGreaterThan(1000);
    expect(kpis.oversell_rate.oversold_orders).toBeGreaterThan(0);
    expect(kpis.cross_channel_customer_rate.value).toBeGreaterThan(0);
  });
});
