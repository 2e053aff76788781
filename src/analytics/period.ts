import { sql, type SQL } from 'drizzle-orm';

/** A reporting period of whole business days, `from` and `to` inclusive, in `timezone`. */
export interface KpiPeriod {
  /** First business day, `YYYY-MM-DD`. */
  from: string;
  /** Last business day, `YYYY-MM-DD`, inclusive. */
  to: string;
  /** IANA time zone that decides which day a timestamp belongs to, e.g. `Asia/Jakarta`. */
  timezone: string;
}

const millisecondsPerDay = 86_400_000;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / millisecondsPerDay;
}

function dateOfDayNumber(day: number): string {
  return new Date(day * millisecondsPerDay).toISOString().slice(0, 10);
}

/** Number of business days in the period. */
export function countPeriodDays(period: KpiPeriod): number {
  return dayNumber(period.to) - dayNumber(period.from) + 1;
}

/** The period of the same length that ends the day before `period` starts. */
export function previousPeriod(period: KpiPeriod): KpiPeriod {
  const days = countPeriodDays(period);
  const previousTo = dayNumber(period.from) - 1;
  return { from: dateOfDayNumber(previousTo - days + 1), to: dateOfDayNumber(previousTo), timezone: period.timezone };
}

/** Shifts a `YYYY-MM-DD` date by whole days. */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** The business day (`YYYY-MM-DD`) that the instant `at` falls on in `timezone`. */
export function businessDayOf(at: Date, timezone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * SQL condition: `column` (a timestamptz) lies within the period's business days. The bounds are
 * midnight at the start of `from` and midnight after `to` in the period's time zone, so an order at
 * 23:30 WIB belongs to that WIB day.
 */
export function withinPeriod(column: SQL, period: KpiPeriod): SQL {
  return sql`${column} >= ((${period.from}::date)::timestamp at time zone ${period.timezone})
    and ${column} < ((${period.to}::date + 1)::timestamp at time zone ${period.timezone})`;
}

/** SQL expression: the business day of `column` in the period's time zone, as `YYYY-MM-DD` text. */
export function businessDay(column: SQL, period: KpiPeriod): SQL {
  return sql`to_char(${column} at time zone ${period.timezone}, 'YYYY-MM-DD')`;
}

/** SQL condition: the `date` column `column` is one of the period's business days. */
export function withinPeriodDays(column: SQL, period: KpiPeriod): SQL {
  return sql`${column} between ${period.from}::date and ${period.to}::date`;
}
