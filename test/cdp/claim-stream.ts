// A seeded stream of realistic identity claims, shared by the backfill test and bench/cdp.ts: phones written
// in several forms, family members sharing a number, the shop's own number typed on some POS receipts,
// masked marketplace ids and junk values.
import type { ResolveInput } from '../../src/cdp/index.js';

/** Deterministic pseudo-random numbers (mulberry32), so every run produces the same claims. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shop's own landline, typed by cashiers on receipts of customers who give no number. */
export const shopNumber = '022-4231-234';
export const shopNumberE164 = '+62224231234';

export interface ClaimStreamOptions {
  people: number;
  seed?: number;
  /** Share of POS receipts carrying the shop's number (0.015 in the issue). */
  shopNumberRate?: number;
}

/** Returns a function giving the next claim; `person` picks who it is about (random when omitted). */
export function claimStream(options: ClaimStreamOptions): (person?: number) => ResolveInput {
  const next = seededRandom(options.seed ?? 42);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const shopRate = options.shopNumberRate ?? 0.015;

  const phoneOf = (person: number): string => {
    // Families: every 25th person shares the previous person's number.
    const owner = person % 25 === 0 && person > 0 ? person - 1 : person;
    return `81${String(2_000_000 + owner).padStart(8, '0')}`;
  };
  const writtenForm = (subscriber: string): string => pick([
    `0${subscriber}`, `+62 ${subscriber.slice(0, 3)} ${subscriber.slice(3, 7)} ${subscriber.slice(7)}`, `62${subscriber}`, subscriber,
    `0${subscriber.slice(0, 3)}-${subscriber.slice(3, 7)}-${subscriber.slice(7)}`,
  ]);

  return (chosen?: number) => {
    const person = chosen ?? Math.floor(next() * options.people);
    const phone = writtenForm(phoneOf(person));
    switch (pick(['pos', 'pos', 'whatsapp', 'whatsapp', 'instagram', 'website', 'shopee'])) {
      case 'pos': {
        const typed = next() < shopRate ? shopNumber : next() < 0.01 ? '-' : phone;
        return { source: 'pos-bandung', claims: [{ type: 'pos_member_id', value: `M${person}` }, { type: 'phone', value: typed }] };
      }
      case 'whatsapp':
        return { source: 'whatsapp', claims: [{ type: 'whatsapp_id', value: `62${phoneOf(person)}` }] };
      case 'instagram':
        return {
          source: 'instagram',
          claims: [{ type: 'instagram_id', value: `ig${person}` }, ...(next() < 0.3 ? [{ type: 'email' as const, value: `Orang.${person}@gmail.com` }] : [])],
        };
      case 'website':
        return {
          source: 'website',
          claims: [
            { type: 'email', value: `orang${person}+shop@gmail.com` }, { type: 'phone', value: phone },
            { type: 'web_visitor_id', value: `v${person}-${Math.floor(next() * 3)}` },
          ],
        };
      default:
        return {
          source: 'shopee',
          claims: [{ type: 'marketplace_buyer_id', value: next() < 0.5 ? `shopee:b${person}` : 'shopee:****1234' }, { type: 'email', value: `orang${person}@gmail.com` }],
        };
    }
  };
}
