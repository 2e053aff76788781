import { cityWords, colourWords, letterSizes, stopWords } from './lexicon.js';
import { normalizeMessage } from './normalize.js';
import { correctTypo, type Vocabulary } from './vocabulary.js';

export const intents = [
  'availability', 'price', 'options', 'store', 'shipping', 'order_status', 'greeting', 'thanks', 'complaint',
  'handoff_request', 'unknown',
] as const;
export type Intent = (typeof intents)[number];

export interface Entities {
  /** Words that name the product, typo-corrected against the catalog, in message order. */
  productWords: string[];
  colour?: string;
  size?: string;
  city?: string;
  orderNumber?: string;
  quantity?: number;
}

export interface Understanding {
  /** The intent the answer leads with. */
  intent: Intent;
  /** Every intent found, primary first; a message may ask several things. */
  intents: Intent[];
  entities: Entities;
  locale: 'id' | 'en';
  /** 0..1: how much of the message the rules accounted for. */
  confidence: number;
  /** True when an intent word was found; false when the intent was inferred from a product mention. */
  explicitIntent: boolean;
}

const patterns: Array<[Intent, RegExp]> = [
  ['handoff_request', /\b(admin|operator|human|manusia|live agent|agent|customer service|real person|petugas|staff)\b|\b(talk|speak|chat|ngobrol|ngomong|bicara|hubungi|sambungkan|connect|telpon|telepon|call)\b.*\b(person|orang|someone|somebody|staff|human|representative)\b/],
  ['complaint', /\b(kecewa|rusak|tukar|kekecilan|kebesaran|exchange|cacat|komplain|complain|complaint|refund|retur|sobek|luntur|penipu|tipu|nipu|parah|jelek|kesal|kesel|marah|nyesel|bohong|disappointed|broken|damaged|terrible|awful|worst|angry|ripped|torn|faded)\b|\b(salah kirim|barang salah|salah (warna|ukuran|size|barang|model)|(dateng|datang) salah|tidak sesuai|wrong (item|size|colou?r)|never arrived|not arrived|belum (sampai|datang|diterima) (juga|padahal)|lama banget|lama sekali|too long|money back|uang kembali|kembalikan uang)\b/],
  ['order_status', /\b(resi|tracking|track|lacak|no pesanan|nomor pesanan|order number|order status|status pesanan|status order)\b|\b(pesanan|order|paket|kiriman|orderan)\b.*\b(status|sampai mana|dimana|kapan|sudah|belum|where|arrive|shipped|dikirim|diproses|sampai)\b|\bwhere is my\b|\b(kapan|belum) (sampai|datang|dikirim)\b/],
  ['shipping', /\b(ongkir|ongkos kirim|ongkos|cod|bayar di tempat|shipping|delivery|deliver|ekspedisi|kurir|courier|jne|jnt|j&t|sicepat|anteraja|gosend|grabexpress|pos indonesia|ship to|kirim ke|dikirim ke|bisa kirim|kirim ke luar|pengiriman|estimasi)\b/],
  ['store', /\b(toko|store|stores|cabang|outlet|offline|butik|showroom|pickup|pick up|bopis|ambil di|ambil sendiri|ambil langsung|datang langsung|visit|mampir|in person|branch)\b/],
  ['options', /\b(ukuran|size|warna|color|varian|variant|pilihan|options?)\b.{0,25}\b(apa|saja|which|what|lengkap|lain|other|do you have|come in)\b|\b(apa|what|which)\b.{0,12}\b(ukuran|size|sizes|warna|color|varian|pilihan)\b|\b(ada|tersedia|available|come) (dalam|in) (warna|ukuran|size|color|what|which)\b|\bsize chart\b|\b(sizes|colors)\b/],
  ['price', /\b(harga|price|prices|pricing|how much|cost|costs|murah|mahal|diskon|discount|promo|sale|dibanderol)\b|(?<!\b(stok|sisa|ukuran|size|nomor|tinggal) )\bberapa\b(?!\s*(lama|hari|stok|sisa|pcs|ukuran|size|banyak|biji|buah|unit|lagi))/],
  ['availability', /\b(ready|ada|stok|tersedia|available|availability|in stock|sisa|habis|kosong|restock|sold out|do you have|do you sell|have|got|jual|punya|masih|tinggal|mau order|mau beli|want to buy|buy|beli|order)\b/],
  ['thanks', /\b(terimakasih|terima kasih|thanks|thank you|nuhun|matur nuwun|appreciate)\b/],
  ['greeting', /^(halo|hallo|helo|hai|hi|hello|hey|hei|p|ping|permisi|assalamualaikum|assalamualaikum wr wb|salam|selamat (pagi|siang|sore|malam)|pagi|siang|sore|malam|good (morning|afternoon|evening)|morning)( (admin|semua|all))?$/],
];

