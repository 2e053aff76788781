import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../db/index.js';
import type { Logger } from '../logger.js';
import { channelDefinitions, locationDefinitions } from './business.js';
import { productDefinitions } from './catalog-data.js';
import { planDemoBusiness, type DemoPlanOptions } from './plan.js';
import { writeCatalog, writeListingSnapshots } from './write-catalog.js';
import { writeConversations } from './write-conversations.js';
import { resolveCustomerProfiles } from './write-customers.js';
import { writeOrders } from './write-orders.js';

export interface DemoSummary {
  products: number;
  variants: number;
  locations: number;
  channels: number;
  /** Distinct customer profiles the orders and conversations belong to. */
  customers: number;
  orders: number;
  cancelledOutOfStock: number;
  conversations: number;
  messages: number;
}

export type DemoLoadResult =
  | { kind: 'loaded'; asOf: Date; summary: DemoSummary }
  | { kind: 'skipped'; reason: 'catalog_not_empty' };

/** Advisory lock key that serialises concurrent demo loads (two processes starting on one database). */
const demoLoadLockKey = 7_421_001;

/** True when the catalog has no products yet: the first start of a new database. */
export async function isCatalogEmpty(db: Executor): Promise<boolean> {
  const rows = await queryRows<{ present: boolean }>(db, sql`select exists (select 1 from products) as present`);
  return !rows[0]?.present;
}

/**
 * Loads the demo fashion brand (catalog, stock, channels, customers, orders and chats) in one
 * transaction, so that a failed load leaves nothing behind. Does nothing when the catalog already has
 * products, whether from an earlier demo load or from the shop's own data.
 */
export async function loadDemoBusiness(db: Db, logger: Logger, options: DemoPlanOptions = {}): Promise<DemoLoadResult> {
  const plan = planDemoBusiness(options);
  const result = await db.transaction(async (tx): Promise<DemoLoadResult> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${demoLoadLockKey})`);
    if (!(await isCatalogEmpty(tx))) return { kind: 'skipped', reason: 'catalog_not_empty' };

    const ids = await writeCatalog(tx, plan.variants, plan.asOf);
    await writeListingSnapshots(tx, plan.listingSnapshots, ids);
    const profileByPresence = await resolveCustomerProfiles(tx, plan, logger);
    await writeOrders(tx, plan.orders, ids, profileByPresence);
    const written = await writeConversations(tx, plan.conversations, profileByPresence, logger);
    return {
      kind: 'loaded',
      asOf: plan.asOf,
      summary: {
        products: productDefinitions.length,
        variants: plan.variants.length,
        locations: locationDefinitions.length,
        channels: channelDefinitions.length,
        customers: new Set(profileByPresence.values()).size,
        orders: plan.orders.length,
        cancelledOutOfStock: plan.orders.filter((order) => order.cancelReason === 'out_of_stock').length,
        ...written,
      },
    };
  });
  if (result.kind === 'loaded') logger.info({ asOf: result.asOf, ...result.summary }, 'demo business loaded');
  else logger.info({ reason: result.reason }, 'demo business not loaded: the catalog already has products');
  return result;
}
