// BG/NBD model of repeat purchases from Fader, Hardie & Lee (2005),
// "Counting Your Customers the Easy Way: An Alternative to the Pareto/NBD
// Model", Marketing Science 24(2). Time is measured in weeks throughout.
import gammaln from "@stdlib/math-base-special-gammaln";

import { computeHypergeometric2F1 } from "./hypergeometric.js";
import { fitPositiveParameters } from "./maximum-likelihood.js";
import { assertValidSummary, type CustomerSummary } from "./summary.js";

/** Purchase history of one customer in the BG/NBD notation (x, tx, T). */
export type PurchaseHistory = Pick<CustomerSummary, "x" | "tx" | "T">;

/**
 * BG/NBD parameters: transaction rates are Gamma(r, alpha) across customers
 * (alpha in weeks), and the dropout probability after each purchase is Beta(a, b).
 */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Maximum-likelihood BG/NBD fit. */
export interface BgNbdFit extends BgNbdParameters {
  logLikelihood: number;
  customerCount: number;
  iterations: number;
}

/** Computes the BG/NBD log-likelihood of all customers, summed. */
export function computeBgNbdLogLikelihood(parameters: BgNbdParameters, customers: readonly PurchaseHistory[]): number {
  let total = 0;
  for (const customer of customers) {
    total += computeCustomerLogLikelihood(parameters, customer);
  }
  return total;
}

function computeCustomerLogLikelihood({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseHistory): number {
  const rateTerm = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const survivalTerm = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
  const aliveAtT = -(r + x) * Math.log(alpha + T);
  if (x === 0) {
    return rateTerm + survivalTerm + aliveAtT;
  }
  // Second branch of the likelihood: the customer dropped out right after the last purchase at tx.
  const droppedAtTx = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return rateTerm + survivalTerm + addLogs(aliveAtT, droppedAtTx);
}

/** Returns log(e^left + e^right) without overflow. */
function addLogs(left: number, right: number): number {
  const larger = Math.max(left, right);
  return larger + Math.log(Math.exp(left - larger) + Math.exp(right - larger));
}

/**
 * Fits the BG/NBD model by maximum likelihood, starting from r = alpha = a = b = 1.
 * Throws on an empty or invalid customer list and when the optimizer does not converge.
 */
export function fitBgNbd(customers: readonly CustomerSummary[]): BgNbdFit {
  if (customers.length === 0) {
    throw new Error("BG/NBD fit needs at least one customer, got none");
  }
  customers.forEach(assertValidSummary);

  const fit = fitPositiveParameters(
    "BG/NBD",
    ([r = NaN, alpha = NaN, a = NaN, b = NaN]) => computeBgNbdLogLikelihood({ r, alpha, a, b }, customers),
    [1, 1, 1, 1],
  );
  const [r = NaN, alpha = NaN, a = NaN, b = NaN] = fit.parameters;
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: fit.logLikelihood,
    customerCount: customers.length,
    iterations: fit.iterations,
  };
}

/**
 * Computes P(alive): the probability that a customer with this history has
 * not dropped out by the end of calibration. Always 1 when x = 0, because
 * in the BG/NBD model dropout happens only right after a purchase.
 */
export function computeProbabilityAlive({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) {
    return 1;
  }
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * Predicts the expected number of purchases in the `weeks` after calibration
 * ends, for a customer with this history (the conditional expectation E[Y(t) | x, tx, T]).
 */
export function predictBgNbdPurchases(parameters: BgNbdParameters, customer: PurchaseHistory, weeks: number): number {
  if (!Number.isFinite(weeks) || weeks < 0) {
    throw new Error(`invalid prediction horizon ${weeks}: expected a non-negative number of weeks`);
  }
  const { r, alpha, a, b } = parameters;
  const { x, T } = customer;
  if (a === 1) {
    throw new Error("BG/NBD expectation is undefined at a = 1: refit or perturb a");
  }

  // The published expectation is
  //   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)] · P(alive)
  // with z = t/(α+T+t). Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A,C−B;C;z)
  // turns the bracketed product into (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z),
  // whose series terms stay bounded even for large x.
  // NOTE: precision drops as a approaches 1, since the bracket and (a−1) both approach 0.
  const z = weeks / (alpha + T + weeks);
  const series = computeHypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const bracket = 1 - Math.pow(1 - z, a - 1) * series;
  return ((a + b + x - 1) / (a - 1)) * bracket * computeProbabilityAlive(parameters, customer);
}
