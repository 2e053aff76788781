/** A share with the counts behind it; `value` is null when the denominator is 0. */
export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}

export function rateOf(numerator: number, denominator: number): Rate {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** Converts a SQL aggregate (pg returns bigint and numeric as strings) to a number; null stays null. */
export function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** `current - previous`, or null when either is unknown. */
export function changeOf(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}

/** Timestamps come back as Date (pg) or as text (raw PGlite rows); both become ISO 8601 UTC. */
export function toIso(value: unknown): string {
  return new Date(value as string | Date).toISOString();
}
