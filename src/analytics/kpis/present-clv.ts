import type { SegmentPrediction } from '../clv/index.js';
import { kpiDefinitions } from '../definitions.js';
import type { PredictedClv } from '../predicted-clv.js';

function presentSegment(prediction: SegmentPrediction) {
  return {
    customers: prediction.customerCount,
    mean_probability_alive: prediction.meanProbabilityAlive,
    mean_expected_purchases: prediction.meanExpectedPurchases,
    mean_expected_value: prediction.meanExpectedValue,
    total_expected_value: prediction.totalExpectedValue,
  };
}

/** Presents predicted CLV as the JSON of `GET /api/kpis/clv`. */
export function presentPredictedClv(clv: PredictedClv) {
  if (clv.status === 'insufficient_data') {
    return {
      definition: kpiDefinitions.predicted_clv,
      status: clv.status,
      reason: clv.reason,
      customers: clv.customers,
      repeat_customers: clv.repeatCustomers,
      min_repeat_customers: clv.minRepeatCustomers,
    };
  }
  const { purchases, spend } = clv.models;
  return {
    definition: kpiDefinitions.predicted_clv,
    status: clv.status,
    horizon_weeks: clv.horizonWeeks,
    calibration_end: clv.calibrationEnd,
    fitted_customers: clv.fittedCustomers,
    bg_nbd: { r: purchases.r, alpha: purchases.alpha, a: purchases.a, b: purchases.b },
    gamma_gamma: { p: spend.p, q: spend.q, v: spend.v },
    cross_channel: presentSegment(clv.crossChannel),
    single_channel: presentSegment(clv.singleChannel),
  };
}
