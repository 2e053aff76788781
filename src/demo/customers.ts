import { channelDefinitions } from './business.js';
import {
  channelPhoneStyles, cities, formatPhone, generateEmail, generateNationalNumber, generatePersonName, storeCities,
  type City, type PhoneStyle,
} from './people.js';
import type { SeededRandom } from './random.js';

/** One customer's presence on one channel, with the identifiers that channel reports. */
export interface ChannelPresence {
  channel: string;
  /** The phone number as that channel wrote it, or null when the customer never gave it there. */
  phone: string | null;
  phoneStyle: PhoneStyle | null;
  /** Set on the website, where checkout requires an e-mail address. */
  email: string | null;
  /** Instagram-scoped user id or web chat visitor id, for the messaging channels that have one. */
  accountId: string | null;
}

export interface PlannedCustomer {
  index: number;
  name: string;
  city: string;
  province: string;
  /** National significant number of the customer's mobile, e.g. 81234567890. */
  nationalNumber: string;
  /** Relative share of orders among the customers of a channel. */
  activity: number;
  presences: ChannelPresence[];
}

const channelCodes = channelDefinitions.map((channel) => channel.code);

/** Weights of the channels people come in through, messaging included. A POS first channel makes them live near that store. */
const entryWeights: Record<string, number> = {
  shopee: 26, tokopedia: 15, 'tiktok-shop': 11, website: 10, 'pos-bandung': 9, 'pos-surabaya': 7,
  whatsapp: 12, instagram: 6, webchat: 4,
};

function pickChannelCount(random: SeededRandom): number {
  const draw = random.next();
  if (draw < 0.62) return 1;
  if (draw < 0.89) return 2;
  if (draw < 0.97) return 3;
  return 4;
}

function pickCity(random: SeededRandom, firstChannel: string): City {
  const local = storeCities[firstChannel];
  const pool = local ? cities.filter((city) => local.includes(city.name)) : cities;
  return random.weighted(pool, (city) => city.weight);
}

function pickChannels(random: SeededRandom, city: City, first: string, count: number): string[] {
  const chosen = [first];
  while (chosen.length < count) {
    const next = random.weighted(channelCodes, (code) => {
      if (chosen.includes(code)) return 0;
      // People shop at the store near them, not at the other one.
      if (code.startsWith('pos-') && code !== city.nearestPos) return 0;
      return entryWeights[code] ?? 0;
    });
    chosen.push(next);
  }
  return chosen;
}

/**
 * Chooses the phone style of each channel so that a customer on several channels has the number written
 * differently on each where the channels allow it.
 */
function pickPhoneStyle(random: SeededRandom, channel: string, used: Set<PhoneStyle>): PhoneStyle {
  const styles = channelPhoneStyles[channel] ?? ['local_plain'];
  const fresh = styles.filter((style) => !used.has(style));
  const style = random.pick(fresh.length > 0 ? fresh : styles);
  used.add(style);
  return style;
}

function planPresence(
  random: SeededRandom, channel: string, customer: { name: string; nationalNumber: string }, used: Set<PhoneStyle>,
  takenEmails: Set<string>,
): ChannelPresence {
  // Messaging customers do not always share their number: Instagram and web chat know only an account id.
  let sharesPhone = true;
  if (channel === 'instagram') sharesPhone = random.chance(0.6);
  if (channel === 'webchat') sharesPhone = random.chance(0.7);
  const phoneStyle = sharesPhone ? pickPhoneStyle(random, channel, used) : null;
  let email: string | null = null;
  if (channel === 'website') {
    do email = generateEmail(random, customer.name); while (takenEmails.has(email));
    takenEmails.add(email);
  }
  let accountId: string | null = null;
  if (channel === 'instagram') accountId = `17841${random.digits(12)}`;
  // The web chat's own visitor ids are `v_` and 32 hex digits.
  if (channel === 'webchat') accountId = `v_${random.hex(32)}`;
  return { channel, phone: phoneStyle ? formatPhone(customer.nationalNumber, phoneStyle) : null, phoneStyle, email, accountId };
}

/**
 * The customer the walk-through writes as: a member at Toko Bandung who also buys on Shopee and the
 * website, each with the number written its own way, and who has never written on WhatsApp.
 */
export const walkthroughCustomer: Omit<PlannedCustomer, 'index'> = {
  name: 'Dewi Lestari',
  city: 'Bandung',
  province: 'Jawa Barat',
  nationalNumber: '81377824519',
  activity: 4,
  presences: [
    { channel: 'pos-bandung', phone: '0813-7782-4519', phoneStyle: 'local_dashed', email: null, accountId: null },
    { channel: 'shopee', phone: '6281377824519', phoneStyle: 'wa_digits', email: null, accountId: null },
    { channel: 'website', phone: '+62 813 7782 4519', phoneStyle: 'international_spaced', email: 'dewi.lestari.bdg@gmail.com', accountId: null },
  ],
};

/** Plans the demo's customers, each present on one to four channels; the first is the walk-through customer. */
export function planCustomers(random: SeededRandom, count: number): PlannedCustomer[] {
  const takenNumbers = new Set<string>([walkthroughCustomer.nationalNumber]);
  const takenEmails = new Set<string>(walkthroughCustomer.presences.flatMap((presence) => (presence.email ? [presence.email] : [])));
  const customers: PlannedCustomer[] = [];
  for (let index = 0; index < count; index++) {
    const name = generatePersonName(random);
    const nationalNumber = generateNationalNumber(random, takenNumbers);
    const channelCount = pickChannelCount(random);
    const firstChannel = random.weighted(channelCodes, (code) => entryWeights[code] ?? 0);
    const city = pickCity(random, firstChannel);
    const channels = pickChannels(random, city, firstChannel, channelCount);
    const used = new Set<PhoneStyle>();
    const presences = channels.map((channel) => planPresence(random, channel, { name, nationalNumber }, used, takenEmails));
    // A few loyal customers buy far more often than the rest, as in any shop.
    const activity = random.chance(0.1) ? random.int(6, 12) : random.int(1, 4);
    customers.push({ index, name, city: city.name, province: city.province, nationalNumber, activity, presences });
  }
  // Drawn like the others and then replaced, so that the rest of the customers stay as they were.
  if (customers.length > 0) customers[0] = { index: 0, ...walkthroughCustomer };
  return customers;
}