const englishMarkers = new Set([
  'the', 'is', 'are', 'do', 'does', 'you', 'have', 'how', 'much', 'what', 'which', 'where', 'my', 'i', 'in', 'stock',
  'price', 'available', 'please', 'thanks', 'thank', 'can', 'size', 'sizes', 'colors', 'store', 'person', 'talk', 'want',
  'to', 'a', 'any', 'there', 'hello', 'hi', 'it', 'for', 'of', 'shoes', 'shirt', 'trousers', 'pants', 'jacket', 'still',
  'black', 'white', 'red', 'green', 'blue', 'order', 'with', 'me', 'this', 'that', 'cost', 'shipping', 'delivery',
  'speak', 'someone', 'human', 'agent', 'broken', 'damaged', 'wrong', 'where', 'when', 'deliver', 'got', 'sell', 'buy',
  'good', 'morning', 'evening', 'afternoon', 'tshirt', 'bag', 'hat', 'skirt', 'your', 'colours',
]);
const indonesianMarkers = new Set([
  'ada', 'tidak', 'berapa', 'harga', 'yang', 'ini', 'itu', 'apa', 'saya', 'mau', 'bisa', 'kalau', 'dong', 'ready',
  'stok', 'ukuran', 'warna', 'toko', 'di', 'ke', 'dari', 'untuk', 'sama', 'masih', 'sudah', 'belum', 'pesanan', 'kirim',
  'ongkir', 'terimakasih', 'halo', 'kemeja', 'celana', 'sepatu', 'kaos', 'jaket', 'hitam', 'putih', 'merah', 'hijau',
  'biru', 'gimana', 'tolong', 'dengan', 'juga', 'lagi', 'saja', 'kecewa', 'rusak', 'tersedia', 'pagi', 'siang', 'sore',
  'malam', 'cabang', 'ngobrol', 'kapan', 'sampai', 'jual', 'beli', 'punya', 'habis', 'kosong', 'dimana',
  // Chat particles and slang, read before slang rewriting.
  'kak', 'ka', 'kk', 'gan', 'sis', 'min', 'dong', 'sih', 'nih', 'deh', 'ya', 'yaa', 'gak', 'ga', 'nggak', 'gk', 'yg', 'brp',
  'makasih', 'mksh', 'trims', 'kalo', 'klo', 'aja', 'udah', 'blm', 'hrg', 'harganya', 'stoknya', 'ukurannya', 'warnanya',
]);

/** Reads intent and entities from one message with rules; `vocabulary` adds the catalog's own words. */
export function understandMessage(raw: string, vocabulary: Vocabulary, preferredLocale?: 'id' | 'en'): Understanding {
  const orderNumber = findOrderNumber(raw);
  // The order number is taken out first so that its digits are not read as sizes or quantities.
  const { text, tokens, rawTokens } = normalizeMessage(orderNumber ? raw.replace(orderNumber.written, ' ') : raw);
  const found: Intent[] = [];
  for (const [intent, pattern] of patterns) if (pattern.test(text)) found.push(intent);

  const entities = extractEntities(text, tokens, vocabulary);
  if (orderNumber) entities.orderNumber = orderNumber.value;
  // Words the catalog does not know ("asdf") make a product question only together with an intent word.
  const knownProduct = entities.productWords.some((word) => vocabulary.words.has(word));
  const hasProduct = knownProduct || entities.colour !== undefined || entities.size !== undefined;
  const ordered = rankIntents(found, text, hasProduct, entities);
  const intent = ordered[0] ?? (hasProduct ? 'availability' : 'unknown');
  const intentsFound = ordered.length > 0 ? ordered : [intent];

  const explained = explainedShare(tokens, entities, found.length > 0);
  return {
    intent,
    intents: intentsFound,
    entities,
    locale: detectLocale(rawTokens, preferredLocale),
    confidence: intent === 'unknown' ? 0 : explained,
    explicitIntent: ordered.length > 0,
  };
}

