import { sql, type SQL } from 'drizzle-orm';
import { toNullableNumber, toNumber } from '../numbers.js';

/** Median and 90th percentile (linear interpolation, as `percentile_cont`) of a duration in minutes. */
export interface DurationStats {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/**
 * SQL select list computing `DurationStats` over the column `minutes` into the columns
 * `<prefix>count`, `<prefix>median` and `<prefix>p90`. Nulls are left out of all three.
 */
export function durationStatsColumns(minutes = 'minutes', prefix = ''): SQL {
  return sql.raw(`count(${minutes}) as ${prefix}count,
    percentile_cont(0.5) within group (order by ${minutes}) as ${prefix}median,
    percentile_cont(0.9) within group (order by ${minutes}) as ${prefix}p90`);
}

export function durationStatsOf(row: { count: unknown; median: unknown; p90: unknown } | undefined): DurationStats {
  return { count: toNumber(row?.count), medianMinutes: toNullableNumber(row?.median), p90Minutes: toNullableNumber(row?.p90) };
}

/** Upper bounds (minutes, exclusive) of the histogram buckets for durations; the last bucket is open. */
export const durationBucketBounds = [30, 60, 120, 240, 480, 1440, 2880] as const;

/** SQL expression: index 0..bounds.length of the bucket that `minutes` falls in. */
export const durationBucketExpression = `width_bucket(minutes, array[${durationBucketBounds.join(', ')}]::float8[])`;

/** Labels of the buckets, e.g. `<30m`, `30m–1h`, `≥2d`. */
export function durationBucketLabels(): string[] {
  const format = (minutes: number): string => {
    if (minutes % 1440 === 0) return `${minutes / 1440}d`;
    if (minutes % 60 === 0) return `${minutes / 60}h`;
    return `${minutes}m`;
  };
  const labels = [`<${format(durationBucketBounds[0])}`];
  for (let index = 1; index < durationBucketBounds.length; index += 1) {
    labels.push(`${format(durationBucketBounds[index - 1]!)}–${format(durationBucketBounds[index]!)}`);
  }
  labels.push(`≥${format(durationBucketBounds[durationBucketBounds.length - 1]!)}`);
  return labels;
}
