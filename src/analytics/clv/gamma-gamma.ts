// Gamma-Gamma model of spend per transaction from Fader, Hardie & Lee (2005),
// "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis". The
// likelihood is that of the mean spend zbar over a customer's x repeat transactions.
import gammaln from "@stdlib/math-base-special-gammaln";

import { fitPositiveParameters } from "./maximum-likelihood.js";
import { assertValidSummary, type CustomerSummary } from "./summary.js";

/** Spend history of one customer: repeat purchase count and their mean spend. */
export type SpendHistory = Pick<CustomerSummary, "x" | "zbar">;

/**
 * Gamma-Gamma parameters: each spend is Gamma(p, ν) for a customer-specific
 * rate ν, and ν is Gamma(q, v) across customers (v in currency units).
 */
export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

/** Maximum-likelihood Gamma-Gamma fit. */
export interface GammaGammaFit extends GammaGammaParameters {
  logLikelihood: number;
  /** Customers the fit used: those with x > 0 and zbar > 0. */
  customerCount: number;
  iterations: number;
}

/** Computes the Gamma-Gamma log-likelihood of customers with x > 0 and zbar > 0, summed. */
export function computeGammaGammaLogLikelihood({ p, q, v }: GammaGammaParameters, customers: readonly SpendHistory[]): number {
  let total = 0;
  for (const { x, zbar } of customers) {
    const shape = p * x;
    total +=
      gammaln(shape + q) -
      gammaln(shape) -
      gammaln(q) +
      q * Math.log(v) +
      (shape - 1) * Math.log(zbar) +
      shape * Math.log(x) -
      (shape + q) * Math.log(x * zbar + v);
  }
  return total;
}

/**
 * Fits the Gamma-Gamma model by maximum likelihood, starting from p = q = v = 1.
 * Only customers with x > 0 and zbar > 0 carry spend information, so others
 * are skipped. Throws when none remain or the optimizer does not converge.
 */
export function fitGammaGamma(customers: readonly CustomerSummary[]): GammaGammaFit {
  customers.forEach(assertValidSummary);
  const repeatCustomers = customers.filter((customer) => customer.x > 0 && customer.zbar > 0);
  if (repeatCustomers.length === 0) {
    throw new Error(
      `Gamma-Gamma fit needs customers with x > 0 and zbar > 0, but none of the ${customers.length} given qualify`,
    );
  }

  const fit = fitPositiveParameters(
    "Gamma-Gamma",
    ([p = NaN, q = NaN, v = NaN]) => computeGammaGammaLogLikelihood({ p, q, v }, repeatCustomers),
    [1, 1, 1],
  );
  const [p = NaN, q = NaN, v = NaN] = fit.parameters;
  return {
    p,
    q,
    v,
    logLikelihood: fit.logLikelihood,
    customerCount: repeatCustomers.length,
    iterations: fit.iterations,
  };
}

/**
 * Predicts a customer's expected spend per transaction, E[M | x, zbar]: a
 * weighted mean of the population mean p·v/(q−1) and the customer's own zbar,
 * where more transactions move the weight toward zbar. For x = 0 this is the
 * population mean. Throws when p·x + q ≤ 1, where the expectation does not exist.
 */
export function predictAverageSpend({ p, q, v }: GammaGammaParameters, { x, zbar }: SpendHistory): number {
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new Error(
      `Gamma-Gamma expected spend does not exist because p·x + q = ${p * x + q} <= 1 (x = ${x}). ` +
        "Customers without repeat purchases need a fit with q > 1",
    );
  }
  return (p * (v + x * zbar)) / denominator;
}
