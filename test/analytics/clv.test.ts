import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { computeHypergeometric2F1 } from "../../src/analytics/clv/hypergeometric.js";
import {
  buildCalibrationSummary,
  computeBgNbdLogLikelihood,
  computeProbabilityAlive,
  fitBgNbd,
  fitGammaGamma,
  parseCdnowTransactions,
  predictAverageSpend,
  predictBgNbdPurchases,
  predictCustomerValue,
  summarizeSegment,
  type BgNbdParameters,
  type ClvModels,
  type CustomerSummary,
} from "../../src/analytics/clv/index.js";
import { minimizeNelderMead } from "../../src/analytics/clv/optimize.js";

// CDNOW 1/10 sample and its published 39-week calibration summary, as used by
// Fader, Hardie & Lee (2005); the data folder sits beside the repository.
const CDNOW_DIRECTORY = fileURLToPath(new URL("../../../shared/data/cdnow/", import.meta.url));
const CALIBRATION_END = "1997-09-30";

// Published estimates: BG/NBD from "Counting Your Customers the Easy Way",
// Gamma-Gamma from "RFM and CLV" (946 CDNOW customers with x > 0).
const PUBLISHED_BG_NBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };
const PUBLISHED_GAMMA_GAMMA = { p: 6.25, q: 3.74, v: 15.44 };
const PUBLISHED_EXPECTED_PURCHASES = 1.226; // x = 2, tx = 30.43, T = 38.86, next 39 weeks

// Published parameters are rounded to 3-4 significant digits, so 1% relative
// leaves room for rounding but still catches a wrong model or optimum.
const PARAMETER_RELATIVE_TOLERANCE = 0.01;
const LOG_LIKELIHOOD_TOLERANCE = 0.1;
const EXPECTED_PURCHASES_TOLERANCE = 0.001;
// The summary CSV rounds to 2 decimals, so a correct value is within 0.005 of it.
const CSV_ROUNDING_TOLERANCE = 0.005 + 1e-9;

function readCdnowSummary(): CustomerSummary[] {
  const text = readFileSync(`${CDNOW_DIRECTORY}CDNOW_sample.txt`, "utf8");
  return buildCalibrationSummary(parseCdnowTransactions(text), CALIBRATION_END);
}

function readPublishedSummary(): Map<string, CustomerSummary> {
  const lines = readFileSync(`${CDNOW_DIRECTORY}cdnow_customers_summary_with_transactions.csv`, "utf8")
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toBe("ID,x,t_x,T,zbar");

  const rows = new Map<string, CustomerSummary>();
  for (const line of lines.slice(1)) {
    const [customerId = "", x, tx, T, zbar] = line.split(",");
    rows.set(customerId, { customerId, x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) });
  }
  return rows;
}

function expectRelativelyClose(actual: number, expected: number, relativeTolerance: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(relativeTolerance);
}

function makeCustomer(customerId: string, x: number, tx: number, T: number, zbar: number): CustomerSummary {
  return { customerId, x, tx, T, zbar };
}

const cdnowCustomers = readCdnowSummary();
const bgNbdFit = fitBgNbd(cdnowCustomers);
const gammaGammaFit = fitGammaGamma(cdnowCustomers);
const cdnowModels: ClvModels = { purchases: bgNbdFit, spend: gammaGammaFit };