function rankIntents(found: Intent[], text: string, hasProduct: boolean, entities: Entities): Intent[] {
  const set = new Set(found);
  if (entities.orderNumber) set.add('order_status');
  // "mau order kemeja" is a purchase question, not a question about an existing order.
  if (set.has('order_status') && !entities.orderNumber && hasProduct && !/\b(pesanan|paket|resi|tracking|where is my)\b/.test(text)) {
    set.delete('order_status');
  }
  // A city named in a shipping question is the destination, not a store.
  if (set.has('shipping') && set.has('store') && !/\b(toko|store|cabang|outlet|pickup|pick up|ambil)\b/.test(text)) set.delete('store');
  if (entities.city && !set.has('shipping') && (hasProduct || set.size > 0 || /\b(di|in|at)\s+\w+$/.test(text) || /\b(di|in|at)\b/.test(text))) {
    set.add('store');
  }
  // "halo admin" greets; it does not ask for a person.
  if (set.has('greeting') && set.has('handoff_request')) set.delete('handoff_request');
  // Greeting words in front of a real question do not make it a greeting.
  const substantive = [...set].filter((intent) => intent !== 'greeting' && intent !== 'thanks');
  if (substantive.length > 0 || hasProduct) {
    set.delete('greeting');
    if (substantive.length > 0) set.delete('thanks');
  }
  // "berapa" next to a size or colour question asks which ones exist, not the price.
  if (set.has('options') && set.has('price') && !/\b(harga|price|how much|cost|diskon|promo)\b/.test(text)) set.delete('price');
  if ((set.has('price') || set.has('options') || set.has('store')) && set.has('availability') && !/\b(ready|stok|tersedia|available|in stock|sisa|habis|kosong)\b/.test(text)) {
    set.delete('availability');
  }

  const priority: Intent[] = [
    'handoff_request', 'complaint', 'order_status', 'shipping', 'store', 'options', 'availability', 'price', 'thanks',
    'greeting',
  ];
  return priority.filter((intent) => set.has(intent));
}

