import type { PlannedVariant } from './catalog.js';
import type { SeededRandom } from './random.js';

/** One line of a scripted chat, before it gets a time and an id. */
export interface ScriptLine {
  author: 'customer' | 'bot' | 'agent';
  body: string;
}

export interface ChatContext {
  firstName: string;
  variant: PlannedVariant;
  /** The variant's price on the chat's channel, whole rupiah. */
  price: number;
  /** The phone number as the customer types it into the chat, when they share it. */
  typedPhone: string | null;
}

const rupiah = new Intl.NumberFormat('id-ID');
const formatRupiah = (amount: number) => `Rp${rupiah.format(amount)}`;

const englishColors: Record<string, string> = {
  navy: 'navy', hitam: 'black', putih: 'white', merah: 'red', hijau: 'green', 'abu-abu': 'grey', cokelat: 'brown',
  krem: 'cream', biru: 'blue', maroon: 'maroon',
};

const stores = [
  { code: 'toko-bandung', name: 'Toko Bandung', typed: 'toko bandung' },
  { code: 'toko-surabaya', name: 'Toko Surabaya', typed: 'toko surabaya' },
];

const totalStock = (variant: PlannedVariant) => Object.values(variant.stock).reduce((sum, units) => sum + units, 0);

function describeIndonesian(variant: PlannedVariant): string {
  return `${variant.productName} ${variant.color}${variant.size ? ` ${variant.size}` : ''}`;
}

function availabilityIndonesian(random: SeededRandom, context: ChatContext): ScriptLine[] {
  const { variant } = context;
  const item = describeIndonesian(variant);
  const question = random.pick([
    `kak, ${item} ready?`,
    `Halo kak, ${variant.productName} warna ${variant.color}${variant.size ? ` ukuran ${variant.size}` : ''} masih ada?`,
    `${item} ready gak kak?`,
    `Permisi kak, mau tanya ${item} ada stok?`,
  ]);
  const answer = totalStock(variant) > 0
    ? `Halo Kak! ${item} ready, harganya ${formatRupiah(context.price)}. Mau langsung dipesan?`
    : `Maaf Kak, ${item} sedang kosong di semua lokasi kami. Mau dicarikan warna atau ukuran lain?`;
  return [{ author: 'customer', body: question }, { author: 'bot', body: answer }];
}

function priceIndonesian(random: SeededRandom, context: ChatContext): ScriptLine[] {
  const question = random.pick(['harganya berapa kak?', `Kak, ${context.variant.productName} harganya berapa?`]);
  return [
    { author: 'customer', body: question },
    { author: 'bot', body: `${context.variant.productName} harganya ${formatRupiah(context.price)} Kak.` },
  ];
}

function storeIndonesian(random: SeededRandom, context: ChatContext): ScriptLine[] {
  const store = random.pick(stores);
  const item = describeIndonesian(context.variant);
  const question = random.pick([`ada di ${store.typed} gak?`, `kalau di ${store.typed} ada kak?`]);
  let answer: string;
  if ((context.variant.stock[store.code] ?? 0) > 0) answer = `Ada Kak, ${item} tersedia di ${store.name}.`;
  else if (totalStock(context.variant) > 0) answer = `Maaf Kak, di ${store.name} sedang kosong, tapi bisa kami kirim dari lokasi lain ya.`;
  else answer = `Maaf Kak, di ${store.name} juga sedang kosong.`;
  return [{ author: 'customer', body: question }, { author: 'bot', body: answer }];
}

function handoffIndonesian(random: SeededRandom, context: ChatContext): ScriptLine[] {
  const agent = random.pick(['Rina', 'Dewi', 'Fajar']);
  return [
    { author: 'customer', body: random.pick(['mau ngobrol sama admin', 'kak bisa sambung ke admin?']) },
    { author: 'bot', body: 'Baik Kak, saya sambungkan ke admin kami. Mohon ditunggu sebentar ya.' },
    { author: 'agent', body: `Halo Kak ${context.firstName}, saya ${agent} dari tim CS. Ada yang bisa dibantu?` },
    { author: 'customer', body: random.pick(['mau tukar ukuran kak, kekecilan', 'paket saya belum sampai kak', 'bisa kirim hari ini kak?']) },
    { author: 'agent', body: 'Bisa Kak, mohon kirimkan nomor pesanannya ya, kami cek dulu.' },
  ];
}

function availabilityEnglish(context: ChatContext): ScriptLine[] {
  const { variant } = context;
  const color = englishColors[variant.color] ?? variant.color;
  const item = `${variant.productName} in ${color}${variant.size ? `, size ${variant.size},` : ''}`;
  const answer = totalStock(variant) > 0
    ? `Hi! The ${item} is available for ${formatRupiah(context.price)}. Would you like to order it?`
    : `Sorry, the ${item} is out of stock at all our locations.`;
  return [
    { author: 'customer', body: `Hi, is the ${variant.productName} ${color}${variant.size ? ` ${variant.size}` : ''} available?` },
    { author: 'bot', body: answer },
  ];
}

/** Writes a short chat about one variant: an availability question, then follow-ups, in Indonesian or English. */
export function writeChatScript(random: SeededRandom, context: ChatContext): { lines: ScriptLine[]; handedOff: boolean } {
  if (random.chance(0.1)) {
    return { lines: [...availabilityEnglish(context), { author: 'customer', body: 'Great, thanks!' }], handedOff: false };
  }
  const lines = availabilityIndonesian(random, context);
  if (random.chance(0.5)) lines.push(...priceIndonesian(random, context));
  if (random.chance(0.4)) lines.push(...storeIndonesian(random, context));
  if (context.typedPhone) {
    lines.push(
      { author: 'customer', body: `ini nomor WA aku kak ${context.typedPhone}` },
      { author: 'bot', body: 'Terima kasih Kak, nomornya sudah kami catat.' },
    );
  }
  const handedOff = random.chance(0.15);
  if (handedOff) lines.push(...handoffIndonesian(random, context));
  else lines.push({ author: 'customer', body: 'oke makasih kak' }, { author: 'bot', body: 'Sama-sama Kak, selamat berbelanja!' });
  return { lines, handedOff };
}
