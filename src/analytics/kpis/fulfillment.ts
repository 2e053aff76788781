import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { toNumber } from '../numbers.js';
import { withinPeriodDays, type KpiPeriod } from '../period.js';
import {
  durationBucketBounds, durationBucketExpression, durationStatsColumns, durationStatsOf, type DurationStats,
} from './percentiles.js';

export const fulfillmentSteps = ['bopis_ready', 'bopis_picked_up', 'ship_from_store_shipped', 'warehouse_shipped'] as const;
export type FulfillmentStep = (typeof fulfillmentSteps)[number];

export interface FulfillmentStepFigures extends DurationStats {
  step: FulfillmentStep;
  byLocation: Array<DurationStats & { location: string }>;
  /** Orders per duration bucket, in the order of `durationBucketLabels()`. */
  histogram: number[];
}

function stepsCte(period: KpiPeriod): SQL {
  return sql`with steps as (
      select step, location_code as location, minutes from analytics_fulfillment_steps
      where ${withinPeriodDays(sql`business_day`, period)}
    )`;
}

/** Computes median and p90 minutes of each fulfillment step for orders placed in the period, from the rollup. */
export async function computeFulfillment(db: Executor, period: KpiPeriod): Promise<FulfillmentStepFigures[]> {
  const ctes = stepsCte(period);
  const statRows = await queryRows<{ step: FulfillmentStep; location: string | null; count: unknown; median: unknown; p90: unknown }>(db, sql`${ctes}
    select step, case when grouping(location) = 1 then null else location end as location, ${durationStatsColumns()}
    from steps group by grouping sets ((step), (step, location)) order by step, location nulls first`);
  const bucketRows = await queryRows<{ step: FulfillmentStep; bucket: unknown; count: unknown }>(db, sql`${ctes}
    select step, ${sql.raw(durationBucketExpression)} as bucket, count(*) as count from steps group by 1, 2`);

  return fulfillmentSteps.map((step) => {
    const histogram = new Array<number>(durationBucketBounds.length + 1).fill(0);
    for (const row of bucketRows.filter((candidate) => candidate.step === step)) histogram[toNumber(row.bucket)] = toNumber(row.count);
    const rows = statRows.filter((row) => row.step === step);
    return {
      step,
      ...durationStatsOf(rows.find((row) => row.location === null)),
      byLocation: rows.filter((row) => row.location !== null).map((row) => ({ location: row.location!, ...durationStatsOf(row) })),
      histogram,
    };
  });
}
