/** One purchase, dated by the calendar day on which the customer bought. */
export interface Transaction {
  customerId: string;
  /** Calendar date `YYYY-MM-DD` in the store's time zone. */
  date: string;
  /** Spend in the store currency. */
  amount: number;
}

/**
 * Calibration-period statistics of one customer, in the notation of
 * Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way".
 */
export interface CustomerSummary {
  customerId: string;
  /** Number of repeat purchase days: distinct purchase days after the first one. */
  x: number;
  /** Weeks from the first to the last purchase day (0 when x = 0). */
  tx: number;
  /** Weeks from the first purchase day to the end of calibration. */
  T: number;
  /** Mean spend per repeat purchase day, leaving out the first day (0 when x = 0). */
  zbar: number;
}

const DAYS_PER_WEEK = 7;
const MILLISECONDS_PER_DAY = 86_400_000;

/**
 * Builds the calibration summary of every customer who bought on or before
 * `calibrationEnd` (a `YYYY-MM-DD` date, inclusive). Purchases on the same
 * calendar day are added up into one purchase day, and later transactions are
 * left out. Customers appear in the order of their first transaction in the input.
 */
export function buildCalibrationSummary(transactions: readonly Transaction[], calibrationEnd: string): CustomerSummary[] {
  const endDay = parseCalendarDay(calibrationEnd);

  // Per customer, the total spend of each purchase day (days since 1970-01-01).
  const spendByCustomerDay = new Map<string, Map<number, number>>();
  transactions.forEach((transaction, index) => {
    if (!Number.isFinite(transaction.amount)) {
      throw new Error(`transaction ${index} has an invalid amount ${transaction.amount}: expected a finite number`);
    }
    const day = parseCalendarDay(transaction.date);
    if (day > endDay) {
      return;
    }
    let spendByDay = spendByCustomerDay.get(transaction.customerId);
    if (spendByDay === undefined) {
      spendByDay = new Map();
      spendByCustomerDay.set(transaction.customerId, spendByDay);
    }
    spendByDay.set(day, (spendByDay.get(day) ?? 0) + transaction.amount);
  });

  const summaries: CustomerSummary[] = [];
  for (const [customerId, spendByDay] of spendByCustomerDay) {
    summaries.push(summarizeCustomer(customerId, spendByDay, endDay));
  }
  return summaries;
}

function summarizeCustomer(customerId: string, spendByDay: ReadonlyMap<number, number>, endDay: number): CustomerSummary {
  const days = [...spendByDay.keys()].sort((left, right) => left - right);
  const firstDay = days[0];
  const lastDay = days[days.length - 1];
  if (firstDay === undefined || lastDay === undefined) {
    throw new Error(`customer ${customerId} has no purchase days`);
  }

  const repeatDays = days.slice(1);
  let repeatSpend = 0;
  for (const day of repeatDays) {
    repeatSpend += spendByDay.get(day) ?? 0;
  }

  const x = repeatDays.length;
  return {
    customerId,
    x,
    tx: (lastDay - firstDay) / DAYS_PER_WEEK,
    T: (endDay - firstDay) / DAYS_PER_WEEK,
    zbar: x === 0 ? 0 : repeatSpend / x,
  };
}

/** Parses a `YYYY-MM-DD` date into days since 1970-01-01. Throws on dates that do not exist. */
function parseCalendarDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) {
    throw new Error(`invalid date "${date}": expected YYYY-MM-DD`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const milliseconds = Date.UTC(year, month - 1, day);
  const roundTrip = new Date(milliseconds);
  if (roundTrip.getUTCFullYear() !== year || roundTrip.getUTCMonth() !== month - 1 || roundTrip.getUTCDate() !== day) {
    throw new Error(`invalid date "${date}": no such calendar day`);
  }
  return milliseconds / MILLISECONDS_PER_DAY;
}

/** Throws unless `customer` has the shape a calibration summary can have. */
export function assertValidSummary(customer: CustomerSummary, index: number): void {
  const { customerId, x, tx, T, zbar } = customer;
  const where = `customer ${index} (id ${customerId})`;
  if (!Number.isInteger(x) || x < 0) {
    throw new Error(`${where} has invalid x = ${x}: expected a non-negative integer count of repeat purchase days`);
  }
  if (!Number.isFinite(T) || T < 0) {
    throw new Error(`${where} has invalid T = ${T}: expected a non-negative number of weeks`);
  }
  if (!Number.isFinite(tx) || tx < 0 || tx > T) {
    throw new Error(`${where} has invalid tx = ${tx}: expected weeks between 0 and T = ${T}`);
  }
  if (x === 0 && tx !== 0) {
    throw new Error(`${where} has tx = ${tx} with x = 0: a customer without repeat purchases has tx = 0`);
  }
  if (!Number.isFinite(zbar)) {
    throw new Error(`${where} has invalid zbar = ${zbar}: expected a finite mean spend`);
  }
}
