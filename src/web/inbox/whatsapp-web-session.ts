import QRCode from 'qrcode';

type Locale = 'id' | 'en';

const strings = {
  id: {
    title: 'Hubungkan WhatsApp (HP tertaut)',
    qr: 'Buka WhatsApp di HP toko → Perangkat tertaut → Tautkan perangkat, lalu pindai kode ini.',
    ready: 'Terhubung. Pesan WhatsApp masuk ke inbox Satu.',
    waiting: 'Menunggu worker whatsapp-web.js. Jalankan: npm run whatsapp-web',
    states: { starting: 'Memulai', qr: 'Menunggu pindai', authenticated: 'Terautentikasi', ready: 'Terhubung', disconnected: 'Terputus, menyambung ulang', failed: 'Gagal' },
    updated: 'Diperbarui',
  },
  en: {
    title: 'Connect WhatsApp (linked phone)',
    qr: "Open WhatsApp on the shop's phone → Linked devices → Link a device, then scan this code.",
    ready: 'Connected. WhatsApp messages arrive in the Satu inbox.',
    waiting: 'Waiting for the whatsapp-web.js worker. Run: npm run whatsapp-web',
    states: { starting: 'Starting', qr: 'Waiting for scan', authenticated: 'Authenticated', ready: 'Connected', disconnected: 'Disconnected, reconnecting', failed: 'Failed' },
    updated: 'Updated',
  },
} as const;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** Renders the owner's page for linking the phone: the current QR code as SVG, refreshed every five seconds. */
export async function renderWhatsappWebSessionPage(
  session: { state: keyof (typeof strings)['id']['states']; qr: string | null; detail: string | null; updatedAt: Date } | undefined,
  locale: Locale,
): Promise<string> {
  const t = strings[locale];
  let content: string;
  if (!session) content = `<p>${escapeHtml(t.waiting)}</p>`;
  else if (session.state === 'qr' && session.qr) content = `<p>${escapeHtml(t.qr)}</p><div class="qr">${await QRCode.toString(session.qr, { type: 'svg', margin: 1, width: 280 })}</div>`;
  else if (session.state === 'ready') content = `<p>${escapeHtml(t.ready)}</p>`;
  else content = `<p>${escapeHtml(t.states[session.state])}${session.detail ? `: ${escapeHtml(session.detail)}` : ''}</p>`;
  const status = session ? `${escapeHtml(t.states[session.state])} · ${escapeHtml(t.updated)} ${session.updatedAt.toISOString()}` : '';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:520px;margin:40px auto;padding:0 16px;color:#111827}.qr svg{width:280px;height:280px}small{color:#6b7280}</style>
</head><body><h1>${escapeHtml(t.title)}</h1>${content}<p><small>${status}</small></p></body></html>`;
}