function extractEntities(text: string, tokens: string[], vocabulary: Vocabulary): Entities {
  const entities: Entities = { productWords: [] };
  const consumed = new Set<number>();

  // Multi-word colours first ("biru dongker"), then single words.
  const padded = ` ${text} `;
  for (const [canonical, words] of Object.entries(colourWords)) {
    for (const word of words) {
      if (!word.includes(' ')) continue;
      if (padded.includes(` ${word} `) && entities.colour === undefined) {
        entities.colour = canonical;
        markPhrase(tokens, word.split(' '), consumed);
      }
    }
  }
  const colourByWord = new Map<string, string>();
  for (const [canonical, words] of Object.entries(colourWords)) for (const word of words) colourByWord.set(word, canonical);
  for (const [canonical, colour] of vocabulary.colours) colourByWord.set(canonical, colour);
  const sizeByWord = new Map<string, string>();
  for (const [canonical, words] of Object.entries(letterSizes)) for (const word of words) sizeByWord.set(word, canonical);


  tokens.forEach((token, index) => {
    if (consumed.has(index)) return;
    const previous = tokens[index - 1] ?? '';
    const next = tokens[index + 1] ?? '';

    // "Jaket Denim" names a product; denim is a colour only where the catalog lists it as one.
    const productWord = vocabulary.words.has(token) && !vocabulary.colours.has(token);
    const colour = productWord ? undefined : colourByWord.get(token);
    // "item" is chat slang for hitam only after a product word or "yang", or before a size ("kaos polos item XL").
    if (token === 'item' && entities.colour === undefined && (vocabulary.words.has(previous) || previous === 'yang' || sizeByWord.has(next) || /^(ukuran|size)$/.test(next))) {
      entities.colour = 'hitam';
      return void consumed.add(index);
    }
    if (colour && entities.colour === undefined && !(token === 'abu' && next === 'abu')) {
      entities.colour = colour;
      return void consumed.add(index);
    }
    if (token === 'all' && next === 'size') {
      entities.size = 'All Size';
      consumed.add(index + 1);
      return void consumed.add(index);
    }
    const size = sizeByWord.get(token);
    if (size && entities.size === undefined && isSizeToken(token, previous, next)) {
      entities.size = size;
      return void consumed.add(index);
    }
    if (/^\d+$/.test(token)) {
      const value = Number(token);
      const sizeContext = /^(ukuran|size|no|nomor|number|uk)$/.test(previous);
      const quantityContext = /^(pcs|potong|lusin|unit|pasang|buah)$/.test(next) || /^(beli|ambil|pesan|order|mau|buy)$/.test(previous);
      if (quantityContext && value > 0 && value < 1000 && !sizeContext) {
        entities.quantity = value;
        return void consumed.add(index);
      }
      // Two-digit numbers in the range of shoe and waist sizes are sizes, even ones the catalog lacks.
      if ((sizeContext || (value >= 26 && value <= 48)) && entities.size === undefined) {
        entities.size = token;
        return void consumed.add(index);
      }
      return void consumed.add(index);
    }
    if (cityWords.includes(token) || vocabulary.cities.has(token)) {
      entities.city ??= token;
      return void consumed.add(index);
    }
  });

  for (const [index, token] of tokens.entries()) {
    if (consumed.has(index) || token.length < 2 || stopWords.has(token) || intentWords.has(token)) continue;
    const corrected = correctTypo(token, vocabulary);
    const isProductWord = vocabulary.words.has(corrected) && !vocabulary.colours.has(corrected);
    const asColour = isProductWord ? undefined : colourByWord.get(corrected);
    if (asColour && entities.colour === undefined) {
      entities.colour = asColour;
      continue;
    }
    if (cityWords.includes(corrected) || vocabulary.cities.has(corrected)) {
      entities.city ??= corrected;
      continue;
    }
    if (!entities.productWords.includes(corrected)) entities.productWords.push(corrected);
  }
  return entities;
}

/**
 * Order numbers in the shapes the shop's channels use: marketplace invoices (INV/20260101/MPL/123…),
 * prefixed serials (WEB-10001, WA-20260101-0004, ORD-123), long numeric ids, Shopee's date-prefixed
 * codes, or anything written after "#". Phone numbers (08…, 628…) are not order numbers.
 */
const orderNumberPatterns = [
  /\b(INV\/\d{6,8}\/[A-Z]{2,5}\/\d{4,})\b/i,
  /\b((?:WEB|WA|IG|BDG|SBY|ORD|POS|INV|SO)-\d{3,}(?:-\d{3,})?)\b/i,
  /\b(\d{6}[A-Z0-9]*[A-Z][A-Z0-9]*)\b/,
  /#\s?([A-Z0-9][A-Z0-9/-]{3,})/i,
  /\b((?!08|628)\d{10,20})\b/,
];

function findOrderNumber(raw: string): { written: string; value: string } | undefined {
  for (const pattern of orderNumberPatterns) {
    const match = pattern.exec(raw);
    if (match?.[1] && /\d/.test(match[1]) && match[1].length >= 5) return { written: match[0], value: match[1].toUpperCase() };
  }
  return undefined;
}

/** Decides whether a lone "s", "m" or "l" is a size: only next to a size word, a colour or a product word, or at the end. */
function isSizeToken(token: string, previous: string, next: string): boolean {
  if (token.length > 1) return true;
  if (/^(ukuran|size|uk)$/.test(previous)) return true;
  return previous !== '' || next === '' || next === 'ready' || next === 'ada' || next === 'stok';
}

function markPhrase(tokens: string[], phrase: string[], consumed: Set<number>): void {
  for (let start = 0; start + phrase.length <= tokens.length; start += 1) {
    if (phrase.every((word, offset) => tokens[start + offset] === word)) {
      for (let offset = 0; offset < phrase.length; offset += 1) consumed.add(start + offset);
      return;
    }
  }
}

