import { computeProbabilityAlive, predictBgNbdPurchases, type BgNbdParameters } from "./bg-nbd.js";
import { predictAverageSpend, type GammaGammaParameters } from "./gamma-gamma.js";
import type { CustomerSummary } from "./summary.js";

/** Fitted parameters of both models that a value prediction combines. */
export interface ClvModels {
  purchases: BgNbdParameters;
  spend: GammaGammaParameters;
}

/** Prediction window after the end of calibration. */
export interface ValueHorizon {
  weeks: number;
  /**
   * Discounting of future spend. Each period's expected spend is divided by
   * (1 + ratePerPeriod)^k, where k = 1 for the first period. Omit it for undiscounted value.
   */
  discount?: { ratePerPeriod: number; periodWeeks: number };
}

/** Predicted future of one customer over a horizon. */
export interface CustomerPrediction {
  customerId: string;
  probabilityAlive: number;
  expectedPurchases: number;
  /** Expected spend per purchase (Gamma-Gamma conditional mean). */
  expectedSpend: number;
  /** Expected purchases × expected spend, discounted when `horizon.discount` is set. */
  expectedValue: number;
}

/**
 * Predicts a customer's purchases, spend per purchase and value over the
 * horizon. The value assumes, as Fader, Hardie & Lee (2005) do, that the
 * number of purchases and the spend per purchase are independent.
 */
export function predictCustomerValue(models: ClvModels, customer: CustomerSummary, horizon: ValueHorizon): CustomerPrediction {
  const expectedPurchases = predictBgNbdPurchases(models.purchases, customer, horizon.weeks);
  const expectedSpend = predictAverageSpend(models.spend, customer);
  const expectedValue =
    horizon.discount === undefined
      ? expectedPurchases * expectedSpend
      : computeDiscountedPurchases(models.purchases, customer, horizon.weeks, horizon.discount) * expectedSpend;

  return {
    customerId: customer.customerId,
    probabilityAlive: computeProbabilityAlive(models.purchases, customer),
    expectedPurchases,
    expectedSpend,
    expectedValue,
  };
}

// Sums the expected purchases of each period, each divided by (1 + rate)^k.
// The last period ends at the horizon even when it is shorter than periodWeeks.
function computeDiscountedPurchases(
  parameters: BgNbdParameters,
  customer: CustomerSummary,
  weeks: number,
  { ratePerPeriod, periodWeeks }: { ratePerPeriod: number; periodWeeks: number },
): number {
  if (!Number.isFinite(periodWeeks) || periodWeeks <= 0) {
    throw new Error(`invalid discount period ${periodWeeks}: expected a positive number of weeks`);
  }
  if (!Number.isFinite(ratePerPeriod) || ratePerPeriod <= -1) {
    throw new Error(`invalid discount rate ${ratePerPeriod}: expected a number above -1, e.g. 0.01 for 1% per period`);
  }

  const periodCount = Math.ceil(weeks / periodWeeks);
  let discounted = 0;
  let purchasesBefore = 0;
  for (let period = 1; period <= periodCount; period += 1) {
    const periodEnd = Math.min(period * periodWeeks, weeks);
    const purchasesByEnd = predictBgNbdPurchases(parameters, customer, periodEnd);
    discounted += (purchasesByEnd - purchasesBefore) / Math.pow(1 + ratePerPeriod, period);
    purchasesBefore = purchasesByEnd;
  }
  return discounted;
}
