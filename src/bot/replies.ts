import { formatRupiah } from './format.js';
import type { Locale } from './types.js';

/** Fixed bot texts in Indonesian and English. None of them contains a number or names a product. */
export const fixedReplies = {
  greeting: {
    id: 'Halo kak! Ada yang bisa dibantu? Kakak bisa tanya stok, harga, ukuran, warna, atau toko yang punya barangnya.',
    en: 'Hello! How can we help? You can ask about stock, prices, sizes, colours, or which store has an item.',
  },
  thanks: {
    id: 'Sama-sama kak! Kabari lagi kalau ada yang mau ditanyakan ya.',
    en: "You're welcome! Let us know if there's anything else.",
  },
  notUnderstood: {
    id: 'Maaf kak, aku belum paham maksudnya. Coba tulis nama produk, warna, dan ukurannya ya.',
    en: "Sorry, I didn't understand that. Please tell me the product name, colour and size.",
  },
  handoffRequested: {
    id: 'Baik kak, aku sambungkan ke admin ya. Mohon tunggu sebentar, admin kami akan membalas di chat ini.',
    en: "Sure, I'm connecting you with our team. Please hold on, someone will reply in this chat.",
  },
  handoffComplaint: {
    id: 'Mohon maaf atas ketidaknyamanannya kak. Aku teruskan ke admin supaya segera dibantu, mohon tunggu di chat ini ya.',
    en: "We're sorry about this. I'm passing you to our team so they can sort it out; please wait in this chat.",
  },
  handoffNotUnderstood: {
    id: 'Maaf kak, aku masih belum paham. Aku sambungkan ke admin ya, mohon tunggu sebentar.',
    en: "Sorry, I still don't understand. I'm connecting you with our team; please hold on.",
  },
  handoffLowConfidence: {
    id: 'Maaf kak, aku belum bisa menemukan barang yang kakak cari. Aku sambungkan ke admin ya, mohon tunggu sebentar.',
    en: "Sorry, I can't find what you're looking for. I'm connecting you with our team; please hold on.",
  },
  askProduct: {
    id: 'Produk yang mana kak? Tulis nama produknya ya.',
    en: 'Which product do you mean? Please give its name.',
  },
  shipping: {
    id: 'Kami kirim ke seluruh Indonesia kak. Ongkir dan pilihan COD tergantung alamat dan kurir, dan tampil saat checkout. Kalau mau, admin bisa bantu cek untuk alamat kakak.',
    en: 'We ship across Indonesia. Shipping cost and cash on delivery depend on your address and courier and are shown at checkout. Our team can check them for your address if you like.',
  },
  askOrderNumber: {
    id: 'Boleh kirim nomor pesanannya kak? Nanti admin bantu cek statusnya.',
    en: 'Could you send your order number? Our team will check its status.',
  },
} satisfies Record<string, Record<Locale, string>>;

export function fixedReply(key: keyof typeof fixedReplies, locale: Locale): string {
  return fixedReplies[key][locale];
}

const notFoundMarkers = ['belum ada di katalog kami', "we don't have"];

/** True for a reply of `productNotFoundReply`, so that the next not-found question goes to a person. */
export function isProductNotFoundReply(text: string): boolean {
  return notFoundMarkers.some((marker) => text.includes(marker));
}

/**
 * Says the product is not sold, naming similar products without their numbers (the reply carries no rows).
 * Only catalog products read for this message are suggested; with none, the reply suggests nothing.
 */
export function productNotFoundReply(words: string[], similarNames: string[], locale: Locale): string {
  const query = words.join(' ');
  const similar = similarNames.filter((name) => !/\d/.test(name));
  if (similar.length > 0) {
    return locale === 'id'
      ? `Maaf kak, "${query}" belum ada di katalog kami. Yang mirip: ${similar.join(', ')}.`
      : `Sorry, we don't have "${query}" in our catalog. Similar products: ${similar.join(', ')}.`;
  }
  return locale === 'id'
    ? `Maaf kak, "${query}" belum ada di katalog kami. Coba sebut nama produk lain ya.`
    : `Sorry, we don't have "${query}" in our catalog. Try another product name.`;
}

export function priceText(price: number): string {
  return formatRupiah(price);
}
