import type { CustomerSummary } from "./summary.js";
import { predictCustomerValue, type ClvModels, type ValueHorizon } from "./value.js";

/** Mean predictions over a group of customers. Means are null for an empty group. */
export interface SegmentPrediction {
  customerCount: number;
  meanProbabilityAlive: number | null;
  meanExpectedPurchases: number | null;
  meanExpectedValue: number | null;
  totalExpectedValue: number;
}

/**
 * Averages the predicted purchases and value of a group of customers, for
 * comparing segments such as cross-channel and single-channel customers.
 */
export function summarizeSegment(models: ClvModels, customers: readonly CustomerSummary[], horizon: ValueHorizon): SegmentPrediction {
  let probabilityAliveSum = 0;
  let purchasesSum = 0;
  let valueSum = 0;
  for (const customer of customers) {
    const prediction = predictCustomerValue(models, customer, horizon);
    probabilityAliveSum += prediction.probabilityAlive;
    purchasesSum += prediction.expectedPurchases;
    valueSum += prediction.expectedValue;
  }

  const count = customers.length;
  const meanOf = (sum: number): number | null => (count === 0 ? null : sum / count);
  return {
    customerCount: count,
    meanProbabilityAlive: meanOf(probabilityAliveSum),
    meanExpectedPurchases: meanOf(purchasesSum),
    meanExpectedValue: meanOf(valueSum),
    totalExpectedValue: valueSum,
  };
}
