import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/inventory/index.js';
import { answerCustomerMessage, type BotAnswer, type BotInput, type HistoryTurn } from '../../src/bot/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { insertBotCatalog, setStock } from './catalog-fixture.js';
import { ungroundedNumbers } from './grounding.js';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await createTestRuntime();
  await insertBotCatalog(runtime.db);
});

afterAll(async () => {
  await runtime.close();
});

async function ask(text: string, options: { history?: string[]; channelCode?: string; preferredLocale?: 'id' | 'en'; profileId?: string } = {}): Promise<BotAnswer> {
  const history: HistoryTurn[] = (options.history ?? []).map((body, index) => ({
    author: index % 2 === 0 ? 'customer' : 'bot',
    body,
    sentAt: new Date(Date.now() - (10 - index) * 60_000),
  }));
  const input: BotInput = {
    conversationId: 'cnv_test',
    profileId: options.profileId ?? 'prf_test',
    channelCode: options.channelCode ?? 'whatsapp',
    text,
    history,
    ...(options.preferredLocale ? { preferredLocale: options.preferredLocale } : {}),
  };
  const answer = await answerCustomerMessage(runtime.db, input, { config: runtime.config, logger: runtime.logger });
  expect(ungroundedNumbers(answer, text)).toEqual([]);
  return answer;
}

function replyOf(answer: BotAnswer) {
  if (answer.kind !== 'reply') throw new Error(`expected a reply, got a handoff: ${answer.text}`);
  return answer;
}

describe('bot availability', () => {
  it('answers variant stock and price in Indonesian', async () => {
    const answer = replyOf(await ask('kak, kemeja batik navy L ready?'));
    expect(answer.locale).toBe('id');
    expect(answer.intent).toBe('availability');
    expect(answer.text).toContain('Kemeja Batik Parang navy L');
    expect(answer.text).toContain('stok 5');
    expect(answer.text).toContain('Rp249.000');
    expect(answer.facts.offers.map((offer) => offer.sku)).toContain('KBP-NAV-L');
  });

  it('changes the answer after a stock change', async () => {
    const before = replyOf(await ask('kemeja batik parang navy XL ready?'));
    expect(before.text).toContain('stok 1');
    await setStock(runtime.db, 'KBP-NAV-XL', 'WH-JKT', 6);
    const after = replyOf(await ask('kemeja batik parang navy XL ready?'));
    expect(after.text).toContain('stok 7');
    expect(after.text).not.toEqual(before.text);
  });

  it('names alternatives when out of stock', async () => {
    const answer = replyOf(await ask('kemeja batik parang hitam L ada?'));
    expect(answer.text).toContain('habis');
    expect(answer.text).toContain('Toko Dago (Bandung): hitam L 2');
    expect(answer.text).toContain('hitam M (4, Rp249.000)');
  });

  it('answers in English', async () => {
    const answer = replyOf(await ask('is the navy batik parang shirt in size L in stock?'));
    expect(answer.locale).toBe('en');
    expect(answer.text).toContain('is in stock: 5 available at Rp249.000');
  });

  it('uses the channel price', async () => {
    const answer = replyOf(await ask('berapa harga kaos polos hitam S?', { channelCode: 'instagram' }));
    expect(answer.intent).toBe('price');
    expect(answer.text).toContain('Rp109.000');
  });

  it('reports an unknown product', async () => {
    const answer = replyOf(await ask('ada jas hujan kak?'));
    expect(answer.text).toContain('belum ada di katalog');
    expect(answer.facts.offers).toEqual([]);
  });

  it('lists several matching products', async () => {
    const answer = replyOf(await ask('kemeja batik ready?'));
    expect(answer.text).toContain('Kemeja Batik Parang');
    expect(answer.text).toContain('Kemeja Batik Kawung');
  });

  it('lists sizes and colours', async () => {
    const answer = replyOf(await ask('kaos polos ada warna apa aja?'));
    expect(answer.intent).toBe('options');
    expect(answer.text).toContain('warna hitam dan putih, ukuran S, M dan L');
  });

  it('says when a size does not exist', async () => {
    const answer = replyOf(await ask('sepatu sneakers ukuran 45 ada?'));
    expect(answer.text).toContain('tidak ada yang 45');
    expect(answer.text).toContain('putih 42 (2, Rp299.000)');
  });
});

