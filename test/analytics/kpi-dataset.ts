import type { Executor } from '../../src/db/index.js';
import { insertChannel, insertConversation, insertListingSnapshot, insertLocation, insertOrder, insertVariant } from './fixtures.js';

/**
 * One small shop, reported over 2026-03-01..2026-03-07 (Asia/Jakarta, WIB = UTC+7); the previous
 * period is 2026-02-22..2026-02-28. Every timestamp is written in WIB so the expected values in the
 * tests can be checked by hand against this list.
 *
 * Current period orders (8):
 *   a1  A shopee   shipped   delivery from wh-jakarta     03-02 10:00, shipped 16:00 (360 min)  1 × 100.000
 *   a2  A shopee   shipped   delivery from store-bandung  03-05 08:00, shipped 10:00 (120 min)  1 × 120.000
 *   b1  B website  picked_up BOPIS store-bandung          03-03 10:00, ready 10:30, picked 12:30 2 × 50.000 + 1 × 100.000
 *   b2  B website  cancelled out_of_stock                 03-03 11:00                           1 × 50.000
 *   b3  B website  ready_for_pickup BOPIS store-bandung   03-04 09:00, ready 10:30 (90 min)     1 × 150.000
 *   c1  C pos-bandung paid POS store-bandung              03-07 23:30 (16:30 UTC, still 03-07)  3 × 100.000
 *   e1  E shopee   cancelled customer_request             03-01 00:30 (02-28 17:30 UTC)         1 × 80.000
 *   e2  E website  pending  delivery                      03-06 14:00                           1 × 40.000
 * Outside both periods: c2, C shopee paid 03-08 00:10 WIB (03-07 17:10 UTC), 1 × 500.000.
 * Previous period orders (2):
 *   f1  F shopee   cancelled out_of_stock                 02-28 23:30                           1 × 90.000
 *   g1  G website  delivered delivery from wh-jakarta     02-25 12:00                           1 × 100.000
 * Conversations:
 *   A whatsapp: customer 03-03 10:00:00, bot 10:00:30, bot 10:05; resolved by the bot.
 *   D whatsapp: customer 03-04 12:00, bot 12:01, handed off, agent 12:11, agent 12:31; resolved.
 *   C instagram: customer 03-08 00:30 WIB (03-07 17:30 UTC): outside the period.
 * Listing snapshots (listed price / price book, published stock / hub available):
 *   shopee 03-02 100.000/100.000 5/5; shopee 03-03 95.000/100.000 4/5; website 03-04 100.000/100.000 none/3;
 *   website 03-08 00:30 WIB 1/2 (outside the period).
 */