describe("buildCalibrationSummary", () => {
  it("matches published CDNOW summary", () => {
    const published = readPublishedSummary();
    expect(cdnowCustomers).toHaveLength(2357);
    expect(published.size).toBe(2357);

    const mismatches: string[] = [];
    for (const customer of cdnowCustomers) {
      const row = published.get(customer.customerId);
      if (row === undefined) {
        mismatches.push(`${customer.customerId}: missing from the published file`);
        continue;
      }
      if (customer.x !== row.x) {
        mismatches.push(`${customer.customerId}: x ${customer.x} != ${row.x}`);
      }
      for (const field of ["tx", "T", "zbar"] as const) {
        if (Math.abs(customer[field] - row[field]) > CSV_ROUNDING_TOLERANCE) {
          mismatches.push(`${customer.customerId}: ${field} ${customer[field]} != ${row[field]}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("adds up same-day purchases", () => {
    const [customer] = buildCalibrationSummary(
      [
        { customerId: "c1", date: "2024-01-01", amount: 10 },
        { customerId: "c1", date: "2024-01-08", amount: 5 },
        { customerId: "c1", date: "2024-01-08", amount: 7 },
        { customerId: "c1", date: "2024-01-15", amount: 30 },
      ],
      "2024-01-29",
    );
    expect(customer).toEqual(makeCustomer("c1", 2, 2, 4, 21));
  });

  it("drops purchases after calibration end", () => {
    const summaries = buildCalibrationSummary(
      [
        { customerId: "early", date: "2024-01-01", amount: 10 },
        { customerId: "early", date: "2024-01-15", amount: 20 },
        { customerId: "early", date: "2024-01-16", amount: 99 },
        { customerId: "late", date: "2024-02-01", amount: 50 },
      ],
      "2024-01-15",
    );
    expect(summaries).toEqual([makeCustomer("early", 1, 2, 2, 20)]);
  });

  it("gives one-time buyers zero x, tx, zbar", () => {
    const [customer] = buildCalibrationSummary([{ customerId: "once", date: "2024-03-01", amount: 42 }], "2024-03-15");
    expect(customer).toEqual(makeCustomer("once", 0, 0, 2, 0));
  });

  it("rejects impossible dates", () => {
    expect(() => buildCalibrationSummary([{ customerId: "c", date: "2024-02-30", amount: 1 }], "2024-03-01")).toThrow(
      /invalid date "2024-02-30"/,
    );
    expect(() => buildCalibrationSummary([], "20240301")).toThrow(/expected YYYY-MM-DD/);
  });

  it("rejects non-finite amounts", () => {
    expect(() => buildCalibrationSummary([{ customerId: "c", date: "2024-01-01", amount: NaN }], "2024-03-01")).toThrow(
      /transaction 0 has an invalid amount/,
    );
  });
});

describe("minimizeNelderMead", () => {
  it("finds Rosenbrock minimum", () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]): number => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
    expect(result.point[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it("reports iteration limit", () => {
    const result = minimizeNelderMead(([x = 0]) => (x - 3) ** 2, [0], { maxIterations: 2 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(2);
  });

  it("treats NaN as worse than any value", () => {
    const result = minimizeNelderMead(([x = 0]) => (x < 0 ? NaN : (x - 2) ** 2), [0.5]);
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(2, 6);
  });
});

describe("computeHypergeometric2F1", () => {
  it("matches -log(1 - z) / z for 2F1(1, 1; 2; z)", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      expect(computeHypergeometric2F1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
    }
  });

  it("matches (1 - z)^-a for 2F1(a, b; b; z)", () => {
    expect(computeHypergeometric2F1(0.7, 3.2, 3.2, 0.6)).toBeCloseTo(Math.pow(0.4, -0.7), 12);
  });

  it("is 1 at z = 0", () => {
    expect(computeHypergeometric2F1(2, 3, 4, 0)).toBe(1);
  });

  it("rejects z outside [0, 1)", () => {
    expect(() => computeHypergeometric2F1(1, 1, 2, 1)).toThrow(/out of range/);
    expect(() => computeHypergeometric2F1(1, 1, 2, -0.1)).toThrow(/out of range/);
  });
});

describe("fitBgNbd", () => {
  it("reproduces published CDNOW parameters", () => {
    expect(bgNbdFit.customerCount).toBe(2357);
    expectRelativelyClose(bgNbdFit.r, PUBLISHED_BG_NBD.r, PARAMETER_RELATIVE_TOLERANCE);
    expectRelativelyClose(bgNbdFit.alpha, PUBLISHED_BG_NBD.alpha, PARAMETER_RELATIVE_TOLERANCE);
    expectRelativelyClose(bgNbdFit.a, PUBLISHED_BG_NBD.a, PARAMETER_RELATIVE_TOLERANCE);
    expectRelativelyClose(bgNbdFit.b, PUBLISHED_BG_NBD.b, PARAMETER_RELATIVE_TOLERANCE);
  });

  it("reproduces published log-likelihood", () => {
    expect(Math.abs(bgNbdFit.logLikelihood - PUBLISHED_BG_NBD.logLikelihood)).toBeLessThanOrEqual(LOG_LIKELIHOOD_TOLERANCE);
    expect(bgNbdFit.logLikelihood).toBeCloseTo(computeBgNbdLogLikelihood(bgNbdFit, cdnowCustomers), 9);
  });

  it("beats nearby parameters", () => {
    const keys = ["r", "alpha", "a", "b"] as const;
    for (const key of keys) {
      for (const factor of [0.99, 1.01]) {
        const nearby: BgNbdParameters = { ...bgNbdFit, [key]: bgNbdFit[key] * factor };
        expect(computeBgNbdLogLikelihood(nearby, cdnowCustomers)).toBeLessThan(bgNbdFit.logLikelihood);
      }
    }
  });

  it("rejects empty input", () => {
    expect(() => fitBgNbd([])).toThrow(/at least one customer/);
  });

  it("rejects tx beyond T", () => {
    expect(() => fitBgNbd([makeCustomer("bad", 1, 5, 4, 10)])).toThrow(/customer 0 \(id bad\) has invalid tx = 5/);
  });
});

describe("predictBgNbdPurchases", () => {
  it("reproduces published 39-week expectation", () => {
    const expected = predictBgNbdPurchases(bgNbdFit, { x: 2, tx: 30.43, T: 38.86 }, 39);
    expect(Math.abs(expected - PUBLISHED_EXPECTED_PURCHASES)).toBeLessThanOrEqual(EXPECTED_PURCHASES_TOLERANCE);
  });

  it("matches untransformed published formula", () => {
    // The implementation uses Euler's transformation of 2F1; this checks it
    // against the formula as printed, for histories where both series converge fast.
    const { r, alpha, a, b } = bgNbdFit;
    for (const [x, tx, T, t] of [
      [0, 0, 38.86, 39],
      [2, 30.43, 38.86, 39],
      [7, 35, 38, 10],
    ] as const) {
      const z = t / (alpha + T + t);
      const bracket =
        1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * computeHypergeometric2F1(r + x, b + x, a + b + x - 1, z);
      const printed =
        (((a + b + x - 1) / (a - 1)) * bracket) /
        (1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0));
      expect(predictBgNbdPurchases(bgNbdFit, { x, tx, T }, t)).toBeCloseTo(printed, 10);
    }
  });

  it("is zero for zero weeks", () => {
    expect(predictBgNbdPurchases(bgNbdFit, { x: 3, tx: 20, T: 30 }, 0)).toBeCloseTo(0, 15);
  });

  it("grows with the horizon", () => {
    const history = { x: 4, tx: 25, T: 38 };
    const short = predictBgNbdPurchases(bgNbdFit, history, 10);
    const long = predictBgNbdPurchases(bgNbdFit, history, 52);
    expect(short).toBeGreaterThan(0);
    expect(long).toBeGreaterThan(short);
  });

  it("stays finite for heavy buyers far ahead", () => {
    const expected = predictBgNbdPurchases(bgNbdFit, { x: 200, tx: 38, T: 38.5 }, 520);
    expect(Number.isFinite(expected)).toBe(true);
    expect(expected).toBeGreaterThan(0);
  });

  it("rejects negative horizon", () => {
    expect(() => predictBgNbdPurchases(bgNbdFit, { x: 1, tx: 1, T: 2 }, -1)).toThrow(/invalid prediction horizon -1/);
  });
});

describe("computeProbabilityAlive", () => {
  it("is 1 without repeat purchases", () => {
    expect(computeProbabilityAlive(bgNbdFit, { x: 0, tx: 0, T: 38 })).toBe(1);
  });

  it("falls as the last purchase ages", () => {
    const recent = computeProbabilityAlive(bgNbdFit, { x: 5, tx: 37, T: 38 });
    const stale = computeProbabilityAlive(bgNbdFit, { x: 5, tx: 5, T: 38 });
    expect(recent).toBeLessThan(1);
    expect(stale).toBeLessThan(recent);
    expect(stale).toBeGreaterThan(0);
  });
});

describe("fitGammaGamma", () => {
  it("reproduces published CDNOW parameters", () => {
    expect(gammaGammaFit.customerCount).toBe(946);
    expectRelativelyClose(gammaGammaFit.p, PUBLISHED_GAMMA_GAMMA.p, PARAMETER_RELATIVE_TOLERANCE);
    expectRelativelyClose(gammaGammaFit.q, PUBLISHED_GAMMA_GAMMA.q, PARAMETER_RELATIVE_TOLERANCE);
    expectRelativelyClose(gammaGammaFit.v, PUBLISHED_GAMMA_GAMMA.v, PARAMETER_RELATIVE_TOLERANCE);
  });

  it("rejects input without repeat buyers", () => {
    expect(() => fitGammaGamma([makeCustomer("once", 0, 0, 10, 0)])).toThrow(/none of the 1 given qualify/);
  });
});

describe("predictAverageSpend", () => {
  it("is population mean without repeats", () => {
    const { p, q, v } = gammaGammaFit;
    expect(predictAverageSpend(gammaGammaFit, { x: 0, zbar: 0 })).toBeCloseTo((p * v) / (q - 1), 12);
  });

  it("moves toward zbar with more purchases", () => {
    const populationMean = predictAverageSpend(gammaGammaFit, { x: 0, zbar: 0 });
    const few = predictAverageSpend(gammaGammaFit, { x: 1, zbar: 100 });
    const many = predictAverageSpend(gammaGammaFit, { x: 20, zbar: 100 });
    expect(few).toBeGreaterThan(populationMean);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
  });

  it("rejects q <= 1 without repeats", () => {
    expect(() => predictAverageSpend({ p: 2, q: 0.9, v: 10 }, { x: 0, zbar: 0 })).toThrow(/does not exist/);
  });
});

describe("predictCustomerValue", () => {
  const customer = makeCustomer("1", 2, 30.43, 38.86, 22.35);

  it("multiplies purchases by spend", () => {
    const prediction = predictCustomerValue(cdnowModels, customer, { weeks: 39 });
    expect(prediction.expectedPurchases).toBeCloseTo(predictBgNbdPurchases(bgNbdFit, customer, 39), 12);
    expect(prediction.expectedSpend).toBeCloseTo(predictAverageSpend(gammaGammaFit, customer), 12);
    expect(prediction.expectedValue).toBeCloseTo(prediction.expectedPurchases * prediction.expectedSpend, 12);
  });

  it("equals undiscounted value at zero rate", () => {
    const plain = predictCustomerValue(cdnowModels, customer, { weeks: 39 });
    const zeroRate = predictCustomerValue(cdnowModels, customer, { weeks: 39, discount: { ratePerPeriod: 0, periodWeeks: 4 } });
    expect(zeroRate.expectedValue).toBeCloseTo(plain.expectedValue, 10);
  });

  it("discounts each period", () => {
    const plain = predictCustomerValue(cdnowModels, customer, { weeks: 8 });
    const discounted = predictCustomerValue(cdnowModels, customer, { weeks: 8, discount: { ratePerPeriod: 0.1, periodWeeks: 4 } });
    const firstHalf = predictBgNbdPurchases(bgNbdFit, customer, 4);
    const secondHalf = predictBgNbdPurchases(bgNbdFit, customer, 8) - firstHalf;
    const expected = (firstHalf / 1.1 + secondHalf / 1.21) * plain.expectedSpend;
    expect(discounted.expectedValue).toBeCloseTo(expected, 10);
    expect(discounted.expectedValue).toBeLessThan(plain.expectedValue);
  });

  it("rejects non-positive discount period", () => {
    expect(() =>
      predictCustomerValue(cdnowModels, customer, { weeks: 8, discount: { ratePerPeriod: 0.1, periodWeeks: 0 } }),
    ).toThrow(/invalid discount period 0/);
  });
});

describe("summarizeSegment", () => {
  it("averages customer predictions", () => {
    const group = cdnowCustomers.slice(0, 50);
    const horizon = { weeks: 52 };
    const predictions = group.map((customer) => predictCustomerValue(cdnowModels, customer, horizon));
    const segment = summarizeSegment(cdnowModels, group, horizon);

    const sumOf = (values: number[]): number => values.reduce((total, value) => total + value, 0);
    expect(segment.customerCount).toBe(50);
    expect(segment.meanExpectedPurchases).toBeCloseTo(sumOf(predictions.map((p) => p.expectedPurchases)) / 50, 12);
    expect(segment.meanExpectedValue).toBeCloseTo(sumOf(predictions.map((p) => p.expectedValue)) / 50, 12);
    expect(segment.meanProbabilityAlive).toBeCloseTo(sumOf(predictions.map((p) => p.probabilityAlive)) / 50, 12);
    expect(segment.totalExpectedValue).toBeCloseTo(sumOf(predictions.map((p) => p.expectedValue)), 9);
  });

  it("returns null means for empty group", () => {
    expect(summarizeSegment(cdnowModels, [], { weeks: 52 })).toEqual({
      customerCount: 0,
      meanProbabilityAlive: null,
      meanExpectedPurchases: null,
      meanExpectedValue: null,
      totalExpectedValue: 0,
    });
  });
});

describe("parseCdnowTransactions", () => {
  it("reads sample and master layouts", () => {
    const sample = parseCdnowTransactions(" 00004 0001 19970101  2   29.33\n");
    const master = parseCdnowTransactions(" customer_id  date number_of_cds  dollar_value\n 00002 19970112  1   12.00\n");
    expect(sample).toEqual([{ customerId: "1", date: "1997-01-01", amount: 29.33 }]);
    expect(master).toEqual([{ customerId: "2", date: "1997-01-12", amount: 12 }]);
  });

  it("rejects malformed line", () => {
    expect(() => parseCdnowTransactions(" 00004 0001 19970101\n")).toThrow(/line 1 has 3 fields/);
  });
});
