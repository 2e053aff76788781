/** The demo brand's warehouse, stores and sales channels. Codes are fixed: other data refers to them. */

export interface LocationDefinition {
  code: string;
  name: string;
  kind: 'warehouse' | 'store';
  city: string;
  province: string;
  latitude: number;
  longitude: number;
}

export const locationDefinitions: LocationDefinition[] = [
  { code: 'gudang-bekasi', name: 'Gudang Bekasi', kind: 'warehouse', city: 'Bekasi', province: 'Jawa Barat', latitude: -6.2383, longitude: 106.9756 },
  { code: 'toko-bandung', name: 'Toko Bandung', kind: 'store', city: 'Bandung', province: 'Jawa Barat', latitude: -6.9175, longitude: 107.6191 },
  { code: 'toko-surabaya', name: 'Toko Surabaya', kind: 'store', city: 'Surabaya', province: 'Jawa Timur', latitude: -7.2575, longitude: 112.7521 },
];

export type ChannelKind = 'marketplace' | 'website' | 'pos' | 'messaging';

export interface ChannelDefinition {
  code: string;
  name: string;
  kind: ChannelKind;
  bufferStock: number;
  reservationTtlMinutes: number;
  priceRule: Record<string, unknown> | null;
  /** Codes of the locations whose stock the channel sells. */
  locations: string[];
  /** Relative share of the brand's orders, 0 for channels that only carry conversations. */
  orderShare: number;
}

const allLocations = ['gudang-bekasi', 'toko-bandung', 'toko-surabaya'];
const marketplaceMarkup = { type: 'markup_percent', percent: 5, round_to: 1000 };

/**
 * Online channels ship from the warehouse and, except TikTok Shop, from both stores too. Marketplaces
 * keep a buffer so that a late stock sync is less likely to oversell the last units, and add 5% for their fees.
 */
export const channelDefinitions: ChannelDefinition[] = [
  { code: 'website', name: 'Website', kind: 'website', bufferStock: 0, reservationTtlMinutes: 60, priceRule: null, locations: allLocations, orderShare: 13 },
  { code: 'shopee', name: 'Shopee', kind: 'marketplace', bufferStock: 2, reservationTtlMinutes: 1440, priceRule: marketplaceMarkup, locations: allLocations, orderShare: 28 },
  { code: 'tokopedia', name: 'Tokopedia', kind: 'marketplace', bufferStock: 2, reservationTtlMinutes: 1440, priceRule: marketplaceMarkup, locations: allLocations, orderShare: 17 },
  { code: 'tiktok-shop', name: 'TikTok Shop', kind: 'marketplace', bufferStock: 1, reservationTtlMinutes: 1440, priceRule: marketplaceMarkup, locations: ['gudang-bekasi'], orderShare: 12 },
  { code: 'pos-bandung', name: 'POS Toko Bandung', kind: 'pos', bufferStock: 0, reservationTtlMinutes: 15, priceRule: null, locations: ['toko-bandung'], orderShare: 11 },
  { code: 'pos-surabaya', name: 'POS Toko Surabaya', kind: 'pos', bufferStock: 0, reservationTtlMinutes: 15, priceRule: null, locations: ['toko-surabaya'], orderShare: 9 },
  { code: 'whatsapp', name: 'WhatsApp', kind: 'messaging', bufferStock: 0, reservationTtlMinutes: 120, priceRule: null, locations: allLocations, orderShare: 7 },
  { code: 'instagram', name: 'Instagram', kind: 'messaging', bufferStock: 0, reservationTtlMinutes: 120, priceRule: null, locations: allLocations, orderShare: 3 },
  { code: 'webchat', name: 'Web chat', kind: 'messaging', bufferStock: 0, reservationTtlMinutes: 60, priceRule: null, locations: allLocations, orderShare: 0 },
];

/** The store behind each POS channel. */
export const posStore: Record<string, string> = { 'pos-bandung': 'toko-bandung', 'pos-surabaya': 'toko-surabaya' };
