import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/index.js';
import { planDemand, type DemandOptions } from './demand.js';
import { runHub } from './hub-run.js';
import type { RunOutcome } from './outcome.js';
import { runPerChannelCopies } from './per-channel-copies.js';
import { readStockPicture } from './stock.js';

export type { RunOutcome } from './outcome.js';

export interface SimulationOptions extends DemandOptions {
  reconcileMinutes: number;
}

/**
 * Replays one season of demand twice from the same starting stock: first with per-channel stock copies
 * (in memory, the database untouched), then through the hub's real reservation code, which writes the
 * orders into `db`. Use a scratch database.
 */
export async function runSimulation(db: Db, options: SimulationOptions): Promise<{ perChannel: RunOutcome; hub: RunOutcome }> {
  const events = await planDemand(db, options);
  const picture = await readStockPicture(db);
  const perChannel = runPerChannelCopies(events, picture, options.reconcileMinutes);
  const hub = await runHub(db, events, randomBytes(4).toString('hex'));
  return { perChannel, hub };
}

/** Rows for printing both runs side by side. */
export function formatSimulationTable(outcomes: RunOutcome[]): Array<Record<string, string | number>> {
  const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((part / whole) * 100).toFixed(2)}%`);
  const rupiah = (amount: number) => `Rp${new Intl.NumberFormat('id-ID').format(amount)}`;
  return outcomes.map((outcome) => ({
    run: outcome.name,
    demand: outcome.demand,
    sold: outcome.sold,
    oversold: outcome.oversold,
    oversell_rate: percent(outcome.oversold, outcome.sold + outcome.oversold),
    lost_sales: outcome.lostSales,
    lost_revenue: rupiah(outcome.lostRevenue),
    out_of_stock: outcome.outOfStock,
    stock_consistency: percent(outcome.consistentChecks, outcome.checks),
    sold_revenue: rupiah(outcome.soldRevenue),
  }));
}
