import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { canonicalCustomerExpression } from './canonical.js';
import { fitBgNbd, fitGammaGamma, summarizeSegment, type ClvModels, type CustomerSummary, type SegmentPrediction } from './clv/index.js';
import { soldStatusList } from './definitions.js';
import { toNumber } from './numbers.js';
import type { KpiPeriod } from './period.js';

/** Weeks ahead that predicted purchases and value cover. */
export const clvHorizonWeeks = 52;
/** Fewest customers with a repeat purchase for a fit worth showing; below it the models are not fitted. */
export const minRepeatCustomers = 10;
/** Most customers the models are fitted on: a fixed every-k-th sample keeps the fit fast on large shops. */
export const maxFitCustomers = 20_000;
// Spend is fitted in thousands of rupiah, so that the Gamma-Gamma scale starts near the optimizer's start of 1.
const spendUnit = 1000;

export interface SegmentedSummary extends CustomerSummary {
  crossChannel: boolean;
}

export type PredictedClv =
  | { status: 'insufficient_data'; reason: string; customers: number; repeatCustomers: number; minRepeatCustomers: number }
  | {
    status: 'fitted';
    horizonWeeks: number;
    calibrationEnd: string;
    fittedCustomers: number;
    models: ClvModels;
    crossChannel: SegmentPrediction;
    singleChannel: SegmentPrediction;
  };

/**
 * Reads each customer's purchase summary (x, t_x, T in weeks, zbar in rupiah) from sold orders up to
 * the end of `period`, by business day, with whether the customer ever used 2 or more channels by then.
 * The summary follows `buildCalibrationSummary`: purchases on one day are one purchase day.
 */
export async function readCustomerSummaries(db: Executor, period: KpiPeriod): Promise<SegmentedSummary[]> {
  const end = sql`((${period.to}::date + 1)::timestamp at time zone ${period.timezone})`;
  const canonical = await canonicalCustomerExpression(db, sql`p.profile_id`);
  const rows = await queryRows<{ customer_id: string; x: unknown; tx: unknown; t: unknown; zbar: unknown; channel_count: unknown }>(db, sql`
    with orders_before as (
      select o.profile_id, (o.placed_at at time zone ${period.timezone})::date as day, o.total_amount, o.status, o.channel_id
      from orders o where o.profile_id is not null and o.placed_at < ${end}
    ), touches as (
      select ob.profile_id, c.code as channel from orders_before ob join channels c on c.id = ob.channel_id
      union
      select m.profile_id, m.channel from messages m where m.author = 'customer' and m.sent_at < ${end}
    ), canonical as (
      select p.profile_id, ${canonical} as customer_id from (select distinct profile_id from touches) p
    ), channel_counts as (
      select k.customer_id, count(distinct t.channel) as channel_count
      from touches t join canonical k on k.profile_id = t.profile_id group by k.customer_id
    ), purchase_days as (
      select k.customer_id, ob.day, sum(ob.total_amount) as spend
      from orders_before ob join canonical k on k.profile_id = ob.profile_id
      where ob.status in (${soldStatusList})
      group by k.customer_id, ob.day
    ), ranked as (
      select customer_id, day, spend, row_number() over (partition by customer_id order by day) as day_number from purchase_days
    )
    select r.customer_id, count(*) - 1 as x,
           (max(r.day) - min(r.day)) / 7.0 as tx,
           (${period.to}::date - min(r.day)) / 7.0 as t,
           coalesce(sum(r.spend) filter (where r.day_number > 1) / nullif(count(*) - 1, 0), 0) as zbar,
           cc.channel_count
    from ranked r join channel_counts cc on cc.customer_id = r.customer_id
    group by r.customer_id, cc.channel_count
    order by r.customer_id`);
  return rows.map((row) => ({
    customerId: row.customer_id,
    x: toNumber(row.x),
    tx: toNumber(row.tx),
    T: toNumber(row.t),
    zbar: toNumber(row.zbar),
    crossChannel: toNumber(row.channel_count) >= 2,
  }));
}

function sampleForFit(customers: readonly CustomerSummary[]): CustomerSummary[] {
  if (customers.length <= maxFitCustomers) return [...customers];
  const step = customers.length / maxFitCustomers;
  return Array.from({ length: maxFitCustomers }, (_, index) => customers[Math.floor(index * step)]!);
}

/**
 * Fits BG/NBD and Gamma-Gamma on the shop's own sold orders up to the end of `period` and predicts
 * purchases and value over the next `clvHorizonWeeks` weeks for cross- and single-channel customers.
 */
export async function computePredictedClv(db: Executor, period: KpiPeriod): Promise<PredictedClv> {
  const summaries = await readCustomerSummaries(db, period);
  const repeatCustomers = summaries.filter((customer) => customer.x > 0 && customer.zbar > 0).length;
  const insufficient = (reason: string) =>
    ({ status: 'insufficient_data', reason, customers: summaries.length, repeatCustomers, minRepeatCustomers }) as const;
  if (repeatCustomers < minRepeatCustomers) return insufficient(`fewer than ${minRepeatCustomers} customers with a repeat purchase`);

  const scaled = summaries.map((customer) => ({ ...customer, zbar: customer.zbar / spendUnit }));
  const sample = sampleForFit(scaled);
  let models: ClvModels;
  try {
    const purchases = fitBgNbd(sample);
    const spend = fitGammaGamma(sample);
    // The expected spend of a customer without repeat purchases exists only when q > 1.
    if (!(spend.q > 1)) return insufficient(`the Gamma-Gamma fit gave q = ${spend.q}, but a prediction needs q > 1`);
    models = { purchases, spend };
  } catch (error) {
    // The optimizers throw when they do not converge, which small or odd histories can cause.
    return insufficient(`the model fit failed: ${(error as Error).message}`);
  }

  const horizon = { weeks: clvHorizonWeeks };
  const segment = (crossChannel: boolean) => rescaleSegment(summarizeSegment(models, scaled.filter((customer) => customer.crossChannel === crossChannel), horizon));
  let crossChannel: SegmentPrediction;
  let singleChannel: SegmentPrediction;
  try {
    crossChannel = segment(true);
    singleChannel = segment(false);
  } catch (error) {
    // Extreme fits (e.g. a and b of the dropout Beta in the millions) can stop the 2F1 series from converging.
    return insufficient(`the prediction failed: ${(error as Error).message}`);
  }
  return {
    status: 'fitted',
    horizonWeeks: clvHorizonWeeks,
    calibrationEnd: period.to,
    fittedCustomers: sample.length,
    models: { purchases: models.purchases, spend: { ...models.spend, v: models.spend.v * spendUnit } },
    crossChannel,
    singleChannel,
  };
}

function rescaleSegment(prediction: SegmentPrediction): SegmentPrediction {
  return {
    ...prediction,
    meanExpectedValue: prediction.meanExpectedValue === null ? null : prediction.meanExpectedValue * spendUnit,
    totalExpectedValue: prediction.totalExpectedValue * spendUnit,
  };
}
