import type { Db } from '../db/index.js';
import { getOrder, type OrderView } from '../inventory/index.js';
import type { Locale } from './types.js';

/**
 * Channel codes whose order numbers have a recognisable shape, tried in this order. A number of no
 * known shape is looked up on the customer's own channel.
 */
const channelsByShape: Array<[RegExp, string]> = [
  [/^WEB-\d+$/, 'website'],
  [/^WA-\d{8}-\d+$/, 'whatsapp'],
  [/^IG-\d{8}-\d+$/, 'instagram'],
  [/^BDG-\d{8}-\d+$/, 'pos-bandung'],
  [/^SBY-\d{8}-\d+$/, 'pos-surabaya'],
  [/^INV\/\d{8}\/[A-Z]+\/\d+$/, 'tokopedia'],
  [/^57\d{16}$/, 'tiktok-shop'],
  [/^\d{6}[A-Z0-9]{8}$/, 'shopee'],
];

export type OrderLookup =
  | { kind: 'found'; order: OrderView }
  /** No order has that number, or it belongs to someone else: the two are not told apart. */
  | { kind: 'not_found' };

/** Finds the customer's own order by the number they wrote; another customer's order is never returned. */
export async function findCustomerOrder(db: Db, orderNumber: string, profileId: string, channelCode: string): Promise<OrderLookup> {
  const channels = channelsByShape.filter(([shape]) => shape.test(orderNumber)).map(([, code]) => code);
  for (const code of [...channels, channelCode]) {
    const order = await getOrder(db, { channelCode: code, externalId: orderNumber });
    if (order && order.profileId === profileId) return { kind: 'found', order };
  }
  return { kind: 'not_found' };
}

const statusWords: Record<OrderView['status'], Record<Locale, string>> = {
  pending: { id: 'menunggu pembayaran', en: 'waiting for payment' },
  reserved: { id: 'menunggu pembayaran, barangnya sudah kami siapkan', en: 'waiting for payment, with the items set aside' },
  paid: { id: 'sudah dibayar dan sedang dikemas', en: 'paid and being packed' },
  ready_for_pickup: { id: 'siap diambil di toko', en: 'ready for pickup at the store' },
  picked_up: { id: 'sudah diambil', en: 'picked up' },
  shipped: { id: 'sudah dikirim', en: 'shipped' },
  delivered: { id: 'sudah diterima', en: 'delivered' },
  cancelled: { id: 'dibatalkan', en: 'cancelled' },
  returned: { id: 'sudah diretur', en: 'returned' },
};

/** The status of the customer's order in words, with the pickup code when it waits at a store. */
export function orderStatusReply(order: OrderView, locale: Locale): string {
  const status = statusWords[order.status][locale];
  const pickup = order.status === 'ready_for_pickup' && order.pickupCode
    ? (locale === 'id' ? ` Kode pengambilan: ${order.pickupCode}.` : ` Pickup code: ${order.pickupCode}.`)
    : '';
  return locale === 'id'
    ? `Pesanan ${order.externalId} statusnya ${status} kak.${pickup}`
    : `Order ${order.externalId} is ${status}.${pickup}`;
}

export function orderNotFoundReply(orderNumber: string, locale: Locale): string {
  return locale === 'id'
    ? `Maaf kak, pesanan ${orderNumber} tidak ketemu atas nama kakak. Aku sambungkan ke admin untuk dicek ya.`
    : `Sorry, we couldn't find order ${orderNumber} under your name. I'm passing this to our team to check.`;
}
