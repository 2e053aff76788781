import type { SeededRandom } from './random.js';

const firstNames = [
  'Adi', 'Agus', 'Ahmad', 'Andi', 'Anisa', 'Ayu', 'Bambang', 'Bayu', 'Budi', 'Citra', 'Dani', 'Dedi', 'Dewi', 'Dian',
  'Dimas', 'Eka', 'Endah', 'Fajar', 'Fitri', 'Galih', 'Gilang', 'Hana', 'Hendra', 'Indah', 'Intan', 'Irfan', 'Joko',
  'Kartika', 'Lestari', 'Lina', 'Maya', 'Mega', 'Muhammad', 'Nadia', 'Nia', 'Novi', 'Nur', 'Putri', 'Raden', 'Rahmat',
  'Ratna', 'Reza', 'Rina', 'Rizki', 'Sari', 'Siti', 'Sri', 'Taufik', 'Teguh', 'Tika', 'Tri', 'Utami', 'Wahyu', 'Wulan',
  'Yoga', 'Yudi', 'Yuni', 'Zahra',
];

const lastNames = [
  'Pratama', 'Saputra', 'Wijaya', 'Santoso', 'Hidayat', 'Kusuma', 'Nugroho', 'Setiawan', 'Lestari', 'Rahayu', 'Purnomo',
  'Siregar', 'Nasution', 'Harahap', 'Simanjuntak', 'Sihombing', 'Wibowo', 'Susanto', 'Gunawan', 'Hakim', 'Permana',
  'Ramadhan', 'Maharani', 'Utomo', 'Firmansyah', 'Kurniawan', 'Hasibuan', 'Manurung', 'Syahputra', 'Anggraini',
  'Puspita', 'Wulandari', 'Handayani', 'Suryadi', 'Sulistyo', 'Hutapea', 'Tanjung', 'Lubis', 'Pangaribuan', 'Daulay',
  'Halim', 'Tanoto', 'Sembiring', 'Ginting', 'Pohan', 'Rangkuti', 'Syamsudin', 'Mulyadi', 'Hartono', 'Fauzi',
];

export interface City {
  name: string;
  province: string;
  /** Relative share of customers living there. */
  weight: number;
  /** The POS channel of the nearest store, for customers who buy in person. */
  nearestPos: 'pos-bandung' | 'pos-surabaya';
}

export const cities: City[] = [
  { name: 'Jakarta Selatan', province: 'DKI Jakarta', weight: 10, nearestPos: 'pos-bandung' },
  { name: 'Jakarta Barat', province: 'DKI Jakarta', weight: 7, nearestPos: 'pos-bandung' },
  { name: 'Jakarta Timur', province: 'DKI Jakarta', weight: 7, nearestPos: 'pos-bandung' },
  { name: 'Bandung', province: 'Jawa Barat', weight: 14, nearestPos: 'pos-bandung' },
  { name: 'Cimahi', province: 'Jawa Barat', weight: 4, nearestPos: 'pos-bandung' },
  { name: 'Bekasi', province: 'Jawa Barat', weight: 6, nearestPos: 'pos-bandung' },
  { name: 'Depok', province: 'Jawa Barat', weight: 4, nearestPos: 'pos-bandung' },
  { name: 'Bogor', province: 'Jawa Barat', weight: 4, nearestPos: 'pos-bandung' },
  { name: 'Tangerang', province: 'Banten', weight: 5, nearestPos: 'pos-bandung' },
  { name: 'Surabaya', province: 'Jawa Timur', weight: 12, nearestPos: 'pos-surabaya' },
  { name: 'Sidoarjo', province: 'Jawa Timur', weight: 4, nearestPos: 'pos-surabaya' },
  { name: 'Malang', province: 'Jawa Timur', weight: 4, nearestPos: 'pos-surabaya' },
  { name: 'Semarang', province: 'Jawa Tengah', weight: 4, nearestPos: 'pos-surabaya' },
  { name: 'Yogyakarta', province: 'DI Yogyakarta', weight: 4, nearestPos: 'pos-surabaya' },
  { name: 'Surakarta', province: 'Jawa Tengah', weight: 2, nearestPos: 'pos-surabaya' },
  { name: 'Medan', province: 'Sumatera Utara', weight: 4, nearestPos: 'pos-bandung' },
  { name: 'Palembang', province: 'Sumatera Selatan', weight: 2, nearestPos: 'pos-bandung' },
  { name: 'Makassar', province: 'Sulawesi Selatan', weight: 3, nearestPos: 'pos-surabaya' },
  { name: 'Denpasar', province: 'Bali', weight: 3, nearestPos: 'pos-surabaya' },
  { name: 'Balikpapan', province: 'Kalimantan Timur', weight: 2, nearestPos: 'pos-surabaya' },
];