/** Words that signal an intent; they never count as product words. */
export const intentWords = new Set([
  'admin', 'operator', 'human', 'manusia', 'agent', 'person', 'orang', 'someone', 'talk', 'speak', 'ngobrol', 'bicara',
  'hubungi', 'sambungkan', 'connect', 'kecewa', 'rusak', 'cacat', 'komplain', 'complain', 'complaint', 'refund', 'retur',
  'resi', 'tracking', 'track', 'lacak', 'pesanan', 'paket', 'kiriman', 'status', 'ongkir', 'ongkos', 'kirim', 'dikirim',
  'cod', 'shipping', 'delivery', 'deliver', 'ekspedisi', 'kurir', 'jne', 'jnt', 'sicepat', 'pengiriman', 'estimasi',
  'murah', 'mahal', 'diskon', 'discount', 'promo', 'sale', 'habis', 'kosong', 'restock', 'sold', 'out', 'terima', 'kasih',
  'thank', 'halo', 'hallo', 'helo', 'hey', 'hei', 'permisi', 'assalamualaikum', 'selamat', 'good', 'morning', 'evening',
  'afternoon', 'kapan', 'sampai', 'datang', 'where', 'when', 'arrive', 'shipped', 'lama', 'hari', 'customer', 'service',
  'live', 'real', 'chat', 'call', 'telpon', 'telepon', 'staff', 'petugas', 'wrong', 'broken', 'damaged', 'angry', 'ready',
  'jual', 'punya', 'sell', 'have', 'got', 'offline', 'pickup', 'pick', 'up', 'bopis', 'langsung', 'sendiri', 'visit',
  'mampir', 'branch', 'butik', 'showroom', 'options', 'option', 'variant', 'chart', 'dibanderol', 'pricing', 'prices',
  'diproses', 'dimana', 'lagi', 'apa', 'saja', 'tanya', 'nanya', 'mohon', 'tolong', 'coba', 'cek', 'check', 'lihat',
  'liat', 'dulu', 'kalau', 'gimana', 'will', 'would', 'could', 'should', 'be', 'know', 'tell', 'let', 'send', 'see',
  'like', 'ask', 'just', 'also', 'and', 'or', 'but', 'so', 'if', 'then', 'yes', 'no', 'not', 'dont', 'im', 'youre',
  'its', 'whats', 'wheres', 'hows', 'was', 'were', 'been', 'has', 'had', 'did', 'am', 'come', 'comes', 'sizes', 'colors',
  'many', 'stock', 'stocks', 'pieces', 'piece', 'pair', 'pairs', 'pasang', 'unit', 'lusin', 'nomor', 'no', 'dalam',
  'bayar', 'tempat', 'transfer', 'gratis', 'free', 'luar', 'pulau', 'kota', 'alamat', 'address', 'ke', 'di', 'nih',
  'sekalian', 'gitu', 'begitu', 'banget', 'sekali', 'very', 'really', 'too', 'more', 'most', 'some', 'one', 'satu',
  'dua', 'tiga', 'anything', 'something', 'bisa', 'dapat', 'ready', 'kak', 'min', 'sist', 'agan', 'juragan', 'boss',
  'bos', 'kalo', 'terus', 'trus', 'lalu', 'sekarang', 'skrg', 'hari', 'besok', 'tomorrow', 'kemarin', 'yesterday',
  'wah', 'oh', 'ohh', 'hmm', 'eh', 'btw', 'ok', 'oke', 'okay', 'sip', 'siap', 'mantap', 'bagus', 'nice', 'cool',
]);

function explainedShare(tokens: string[], entities: Entities, hasIntent: boolean): number {
  if (tokens.length === 0) return 0;
  const base = hasIntent ? 0.6 : 0.3;
  const productSignal = entities.productWords.length > 0 ? 0.3 : 0;
  const entitySignal = entities.colour || entities.size || entities.city || entities.orderNumber ? 0.1 : 0;
  return Math.min(1, base + productSignal + entitySignal);
}

/** English when English marker words outnumber Indonesian ones; the preferred locale breaks ties. */
export function detectLocale(tokens: string[], preferredLocale?: 'id' | 'en'): 'id' | 'en' {
  let english = 0;
  let indonesian = 0;
  for (const token of tokens) {
    if (englishMarkers.has(token)) english += 1;
    if (indonesianMarkers.has(token)) indonesian += 1;
  }
  if (english > indonesian) return 'en';
  if (indonesian > english) return 'id';
  return preferredLocale ?? 'id';
}
