import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCustomerMessage, type BotAnswer } from '../../src/bot/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await createTestRuntime();
});

afterAll(async () => {
  await runtime.close();
});

async function ask(text: string, preferredLocale: 'id' | 'en' = 'id'): Promise<BotAnswer> {
  return answerCustomerMessage(runtime.db, {
    conversationId: 'cnv_empty', profileId: 'prf_empty', channelCode: 'webchat', text, history: [], preferredLocale,
  }, { config: runtime.config, logger: runtime.logger });
}

/** Product words of the demo and test catalogs that an empty catalog cannot have given. */
const inventedProducts = /kemeja|kaos|celana|chino|sepatu|sneakers|batik|t-shirt|shirt|trousers/i;

describe('bot empty catalog', () => {
  it('suggests no product when nothing matches', async () => {
    const answer = await ask('ada iphone 15?');
    expect(answer.text).toContain('belum ada di katalog');
    expect(answer.text).not.toMatch(inventedProducts);
  });

  it('suggests no product in English', async () => {
    const answer = await ask('do you have an iphone 15?', 'en');
    expect(answer.text).toContain("we don't have");
    expect(answer.text).not.toMatch(inventedProducts);
  });

  it('asks for the product without examples', async () => {
    const answer = await ask('ready kak?');
    expect(answer.text).toContain('Produk yang mana');
    expect(answer.text).not.toMatch(inventedProducts);
  });

  it('says not understood without examples', async () => {
    const answer = await ask('qwerty zxcv');
    expect(answer.text).toContain('belum paham');
    expect(answer.text).not.toMatch(inventedProducts);
  });
});
