export type ChatLocale = 'id' | 'en';

/** Every text the web chat shows, in Indonesian (the default) and English. */
export const chatStrings = {
  id: {
    title: 'Chat dengan toko',
    subtitle: 'Tanya stok, harga, ukuran, atau toko terdekat. Kami balas secepatnya.',
    placeholder: 'Tulis pesan…',
    send: 'Kirim',
    contactLegend: 'Mau dihubungi lewat WhatsApp atau email? (opsional)',
    phone: 'Nomor HP',
    email: 'Email',
    save: 'Simpan',
    saved: 'Tersimpan, terima kasih!',
    you: 'Kamu',
    shop: 'Toko',
    agent: 'Admin',
    failed: 'Gagal terkirim',
    rateLimited: 'Terlalu banyak pesan. Tunggu sebentar lalu coba lagi.',
    error: 'Ada gangguan. Coba lagi sebentar lagi.',
    switchLanguage: 'English',
    open: 'Chat',
    close: 'Tutup',
    empty: 'Belum ada pesan. Sapa kami dulu, ya!',
  },
  en: {
    title: 'Chat with the shop',
    subtitle: 'Ask about stock, prices, sizes or the nearest store. We reply as soon as we can.',
    placeholder: 'Write a message…',
    send: 'Send',
    contactLegend: 'Want us to reach you on WhatsApp or by email? (optional)',
    phone: 'Phone number',
    email: 'Email',
    save: 'Save',
    saved: 'Saved, thank you!',
    you: 'You',
    shop: 'Shop',
    agent: 'Agent',
    failed: 'Not delivered',
    rateLimited: 'Too many messages. Wait a moment and try again.',
    error: 'Something went wrong. Try again in a moment.',
    switchLanguage: 'Bahasa Indonesia',
    open: 'Chat',
    close: 'Close',
    empty: 'No messages yet. Say hello!',
  },
} as const satisfies Record<ChatLocale, Record<string, string>>;

/** Returns the requested locale (`?lang=`), else the configured default. */
export function chatLocale(requested: string | undefined, fallback: ChatLocale): ChatLocale {
  return requested === 'en' || requested === 'id' ? requested : fallback;
}