describe('bot combined questions', () => {
  it('answers online and store stock together', async () => {
    const answer = replyOf(await ask('kemeja batik parang hitam M ready? ada di toko bandung?'));
    expect(answer.text).toContain('Kemeja Batik Parang hitam M ready kak, stok 4. Harganya Rp249.000.');
    expect(answer.text).toContain('tidak tersedia di toko Bandung');
  });

  it('answers two products in one message', async () => {
    const answer = replyOf(await ask('kemeja batik parang navy L sama kaos polos hitam M ready?'));
    expect(answer.text).toContain('Kemeja Batik Parang navy L ready kak, stok 5. Harganya Rp249.000.');
    expect(answer.text).toContain('Kaos Polos Premium hitam M ready kak, stok 12. Harganya Rp99.000.');
  });

  it('says when stock is short of the quantity', async () => {
    const answer = replyOf(await ask('mau beli 5 pcs kemeja batik parang navy M, ready?'));
    expect(answer.text).toContain('stoknya tinggal 3, belum cukup untuk 5');
  });
});

describe('bot follow-ups', () => {
  const first = 'kak, kemeja batik navy L ready?';

  it('answers the price of the previous product', async () => {
    const answer = replyOf(await ask('harganya berapa?', { history: [first, 'Kemeja Batik Parang navy L ready kak'] }));
    expect(answer.intent).toBe('price');
    expect(answer.text).toContain('Harga Kemeja Batik Parang navy L Rp249.000');
  });

  it('keeps Indonesian for a short thanks', async () => {
    const answer = replyOf(await ask('ok makasih', { history: [first, 'ready kak'] }));
    expect(answer.intent).toBe('thanks');
    expect(answer.locale).toBe('id');
  });

  it('keeps English for a short follow-up', async () => {
    const answer = replyOf(await ask('and in XL?', { history: ['is the navy batik parang shirt in L available?', 'yes'] }));
    expect(answer.locale).toBe('en');
    expect(answer.text).toContain('Kemeja Batik Parang navy XL');
  });

  it('switches colour on "kalau yang hitam?"', async () => {
    const answer = replyOf(await ask('kalau yang hitam?', { history: [first, 'ready kak'] }));
    expect(answer.text).toContain('hitam L');
    expect(answer.text).toContain('habis');
  });

  it('answers store stock in the named city', async () => {
    const answer = replyOf(await ask('ada di toko bandung gak?', { history: ['kemeja batik parang hitam L ready?', 'habis kak'] }));
    expect(answer.intent).toBe('store');
    expect(answer.text).toContain('Toko Dago (Bandung): hitam L 2');
    expect(answer.facts.locations.length).toBeGreaterThan(0);
  });

  it('says when the named city has no store', async () => {
    const answer = replyOf(await ask('kalau di surabaya?', { history: ['sepatu sneakers putih 42 ready?', 'ready kak'] }));
    expect(answer.text).toContain('tidak tersedia di toko Surabaya');
    expect(answer.text).toContain('Toko Dago (Bandung)');
  });
});

describe('bot handoff', () => {
  it('hands off on request in Indonesian', async () => {
    const answer = await ask('mau ngobrol sama admin');
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'requested', locale: 'id' });
  });

  it('hands off on request in English', async () => {
    const answer = await ask('talk to a person');
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'requested', locale: 'en' });
  });

  it('hands off a complaint', async () => {
    const answer = await ask('barangnya rusak, saya kecewa banget');
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'complaint' });
  });

  it('says once that it did not understand', async () => {
    const answer = replyOf(await ask('qwerty zxcv'));
    expect(answer.intent).toBe('unknown');
    expect(answer.text).toContain('belum paham');
  });

  it('hands off after two unknown products', async () => {
    const first = replyOf(await ask('ada jas hujan?'));
    const answer = await ask('kalau payung lipat ada?', { history: ['ada jas hujan?', first.text] });
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'low_confidence' });
  });

  it('hands off on a channel without prices', async () => {
    const answer = await ask('kaos polos hitam M ready?', { channelCode: 'tiktok-live' });
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'low_confidence' });
  });

  it('hands off when not understood twice', async () => {
    const answer = await ask('zzzz xxxx', { history: ['qwerty zxcv', 'Maaf kak, aku belum paham'] });
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'not_understood' });
  });
});

describe('bot retrieval index', () => {
  it('finds a product added to the catalog', async () => {
    const before = replyOf(await ask('ada topi baseball?'));
    expect(before.text).toContain('belum ada di katalog');
    await runtime.db.execute(sql`insert into products (id, handle, name, category) values ('prd_topi', 'tbb', 'Topi Baseball', 'aksesoris')`);
    await runtime.db.execute(sql`insert into variants (id, product_id, sku, color, options, base_price)
      values ('var_topi', 'prd_topi', 'TBB-HTM', 'hitam', '{"color":"hitam"}'::jsonb, 89000)`);
    await setStock(runtime.db, 'TBB-HTM', 'WH-JKT', 3);
    await runtime.jobs.enqueue('bot.refresh-index', {});
    await runtime.jobs.drain();
    const after = replyOf(await ask('ada topi baseball?'));
    expect(after.text).toContain('Topi Baseball hitam ready kak, stok 3. Harganya Rp89.000.');
  });
});

