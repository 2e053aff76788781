import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerCustomerMessage, type BotAnswer } from '../../src/bot/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { insertBotCatalog } from './catalog-fixture.js';
import { ChatCompletionsServer, lastToolResult, type ChatRequest } from './chat-completions-server.js';

let runtime: TestRuntime;
const model = new ChatCompletionsServer();

interface ProductsResult {
  products: Array<{ sku: string; product_name: string; color: string; size: string; price: number; available: number }>;
}

beforeAll(async () => {
  const baseUrl = await model.start();
  runtime = await createTestRuntime({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: baseUrl, OPENAI_MODEL: 'scripted' });
  await insertBotCatalog(runtime.db);
});

afterAll(async () => {
  await runtime.close();
  await model.stop();
});

beforeEach(() => {
  model.requests.length = 0;
});

async function ask(text: string): Promise<BotAnswer> {
  return answerCustomerMessage(runtime.db, {
    conversationId: 'cnv_llm',
    profileId: 'prf_llm',
    channelCode: 'whatsapp',
    text,
    history: [],
  }, { config: runtime.config, logger: runtime.logger });
}

/** First a product search, then a reply written by `write` from the variant the search returned. */
function searchThenReply(query: string, sku: string, write: (variant: ProductsResult['products'][number]) => string) {
  return (request: ChatRequest, callIndex: number) => {
    if (callIndex === 0) return { toolCalls: [{ name: 'search_products', arguments: { query } }] };
    const result = lastToolResult(request) as ProductsResult;
    const variant = result.products.find((product) => product.sku === sku);
    if (!variant) throw new Error(`search did not return ${sku}`);
    return { content: write(variant) };
  };
}

describe('bot model mode', () => {
  it('sends a grounded model reply', async () => {
    model.script = searchThenReply('kemeja batik parang navy L', 'KBP-NAV-L',
      (variant) => `Kemeja Batik Parang navy L ready kak, stok ${variant.available}, harganya Rp${variant.price.toLocaleString('id-ID')}.`);
    const answer = await ask('kak, kemeja batik navy L ready?');
    expect(answer.kind).toBe('reply');
    expect(answer.text).toBe('Kemeja Batik Parang navy L ready kak, stok 5, harganya Rp249.000.');
    expect(model.requests).toHaveLength(2);
    expect(model.requests[0]!.tools!.map((tool) => tool.function.name)).toEqual([
      'search_products', 'get_availability', 'get_price', 'find_store_stock', 'get_order_status', 'handoff',
    ]);
  });

  it('rejects an invented price', async () => {
    model.script = searchThenReply('kemeja batik parang navy L', 'KBP-NAV-L',
      (variant) => `Kemeja Batik Parang navy L ready kak, stok ${variant.available}, lagi promo jadi Rp199.000 aja!`);
    const answer = await ask('kak, kemeja batik parang navy L ready?');
    expect(answer.text).not.toContain('Rp199.000');
    expect(answer.text).toContain('Rp249.000');
    expect(answer.text).toContain('stok 5');
  });

  it('rejects an invented stock count', async () => {
    model.script = searchThenReply('kaos polos hitam M', 'KPP-HTM-M', () => 'Kaos Polos Premium hitam M ready kak, stok 99.');
    const answer = await ask('kaos polos hitam M ready?');
    expect(answer.text).not.toContain('stok 99');
    expect(answer.text).toContain('stok 12');
  });

  it('rejects a product no tool returned', async () => {
    model.script = () => ({ content: 'Kemeja Batik Sogan Premium ready kak, silakan diorder.' });
    const answer = await ask('kemeja batik parang navy L ready?');
    expect(answer.text).not.toContain('Sogan');
    expect(answer.text).toContain('Kemeja Batik Parang navy L ready kak, stok 5');
  });

  it('rejects a catalog product it did not look up', async () => {
    model.script = searchThenReply('kemeja batik parang navy L', 'KBP-NAV-L', () => 'Yang ready Kemeja Batik Kawung kak.');
    const answer = await ask('kemeja batik parang navy L ready?');
    expect(answer.text).not.toContain('Kawung');
  });

  it('checks store stock through a tool', async () => {
    model.script = (request, callIndex) => {
      if (callIndex === 0) return { toolCalls: [{ name: 'find_store_stock', arguments: { sku: 'kbp-htm-l', city: 'Bandung' } }] };
      const result = lastToolResult(request) as { stores: Array<{ store: string; available: number }> };
      const store = result.stores[0]!;
      return { content: `Ada kak, di ${store.store} tersisa ${store.available}.` };
    };
    const answer = await ask('kemeja batik parang hitam L ada di toko bandung?');
    expect(answer.text).toBe('Ada kak, di Toko Dago tersisa 2.');
  });

  it('hands off through the tool', async () => {
    model.script = (_request, callIndex) => (callIndex === 0
      ? { toolCalls: [{ name: 'handoff', arguments: { reason: 'low_confidence' } }] }
      : { content: 'unused' });
    const answer = await ask('bisa custom bordir nama di kemeja?');
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'low_confidence' });
  });

  it('hands off requests without the model', async () => {
    model.script = () => ({ content: 'Halo!' });
    const answer = await ask('mau ngobrol sama admin');
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'requested' });
    expect(model.requests).toHaveLength(0);
  });

  it('falls back when the server fails', async () => {
    model.script = () => ({ status: 500 });
    const answer = await ask('kaos polos hitam M ready?');
    expect(answer.text).toContain('Kaos Polos Premium hitam M ready kak, stok 12');
  });

  it('gives the model the customer timeline', async () => {
    await runtime.db.execute(sql`insert into conversations (id, profile_id, channel, external_thread_id)
      values ('cnv_ig_llm', 'prf_llm', 'instagram', 'ig-thread-llm')`);
    await runtime.db.execute(sql`insert into messages (id, conversation_id, profile_id, channel, direction, author, body, status, sent_at)
      values ('msg_ig_llm', 'cnv_ig_llm', 'prf_llm', 'instagram', 'inbound', 'customer', 'kak jaket bomber hijau masih ada?', 'received', now())`);
    model.script = () => ({ content: 'Halo kak, ada yang bisa dibantu?' });
    await ask('halo kak');
    const systemTexts = model.requests[0]!.messages.filter((message) => message.role === 'system').map((message) => message.content ?? '');
    expect(systemTexts.some((text) => text.includes('instagram customer: kak jaket bomber hijau masih ada?'))).toBe(true);
  });

  it('falls back when tools loop', async () => {
    model.script = () => ({ toolCalls: [{ name: 'get_price', arguments: { sku: 'KPP-HTM-M' } }] });
    const answer = await ask('kaos polos hitam M ready?');
    expect(model.requests).toHaveLength(4);
    expect(answer.text).toContain('stok 12');
  });
});
