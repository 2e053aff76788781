import { changeOf, type Rate } from '../numbers.js';
import type { ConsistencyFigures } from './consistency.js';
import type { FulfillmentStep, FulfillmentStepFigures } from './fulfillment.js';
import type { InboxFigures } from './inbox.js';
import { durationBucketLabels, type DurationStats } from './percentiles.js';
import { presentRate, presentRateWithPrevious } from './present.js';
import type { SalesFigures, SalesTotals } from './sales.js';

export function presentSalesTotals(totals: SalesTotals) {
  return { revenue: totals.revenue, orders: totals.orders, units: totals.units, average_order_value: totals.averageOrderValue };
}

export function presentSales(current: SalesFigures, previous: SalesFigures) {
  return {
    ...presentSalesTotals(current.total),
    change: {
      revenue: current.total.revenue - previous.total.revenue,
      orders: current.total.orders - previous.total.orders,
      units: current.total.units - previous.total.units,
      average_order_value: changeOf(current.total.averageOrderValue, previous.total.averageOrderValue),
    },
    previous: presentSalesTotals(previous.total),
    by_channel: current.byChannel.map((row) => ({ channel: row.channel, ...presentSalesTotals(row) })),
    by_location: current.byLocation.map((row) => ({ location: row.location, ...presentSalesTotals(row) })),
    by_day: current.byDay.map((row) => ({ day: row.day, ...presentSalesTotals(row) })),
    by_day_and_channel: current.byDayAndChannel.map((row) => ({ day: row.day, channel: row.channel, ...presentSalesTotals(row) })),
  };
}

export function presentDuration(stats: DurationStats) {
  return { count: stats.count, median_minutes: stats.medianMinutes, p90_minutes: stats.p90Minutes };
}

function presentDurationWithPrevious(current: DurationStats, previous: DurationStats) {
  return {
    ...presentDuration(current),
    change: { median_minutes: changeOf(current.medianMinutes, previous.medianMinutes), p90_minutes: changeOf(current.p90Minutes, previous.p90Minutes) },
    previous: presentDuration(previous),
  };
}

function presentFulfillmentStep(figures: FulfillmentStepFigures, before: FulfillmentStepFigures) {
  return {
    ...presentDurationWithPrevious(figures, before),
    by_location: figures.byLocation.map((row) => ({ location: row.location, ...presentDuration(row) })),
    histogram: figures.histogram,
  };
}

export function presentFulfillment(current: FulfillmentStepFigures[], previous: FulfillmentStepFigures[]) {
  const steps = Object.fromEntries(current.map((figures) => {
    const before = previous.find((candidate) => candidate.step === figures.step)!;
    return [figures.step, presentFulfillmentStep(figures, before)];
  })) as Record<FulfillmentStep, ReturnType<typeof presentFulfillmentStep>>;
  return { histogram_buckets: durationBucketLabels(), ...steps };
}

export function presentInbox(current: InboxFigures, previous: InboxFigures) {
  return {
    first_response_time: presentDurationWithPrevious(current.firstResponse, previous.firstResponse),
    resolution_time: presentDurationWithPrevious(current.resolution, previous.resolution),
    bot_containment_rate: presentRateWithPrevious(current.botContainment, previous.botContainment, 'contained_conversations', 'conversations'),
    by_channel: current.byChannel.map((row) => ({
      channel: row.channel,
      first_response_time: presentDuration(row.firstResponse),
      resolution_time: presentDuration(row.resolution),
      bot_containment_rate: presentRate(row.botContainment, 'contained_conversations', 'conversations'),
    })),
  };
}

export function presentConsistency(kind: 'price' | 'stock', current: ConsistencyFigures, previous: ConsistencyFigures) {
  const rateOfKind = (figures: { price: Rate; stock: Rate }) => figures[kind];
  return {
    ...presentRateWithPrevious(rateOfKind(current), rateOfKind(previous), 'consistent_snapshots', 'snapshots'),
    by_channel: current.byChannel.map((row) => ({ channel: row.channel, ...presentRate(rateOfKind(row), 'consistent_snapshots', 'snapshots') })),
  };
}
