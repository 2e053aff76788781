/** Counts of one simulated run. */
export interface RunOutcome {
  name: string;
  demand: number;
  sold: number;
  /** Orders taken by a channel and then cancelled because no location had the stock. */
  oversold: number;
  /** Orders a channel turned away although a location serving it had the stock. */
  lostSales: number;
  /** Orders turned away because no location serving the channel had the stock. */
  outOfStock: number;
  soldRevenue: number;
  lostRevenue: number;
  /** Order-time checks where the channel's published stock equalled the true availability. */
  consistentChecks: number;
  checks: number;
}

export function emptyOutcome(name: string): RunOutcome {
  return { name, demand: 0, sold: 0, oversold: 0, lostSales: 0, outOfStock: 0, soldRevenue: 0, lostRevenue: 0, consistentChecks: 0, checks: 0 };
}