/** Cities a store's walk-in customers come from. */
export const storeCities: Record<string, string[]> = {
  'pos-bandung': ['Bandung', 'Cimahi'],
  'pos-surabaya': ['Surabaya', 'Sidoarjo'],
};

/** Mobile prefixes of Indonesian operators (Telkomsel, Indosat, XL, Tri, Smartfren, Axis) without the leading 0. */
const mobilePrefixes = ['811', '812', '813', '821', '822', '823', '852', '853', '855', '856', '857', '858', '817', '818', '819', '877', '878', '895', '896', '897', '898', '881', '882', '838'];

/**
 * Numbers the demo never hands out: the example numbers people type when testing, which the CDP rejects
 * as placeholders.
 */
const reservedNationalNumbers = new Set(['81234567890', '8123456789']);

export function generatePersonName(random: SeededRandom): string {
  return `${random.pick(firstNames)} ${random.pick(lastNames)}`;
}

/** Draws an unused Indonesian mobile number as its national significant number (no 0, no +62) of 10 or 11 digits. */
export function generateNationalNumber(random: SeededRandom, taken: Set<string>): string {
  for (;;) {
    const number = random.pick(mobilePrefixes) + random.digits(random.chance(0.8) ? 7 : 8);
    if (!taken.has(number) && !reservedNationalNumbers.has(number)) {
      taken.add(number);
      return number;
    }
  }
}

/** The ways people and systems write the same Indonesian mobile number. */
export const phoneStyles = ['local_dashed', 'local_plain', 'local_spaced', 'international_spaced', 'e164', 'wa_digits'] as const;
export type PhoneStyle = (typeof phoneStyles)[number];

/** Writes a national significant number (e.g. 81234567890) in the given style, e.g. `0812-3456-7890`. */
export function formatPhone(nationalNumber: string, style: PhoneStyle): string {
  const head = nationalNumber.slice(0, 3);
  const middle = nationalNumber.slice(3, 7);
  const tail = nationalNumber.slice(7);
  switch (style) {
    case 'local_dashed': return `0${head}-${middle}-${tail}`;
    case 'local_plain': return `0${nationalNumber}`;
    case 'local_spaced': return `0${head} ${middle} ${tail}`;
    case 'international_spaced': return `+62 ${head} ${middle} ${tail}`;
    case 'e164': return `+62${nationalNumber}`;
    case 'wa_digits': return `62${nationalNumber}`;
  }
}

/** Phone styles each channel writes numbers in. WhatsApp always sends its wa_id digits. */
export const channelPhoneStyles: Record<string, PhoneStyle[]> = {
  website: ['international_spaced', 'local_plain', 'e164'],
  shopee: ['wa_digits', 'local_plain'],
  tokopedia: ['local_plain', 'wa_digits'],
  'tiktok-shop': ['e164', 'wa_digits'],
  'pos-bandung': ['local_dashed', 'local_plain'],
  'pos-surabaya': ['local_dashed', 'local_spaced'],
  whatsapp: ['wa_digits'],
  instagram: ['local_spaced', 'local_dashed', 'local_plain'],
  webchat: ['local_plain', 'local_spaced', 'international_spaced'],
};

/** Draws a personal e-mail address as customers type it at checkout. */
export function generateEmail(random: SeededRandom, name: string): string {
  const [first = 'pelanggan', last = ''] = name.toLowerCase().split(' ');
  const domain = random.weighted(['gmail.com', 'yahoo.co.id', 'yahoo.com', 'outlook.com'], (d) => (d === 'gmail.com' ? 8 : 1));
  const separator = random.pick(['.', '_', '']);
  return `${first}${separator}${last}${random.int(1, 99)}@${domain}`;
}
