import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCustomerMessage, type BotAnswer, type HistoryTurn } from '../../src/bot/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { insertBotCatalog, setStock } from './catalog-fixture.js';
import { ungroundedNumbers } from './grounding.js';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await createTestRuntime();
  await insertBotCatalog(runtime.db);
  await runtime.db.execute(sql`insert into products (id, handle, name, category) values ('prd_sarung', 'sts', 'Sarung Tenun Samarinda', 'sarung')`);
  await runtime.db.execute(sql`insert into variants (id, product_id, sku, color, options, base_price)
    values ('var_sarung', 'prd_sarung', 'STS-BRU', 'biru', '{"color":"biru"}'::jsonb, 189000)`);
  await setStock(runtime.db, 'STS-BRU', 'WH-JKT', 4);
});

afterAll(async () => {
  await runtime.close();
});

/** Sends each message in turn with the bot's earlier replies as history, and returns the reply to the last. */
async function converse(...texts: string[]): Promise<Extract<BotAnswer, { kind: 'reply' }>> {
  const history: HistoryTurn[] = [];
  let answer: BotAnswer | undefined;
  for (const text of texts) {
    answer = await answerCustomerMessage(runtime.db, { conversationId: 'cnv_follow', profileId: 'prf_follow', channelCode: 'whatsapp', text, history: [...history] }, {
      config: runtime.config,
      logger: runtime.logger,
    });
    expect(ungroundedNumbers(answer, text)).toEqual([]);
    history.push({ author: 'customer', body: text, sentAt: new Date() }, { author: 'bot', body: answer.text, sentAt: new Date() });
  }
  if (answer?.kind !== 'reply') throw new Error(`expected a reply, got ${answer?.text}`);
  return answer;
}

describe('bot follow-up product', () => {
  it('colour question keeps the answered product', async () => {
    const answer = await converse('kemeja batik navy L ready?', 'does it come in white?');
    expect(answer.text).toContain("Kemeja Batik Parang doesn't come in white");
    expect(answer.text).toContain('It comes in black and navy');
    expect(answer.text).not.toContain('Kawung');
  });

  it('colour question lists the sizes in stock', async () => {
    const answer = await converse('kaos polos hitam M ready?', 'does it come in white?');
    expect(answer.text).toContain('Kaos Polos Premium comes in colours black and white');
    expect(answer.text).toContain('In stock now: white: L.');
  });

  it('colour list names one product', async () => {
    const answer = await converse('kemeja batik navy L ready?', 'warna apa aja?');
    expect(answer.text).toMatch(/^Kemeja Batik Parang ada warna hitam dan navy/);
    expect(answer.text).not.toContain('Kawung');
  });
});

describe('bot typo correction', () => {
  it('unrelated word is an unknown product', async () => {
    const answer = await converse('ada samsung?');
    expect(answer.text).toContain('"samsung" belum ada di katalog');
    expect(answer.facts.offers).toEqual([]);
  });

  it('close typo is still corrected', async () => {
    const answer = await converse('ada sarunk tenun biru?');
    expect(answer.text).toContain('Sarung Tenun Samarinda biru ready kak, stok 4');
  });
});

describe('bot cheaper products', () => {
  it('lists cheaper products of the category', async () => {
    const answer = await converse('kemeja batik navy L ready?', 'yang lebih murah ada?');
    expect(answer.text).toContain('Yang lebih murah dari Kemeja Batik Parang (Rp249.000)');
    expect(answer.text).toContain('Kemeja Batik Kawung: Rp229.000, ready cokelat M (6)');
  });

  it('lists cheaper products in English', async () => {
    const answer = await converse('is the navy batik parang shirt in L in stock?', 'any cheaper ones?');
    expect(answer.locale).toBe('en');
    expect(answer.text).toContain('Cheaper than Kemeja Batik Parang (Rp249.000) and in stock:');
    expect(answer.text).toContain('Kemeja Batik Kawung: Rp229.000, in stock brown M (6)');
  });

  it('says when nothing is cheaper', async () => {
    const answer = await converse('kaos polos hitam M ready?', 'yang lebih murah ada?');
    expect(answer.text).toContain('belum ada yang lebih murah dari Kaos Polos Premium (Rp99.000)');
  });
});

describe('bot catalog freshness', () => {
  it('finds a product added a moment ago', async () => {
    expect((await converse('ada kemeja flanel?')).text).toContain('belum ada di katalog');
    await runtime.db.execute(sql`insert into products (id, handle, name, category) values ('prd_flanel', 'kfl', 'Kemeja Flanel Kotak', 'kemeja')`);
    await runtime.db.execute(sql`insert into variants (id, product_id, sku, color, options, base_price)
      values ('var_flanel', 'prd_flanel', 'KFL-MRH', 'merah', '{"color":"merah"}'::jsonb, 199000)`);
    await setStock(runtime.db, 'KFL-MRH', 'WH-JKT', 2);
    const answer = await converse('ada kemeja flanel?');
    expect(answer.text).toContain('Kemeja Flanel Kotak merah ready kak, stok 2');
  });

  it('names no product removed a moment ago', async () => {
    await runtime.db.execute(sql`insert into products (id, handle, name, category) values ('prd_oxford', 'kox', 'Kemeja Oxford Polos', 'kemeja')`);
    await runtime.db.execute(sql`insert into variants (id, product_id, sku, color, options, base_price)
      values ('var_oxford', 'prd_oxford', 'KOX-BRU', 'biru', '{"color":"biru"}'::jsonb, 179000)`);
    expect((await converse('ada kemeja oxford?')).text).toContain('Kemeja Oxford Polos');
    const before = await converse('ada oxford sutra?');
    expect(before.text).toContain('Yang mirip: Kemeja Oxford Polos');
    await runtime.db.execute(sql`delete from variants where id = 'var_oxford'`);
    await runtime.db.execute(sql`delete from products where id = 'prd_oxford'`);
    const after = await converse('ada oxford sutra?');
    expect(after.text).toContain('belum ada di katalog');
    expect(after.text).not.toContain('Oxford');
  });
});
