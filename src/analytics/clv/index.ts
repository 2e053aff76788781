// Predicted customer lifetime value: BG/NBD for the number of future purchases
// and Gamma-Gamma for the spend per purchase, fitted by maximum likelihood.
export { buildCalibrationSummary, type CustomerSummary, type Transaction } from "./summary.js";
export {
  computeBgNbdLogLikelihood,
  computeProbabilityAlive,
  fitBgNbd,
  predictBgNbdPurchases,
  type BgNbdFit,
  type BgNbdParameters,
  type PurchaseHistory,
} from "./bg-nbd.js";
export {
  computeGammaGammaLogLikelihood,
  fitGammaGamma,
  predictAverageSpend,
  type GammaGammaFit,
  type GammaGammaParameters,
  type SpendHistory,
} from "./gamma-gamma.js";
export { predictCustomerValue, type ClvModels, type CustomerPrediction, type ValueHorizon } from "./value.js";
export { summarizeSegment, type SegmentPrediction } from "./segment.js";
export { parseCdnowTransactions } from "./cdnow.js";
