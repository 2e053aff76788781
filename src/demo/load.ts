import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';

export interface DemoSummary {
  products: number;
  variants: number;
  customers: number;
  orders: number;
}

/** Loads the demo business. The generator is being written; until then it loads nothing. */
export async function loadDemoBusiness(_db: Db, _logger: Logger): Promise<DemoSummary> {
  return { products: 0, variants: 0, customers: 0, orders: 0 };
}