export async function insertKpiWeek(db: Executor): Promise<void> {
  await insertChannel(db, 'shopee', 'marketplace');
  await insertChannel(db, 'website', 'website');
  await insertChannel(db, 'pos-bandung', 'pos');
  await insertChannel(db, 'whatsapp', 'messaging');
  await insertChannel(db, 'instagram', 'messaging');
  await insertLocation(db, 'wh-jakarta', 'warehouse');
  await insertLocation(db, 'store-bandung', 'store');
  await insertVariant(db, 'KMJ-NAVY-L', 100_000);

  const line = (unitPrice: number, quantity = 1, location?: string) => ({ sku: 'KMJ-NAVY-L', quantity, unitPrice, ...(location ? { location } : {}) });
  await insertOrder(db, {
    id: 'ord_a1', channel: 'shopee', profileId: 'prf_a', status: 'shipped',
    placedAt: '2026-03-02T10:00:00+07:00', shippedAt: '2026-03-02T16:00:00+07:00', lines: [line(100_000, 1, 'wh-jakarta')],
  });
  await insertOrder(db, {
    id: 'ord_a2', channel: 'shopee', profileId: 'prf_a', status: 'shipped',
    placedAt: '2026-03-05T08:00:00+07:00', shippedAt: '2026-03-05T10:00:00+07:00', lines: [line(120_000, 1, 'store-bandung')],
  });
  await insertOrder(db, {
    id: 'ord_b1', channel: 'website', profileId: 'prf_b', status: 'picked_up', fulfillment: 'bopis', store: 'store-bandung',
    placedAt: '2026-03-03T10:00:00+07:00', readyAt: '2026-03-03T10:30:00+07:00', pickedUpAt: '2026-03-03T12:30:00+07:00',
    lines: [line(50_000, 2, 'store-bandung'), line(100_000, 1, 'store-bandung')],
  });
  await insertOrder(db, {
    id: 'ord_b2', channel: 'website', profileId: 'prf_b', status: 'cancelled', cancelReason: 'out_of_stock',
    placedAt: '2026-03-03T11:00:00+07:00', cancelledAt: '2026-03-03T11:05:00+07:00', lines: [line(50_000)],
  });
  await insertOrder(db, {
    id: 'ord_b3', channel: 'website', profileId: 'prf_b', status: 'ready_for_pickup', fulfillment: 'bopis', store: 'store-bandung',
    placedAt: '2026-03-04T09:00:00+07:00', readyAt: '2026-03-04T10:30:00+07:00', lines: [line(150_000, 1, 'store-bandung')],
  });
  await insertOrder(db, {
    id: 'ord_c1', channel: 'pos-bandung', profileId: 'prf_c', status: 'paid', fulfillment: 'pos', store: 'store-bandung',
    placedAt: '2026-03-07T23:30:00+07:00', lines: [line(100_000, 3, 'store-bandung')],
  });
  await insertOrder(db, {
    id: 'ord_c2', channel: 'shopee', profileId: 'prf_c', status: 'paid',
    placedAt: '2026-03-08T00:10:00+07:00', lines: [line(500_000, 1, 'wh-jakarta')],
  });
  await insertOrder(db, {
    id: 'ord_e1', channel: 'shopee', profileId: 'prf_e', status: 'cancelled', cancelReason: 'customer_request',
    placedAt: '2026-03-01T00:30:00+07:00', cancelledAt: '2026-03-01T08:00:00+07:00', lines: [line(80_000)],
  });
  await insertOrder(db, {
    id: 'ord_e2', channel: 'website', profileId: 'prf_e', status: 'pending',
    placedAt: '2026-03-06T14:00:00+07:00', lines: [line(40_000)],
  });
  await insertOrder(db, {
    id: 'ord_f1', channel: 'shopee', profileId: 'prf_f', status: 'cancelled', cancelReason: 'out_of_stock',
    placedAt: '2026-02-28T23:30:00+07:00', cancelledAt: '2026-03-01T09:00:00+07:00', lines: [line(90_000)],
  });
  await insertOrder(db, {
    id: 'ord_g1', channel: 'website', profileId: 'prf_g', status: 'delivered',
    placedAt: '2026-02-25T12:00:00+07:00', shippedAt: '2026-02-25T18:00:00+07:00', lines: [line(100_000, 1, 'wh-jakarta')],
  });

  await insertConversation(db, {
    id: 'cnv_a', profileId: 'prf_a', channel: 'whatsapp', status: 'resolved',
    messages: [
      { author: 'customer', sentAt: '2026-03-03T10:00:00+07:00' },
      { author: 'bot', sentAt: '2026-03-03T10:00:30+07:00' },
      { author: 'bot', sentAt: '2026-03-03T10:05:00+07:00' },
    ],
  });
  await insertConversation(db, {
    id: 'cnv_d', profileId: 'prf_d', channel: 'whatsapp', owner: 'agent', handoffReason: 'customer_request', status: 'resolved',
    messages: [
      { author: 'customer', sentAt: '2026-03-04T12:00:00+07:00' },
      { author: 'bot', sentAt: '2026-03-04T12:01:00+07:00' },
      { author: 'agent', sentAt: '2026-03-04T12:11:00+07:00' },
      { author: 'agent', sentAt: '2026-03-04T12:31:00+07:00' },
    ],
  });
  await insertConversation(db, {
    id: 'cnv_c', profileId: 'prf_c', channel: 'instagram',
    messages: [{ author: 'customer', sentAt: '2026-03-08T00:30:00+07:00' }],
  });

  const snapshot = (channel: string, recordedAt: string, listedPrice: number, expectedPrice: number, publishedStock: number | null, hubAvailable: number) =>
    insertListingSnapshot(db, { channel, sku: 'KMJ-NAVY-L', recordedAt, listedPrice, expectedPrice, publishedStock, hubAvailable });
  await snapshot('shopee', '2026-03-02T10:00:00+07:00', 100_000, 100_000, 5, 5);
  await snapshot('shopee', '2026-03-03T10:00:00+07:00', 95_000, 100_000, 4, 5);
  await snapshot('website', '2026-03-04T10:00:00+07:00', 100_000, 100_000, null, 3);
  await snapshot('website', '2026-03-08T00:30:00+07:00', 1, 2, 1, 1);
}
