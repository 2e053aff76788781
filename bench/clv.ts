// Times the BG/NBD and Gamma-Gamma fits on the CDNOW 1/10 sample (2,357
// customers, calibration ending 1997-09-30) and prints the fitted values
// beside those published by Fader, Hardie & Lee (2005).
// Run: npx tsx bench/clv.ts
import { readFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

import {
  buildCalibrationSummary,
  fitBgNbd,
  fitGammaGamma,
  parseCdnowTransactions,
  predictBgNbdPurchases,
} from "../src/analytics/clv/index.js";

const RUNS = 5;
const SAMPLE_PATH = fileURLToPath(new URL("../../shared/data/cdnow/CDNOW_sample.txt", import.meta.url));

/** Runs `fit` once to warm up, then RUNS timed times, and returns a result with the median wall time in milliseconds. */
function timeFit<T>(fit: () => T): { result: T; medianMs: number } {
  const durations: number[] = [];
  let result = fit();
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    result = fit();
    durations.push(performance.now() - start);
  }
  durations.sort((left, right) => left - right);
  return { result, medianMs: durations[Math.floor(RUNS / 2)] ?? NaN };
}

const customers = buildCalibrationSummary(parseCdnowTransactions(readFileSync(SAMPLE_PATH, "utf8")), "1997-09-30");
const bgNbd = timeFit(() => fitBgNbd(customers));
const gammaGamma = timeFit(() => fitGammaGamma(customers));
const expectedPurchases = predictBgNbdPurchases(bgNbd.result, { x: 2, tx: 30.43, T: 38.86 }, 39);

const rows: [string, string, number, number][] = [
  ["BG/NBD", "r", bgNbd.result.r, 0.243],
  ["BG/NBD", "alpha", bgNbd.result.alpha, 4.414],
  ["BG/NBD", "a", bgNbd.result.a, 0.793],
  ["BG/NBD", "b", bgNbd.result.b, 2.426],
  ["BG/NBD", "log-likelihood", bgNbd.result.logLikelihood, -9582.4],
  ["BG/NBD", "E[Y(39)] for x=2, tx=30.43, T=38.86", expectedPurchases, 1.226],
  ["Gamma-Gamma", "p", gammaGamma.result.p, 6.25],
  ["Gamma-Gamma", "q", gammaGamma.result.q, 3.74],
  ["Gamma-Gamma", "v", gammaGamma.result.v, 15.44],
];

console.log(`CDNOW sample: ${customers.length} customers, ${gammaGamma.result.customerCount} with x > 0`);
console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, median of ${RUNS} runs after one warm-up\n`);
console.log("| model | fit time (ms) | Nelder-Mead iterations |");
console.log("| --- | ---: | ---: |");
console.log(`| BG/NBD | ${bgNbd.medianMs.toFixed(1)} | ${bgNbd.result.iterations} |`);
console.log(`| Gamma-Gamma | ${gammaGamma.medianMs.toFixed(1)} | ${gammaGamma.result.iterations} |\n`);
console.log("| model | quantity | fitted | published |");
console.log("| --- | --- | ---: | ---: |");
for (const [model, quantity, fitted, published] of rows) {
  console.log(`| ${model} | ${quantity} | ${fitted.toFixed(4)} | ${published} |`);
}
