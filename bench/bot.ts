/**
 * Latency of the bot's embedded (templated) mode on the demo business, per kind of question, and of
 * its parts: retrieval, the channel offers read and the store stock read. Prints one table.
 * Usage: npm run bench -- bot
 */
import { composeTemplatedAnswer } from '../src/bot/answer.js';
import { localEmbedder } from '../src/bot/embedding.js';
import { searchProducts } from '../src/bot/retrieval.js';
import { loadConfig } from '../src/config/index.js';
import { openPglite } from '../src/db/index.js';
import { loadDemoBusiness } from '../src/demo/index.js';
import { findVariantBySku, getChannelOffers, listLocationStock } from '../src/inventory/index.js';
import { createLogger } from '../src/logger.js';

const repetitions = 60;

const config = loadConfig({ LOG_LEVEL: 'silent', SATU_LOAD_DEMO: 'never' });
const logger = createLogger('silent');
const database = await openPglite('memory://');
await database.migrate();
await loadDemoBusiness(database.db, logger);
const db = database.db;

const ask = (text: string) => composeTemplatedAnswer(db, { conversationId: 'bench', profileId: 'bench', channelCode: 'whatsapp', text, history: [] }, { config, logger });
await ask('halo');
const variant = (await findVariantBySku(db, 'KBP-NAV-L'))!;

const cases: Array<[string, () => Promise<unknown>]> = [
  ['availability, one variant', () => ask('kak, kemeja batik parang navy L ready?')],
  ['price, one variant', () => ask('brp harga kaos polos putih XL gan')],
  ['store, one variant', () => ask('kemeja batik parang navy L ada di toko bandung gak?')],
  ['availability, product list', () => ask('ada kemeja batik kak?')],
  ['handoff request', () => ask('mau ngobrol sama admin')],
  ['part: retrieval query', () => searchProducts(db, localEmbedder, ['kemeja', 'batik', 'parang'])],
  ['part: getChannelOffers (14 variants)', () => getChannelOffers(db, { variantIds: Array(14).fill(variant.id), channelCode: 'whatsapp' })],
  ['part: listLocationStock (1 variant)', () => listLocationStock(db, { variantIds: [variant.id] })],
];

console.log(`| case | p50 ms | p95 ms | runs |\n| --- | --- | --- | --- |`);
for (const [name, run] of cases) {
  const times: number[] = [];
  for (let i = 0; i < repetitions; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (fraction: number) => times[Math.min(times.length - 1, Math.ceil(fraction * times.length) - 1)]!.toFixed(1);
  console.log(`| ${name} | ${at(0.5)} | ${at(0.95)} | ${repetitions} |`);
}
await database.close();