describe('bot order status', () => {
  beforeAll(async () => {
    const result = await createOrder(runtime.db, {
      channelCode: 'whatsapp',
      externalId: 'WA-20261201-0001',
      profileId: 'prf_test',
      lines: [{ sku: 'KPP-PTH-L', quantity: 1 }],
      fulfillment: { type: 'delivery', city: 'Bandung' },
      actor: 'test',
    });
    expect(result.kind).toBe('created');
  });

  it('tells the owner the status', async () => {
    const answer = replyOf(await ask('pesanan WA-20261201-0001 sudah sampai mana?'));
    expect(answer.intent).toBe('order_status');
    expect(answer.text).toContain('Pesanan WA-20261201-0001 statusnya menunggu pembayaran');
  });

  it('hides another customer\'s order', async () => {
    const answer = await ask('pesanan WA-20261201-0001 sudah sampai mana?', { profileId: 'prf_other' });
    expect(answer).toMatchObject({ kind: 'handoff', reason: 'requested' });
    expect(answer.text).not.toContain('menunggu pembayaran');
  });

  it('asks for the order number', async () => {
    const answer = replyOf(await ask('where is my order?'));
    expect(answer.text).toContain('order number');
  });
});

describe('bot context and wording', () => {
  const first = 'kemeja batik navy L ready?';
  const firstReply = 'Kemeja Batik Parang navy L ready kak, stok 5. Harganya Rp249.000.';

  it('unknown product after context', async () => {
    const answer = replyOf(await ask('ada iphone 15 gak?', { history: [first, firstReply] }));
    expect(answer.text).toContain('belum ada di katalog');
    expect(answer.text).not.toContain('Kemeja Batik Parang');
    expect(answer.facts.offers).toEqual([]);
  });

  it('unknown product after context in English', async () => {
    const answer = replyOf(await ask('do you have iphone 15?', { history: ['is the navy batik parang shirt in L available?', 'yes'] }));
    expect(answer.locale).toBe('en');
    expect(answer.text).toContain("we don't have");
    expect(answer.text).not.toContain('Kemeja Batik Parang');
  });

  it('size follow-up keeps the product', async () => {
    const answer = replyOf(await ask('ukuran M ada?', { history: [first, firstReply] }));
    expect(answer.text).toContain('Kemeja Batik Parang navy M');
  });

  it('describing follow-up keeps the product', async () => {
    const answer = replyOf(await ask('yang lebih gede ada?', { history: [first, firstReply] }));
    expect(answer.text).toContain('Kemeja Batik Parang navy L');
  });

  it('options list every size after a variant', async () => {
    const answer = replyOf(await ask('ukuran apa aja yang ready?', { history: [first, firstReply, 'yang M ada?', 'Kemeja Batik Parang navy M ready kak'] }));
    expect(answer.intent).toBe('options');
    expect(answer.text).toMatch(/Yang ready sekarang: navy: M, L, XL\./);
  });

  it('options list every size in English', async () => {
    const answer = replyOf(await ask('what sizes do you have?', { history: ['is the navy batik parang shirt in L available?', 'yes'] }));
    expect(answer.locale).toBe('en');
    expect(answer.text).toMatch(/In stock now: navy: M, L, XL\./);
  });

  it('English reply names colours in English', async () => {
    const english = replyOf(await ask('what colours does the batik parang shirt come in?'));
    expect(english.text).toContain('colours black and navy');
    expect(english.text).not.toContain('hitam');
    const brown = replyOf(await ask('is the batik kawung shirt in M in stock?'));
    expect(brown.text).toContain('Kemeja Batik Kawung brown M is in stock');
    const indonesian = replyOf(await ask('kemeja batik kawung M ready?'));
    expect(indonesian.text).toContain('Kemeja Batik Kawung cokelat M ready kak');
  });

  it('sold out in every store', async () => {
    const answer = replyOf(await ask('kemeja batik parang hitam XL ready?'));
    expect(answer.text).toContain('sedang habis, baik online maupun di semua toko');
    expect(answer.text).not.toContain('untuk pembelian online');
    const english = replyOf(await ask('is the batik parang shirt in black XL in stock?'));
    expect(english.text).toContain('out of stock everywhere');
    expect(english.text).not.toContain('sold out online');
    const price = replyOf(await ask('harga kemeja batik parang hitam XL berapa?'));
    expect(price.text).toContain('sedang habis, baik online maupun di semua toko');
    expect(price.text).not.toContain('untuk pembelian online');
  });
});
