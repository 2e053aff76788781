import type { SeededRandom } from './random.js';
import { jakartaDateStamp } from './timeline.js';

const alphanumeric = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * Creates each channel's own order number in the shape that channel uses: Shopee's date-prefixed serial,
 * Tokopedia's invoice number, TikTok Shop's long numeric id, and per-day receipt numbers for POS and chat orders.
 */
export class OrderNumbers {
  private readonly perDay = new Map<string, number>();
  private readonly taken = new Set<string>();
  private websiteSerial = 10_000;

  constructor(private readonly random: SeededRandom) {}

  next(channel: string, placedAt: Date): string {
    for (;;) {
      const candidate = this.draw(channel, placedAt);
      const key = `${channel}|${candidate}`;
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return candidate;
      }
    }
  }

  private dailySerial(prefix: string, stamp: string): string {
    const key = `${prefix}-${stamp}`;
    const serial = (this.perDay.get(key) ?? 0) + 1;
    this.perDay.set(key, serial);
    return `${prefix}-${stamp}-${String(serial).padStart(4, '0')}`;
  }

  private draw(channel: string, placedAt: Date): string {
    const stamp = jakartaDateStamp(placedAt);
    switch (channel) {
      case 'shopee': {
        let suffix = '';
        for (let i = 0; i < 8; i++) suffix += this.random.pick([...alphanumeric]);
        return stamp.slice(2) + suffix;
      }
      case 'tokopedia': return `INV/${stamp}/MPL/${this.random.digits(10)}`;
      case 'tiktok-shop': return `57${this.random.digits(16)}`;
      case 'website': return `WEB-${++this.websiteSerial}`;
      case 'pos-bandung': return this.dailySerial('BDG', stamp);
      case 'pos-surabaya': return this.dailySerial('SBY', stamp);
      case 'whatsapp': return this.dailySerial('WA', stamp);
      case 'instagram': return this.dailySerial('IG', stamp);
      default: return this.dailySerial(channel.toUpperCase(), stamp);
    }
  }
}
