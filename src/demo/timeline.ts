import type { SeededRandom } from './random.js';

const minute = 60_000;
const hour = 60 * minute;
export const day = 24 * hour;

/** Adds a random span between `minMinutes` and `maxMinutes` to `from`. */
export function after(random: SeededRandom, from: Date, minMinutes: number, maxMinutes: number): Date {
  return new Date(from.getTime() + random.int(minMinutes, maxMinutes) * minute);
}

/** Weighs a day: shoppers order more at weekends, and the shop grew over the quarter. */
function dayWeight(asOf: Date, daysBack: number): number {
  const weekday = new Date(asOf.getTime() - daysBack * day).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 1.4 : 1;
  return weekend * (1 + (90 - daysBack) / 180);
}

const onlineHours = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const storeHours = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

/** Weighs an hour of the day in Jakarta: evenings are busiest, then lunch breaks. */
function hourWeight(jakartaHour: number): number {
  if (jakartaHour >= 19 && jakartaHour <= 22) return 2.5;
  if (jakartaHour === 12 || jakartaHour === 13) return 1.5;
  return 1;
}

/**
 * Draws a moment within the 90 days before `asOf` (UTC midnight), in shop hours of Jakarta (UTC+7).
 * `inStore` keeps it within store opening hours.
 */
export function drawPlacedAt(random: SeededRandom, asOf: Date, inStore: boolean): Date {
  const daysBack = random.weighted(Array.from({ length: 90 }, (_, i) => i + 1), (d) => dayWeight(asOf, d));
  const hours = inStore ? storeHours : onlineHours;
  const jakartaHour = random.weighted(hours, hourWeight);
  const dayStartUtc = asOf.getTime() - daysBack * day;
  // 00:00 UTC is 07:00 in Jakarta, so a Jakarta hour h is (h - 7) hours after the UTC day start.
  return new Date(dayStartUtc + (jakartaHour - 7) * hour + random.int(0, 59) * minute + random.int(0, 59) * 1000);
}

/** `asOf` at 00:00 UTC of the given moment's day. */
export function startOfUtcDay(moment: Date): Date {
  return new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()));
}

/** `yyyymmdd` of the Jakarta calendar day, as order numbers carry it. */
export function jakartaDateStamp(moment: Date): string {
  return new Date(moment.getTime() + 7 * hour).toISOString().slice(0, 10).replaceAll('-', '');
}
