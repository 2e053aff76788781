import { planVariants, type PlannedVariant } from './catalog.js';
import { planConversations, type PlannedConversation } from './conversations.js';
import { planCustomers, type PlannedCustomer } from './customers.js';
import { planListingSnapshots, type PlannedListingSnapshot } from './listing-snapshots.js';
import { planOrders, type PlannedOrder } from './orders.js';
import { SeededRandom } from './random.js';
import { startOfUtcDay } from './timeline.js';

export interface DemoPlanOptions {
  /** The day the data ends: orders and messages fall in the 90 days before its 00:00 UTC. Default: today. */
  asOf?: Date;
  seed?: number;
  customerCount?: number;
  orderCount?: number;
}

/** Everything the demo business contains, computed without touching a database. */
export interface DemoPlan {
  asOf: Date;
  variants: PlannedVariant[];
  customers: PlannedCustomer[];
  orders: PlannedOrder[];
  conversations: PlannedConversation[];
  listingSnapshots: PlannedListingSnapshot[];
}

export const defaultDemoSeed = 20_240_817;

/**
 * Plans the demo business from a seed. The same seed and day give the same plan on every run. Each part
 * draws from its own generator, so changing how orders are drawn leaves the catalog as it was.
 */
export function planDemoBusiness(options: DemoPlanOptions = {}): DemoPlan {
  const seed = options.seed ?? defaultDemoSeed;
  const asOf = startOfUtcDay(options.asOf ?? new Date());
  const variants = planVariants(new SeededRandom(seed));
  const customers = planCustomers(new SeededRandom(seed + 1), options.customerCount ?? 400);
  const orders = planOrders(new SeededRandom(seed + 2), { customers, variants, orderCount: options.orderCount ?? 2000, asOf });
  const conversations = planConversations(new SeededRandom(seed + 3), { customers, variants, asOf });
  const listingSnapshots = planListingSnapshots(new SeededRandom(seed + 4), { variants, asOf });
  return { asOf, variants, customers, orders, conversations, listingSnapshots };
}
