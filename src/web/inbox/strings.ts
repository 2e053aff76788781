export type InboxLocale = 'id' | 'en';

/** Every text of the agent inbox page, in Indonesian (the default) and English. */
export const inboxStrings = {
  id: {
    title: 'Inbox Satu', all: 'Semua', agent: 'Perlu agen', bot: 'Dipegang bot', open: 'Terbuka', resolved: 'Selesai',
    empty: 'Tidak ada percakapan.', choose: 'Pilih percakapan di kiri.', reply: 'Tulis balasan…', send: 'Kirim',
    takeover: 'Ambil alih', handback: 'Kembalikan ke bot', resolve: 'Tandai selesai', handoff: 'Diserahkan bot', unverifiedContact: 'Kontak belum diverifikasi (cek sebelum menggabungkan profil)',
    windowClosed: 'Lebih dari 24 jam sejak pelanggan menulis: WhatsApp hanya menerima template.', template: 'Nama template',
    language: 'Bahasa', sendTemplate: 'Kirim template', customer: 'Pelanggan', botAuthor: 'Bot', agentAuthor: 'Agen',
    failed: 'Gagal', signIn: 'Masuk dulu di /dashboard/sign-in.', error: 'Ada gangguan, coba lagi.', switchLanguage: 'English',
  },
  en: {
    title: 'Satu inbox', all: 'All', agent: 'Needs an agent', bot: 'Bot-owned', open: 'Open', resolved: 'Resolved',
    empty: 'No conversations.', choose: 'Choose a conversation on the left.', reply: 'Write a reply…', send: 'Send',
    takeover: 'Take over', handback: 'Hand back to the bot', resolve: 'Mark resolved', handoff: 'Handed off by the bot', unverifiedContact: 'Unverified contact (check before merging profiles)',
    windowClosed: 'More than 24 hours since the customer wrote: WhatsApp accepts only a template.', template: 'Template name',
    language: 'Language', sendTemplate: 'Send template', customer: 'Customer', botAuthor: 'Bot', agentAuthor: 'Agent',
    failed: 'Failed', signIn: 'Sign in first at /dashboard/sign-in.', error: 'Something went wrong, try again.', switchLanguage: 'Bahasa Indonesia',
  },
} as const satisfies Record<InboxLocale, Record<string, string>>;
