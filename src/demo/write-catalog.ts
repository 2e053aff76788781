import { newId, type Executor } from '../db/index.js';
import {
  channelListingSnapshots, channelLocations, channels, locations, products, stockLedger, stockLevels, variants,
} from '../db/schema.js';
import { insertInBatches } from './batch-insert.js';
import { channelDefinitions, locationDefinitions } from './business.js';
import { productDefinitions } from './catalog-data.js';
import { toHandle, type PlannedVariant } from './catalog.js';
import type { PlannedListingSnapshot } from './listing-snapshots.js';

/** Database ids of the demo's rows, by the codes the plan uses. */
export interface CatalogIds {
  variantBySku: Map<string, string>;
  locationByCode: Map<string, string>;
  channelByCode: Map<string, string>;
}

async function writeProducts(tx: Executor, planned: PlannedVariant[]): Promise<Map<string, string>> {
  const variantBySku = new Map<string, string>();
  const productRows = productDefinitions.map((product) => ({
    id: newId('prd'),
    handle: toHandle(product.name),
    name: product.name,
    category: product.category,
    description: `${product.name} berbahan ${product.material}.`,
    code: product.code,
  }));
  await insertInBatches(tx, products, productRows.map(({ code: _code, ...row }) => row));

  const productByCode = new Map(productRows.map((row) => [row.code, row.id]));
  const variantRows = planned.map((variant) => {
    const id = newId('var');
    variantBySku.set(variant.sku, id);
    const options: Record<string, string> = variant.size ? { color: variant.color, size: variant.size } : { color: variant.color };
    return {
      id,
      productId: productByCode.get(variant.productCode)!,
      sku: variant.sku,
      barcode: variant.barcode,
      color: variant.color,
      size: variant.size,
      options,
      weightGrams: variant.weightGrams,
      basePrice: variant.basePrice,
    };
  });
  await insertInBatches(tx, variants, variantRows);
  return variantBySku;
}

async function writeLocationsAndChannels(tx: Executor): Promise<Pick<CatalogIds, 'locationByCode' | 'channelByCode'>> {
  const locationByCode = new Map(locationDefinitions.map((location) => [location.code, newId('loc')]));
  const channelByCode = new Map(channelDefinitions.map((channel) => [channel.code, newId('chn')]));
  await insertInBatches(tx, locations, locationDefinitions.map((location) => ({ id: locationByCode.get(location.code)!, ...location })));
  await insertInBatches(tx, channels, channelDefinitions.map((channel) => ({
    id: channelByCode.get(channel.code)!,
    code: channel.code,
    name: channel.name,
    kind: channel.kind,
    bufferStock: channel.bufferStock,
    reservationTtlMinutes: channel.reservationTtlMinutes,
    priceRule: channel.priceRule,
  })));
  await insertInBatches(tx, channelLocations, channelDefinitions.flatMap((channel) => channel.locations.map((code) => ({
    channelId: channelByCode.get(channel.code)!,
    locationId: locationByCode.get(code)!,
  }))));
  return { locationByCode, channelByCode };
}

/**
 * Writes a stock level for every (variant, location) and one `initial_count` ledger row for each
 * non-zero count, so that the ledger sums to on hand from the start.
 */
async function writeStock(tx: Executor, planned: PlannedVariant[], ids: CatalogIds, countedAt: Date): Promise<void> {
  const levels: Array<typeof stockLevels.$inferInsert> = [];
  const ledger: Array<typeof stockLedger.$inferInsert> = [];
  for (const variant of planned) {
    for (const location of locationDefinitions) {
      const onHand = variant.stock[location.code] ?? 0;
      const variantId = ids.variantBySku.get(variant.sku)!;
      const locationId = ids.locationByCode.get(location.code)!;
      levels.push({ variantId, locationId, onHand, reserved: 0, updatedAt: countedAt });
      if (onHand === 0) continue;
      ledger.push({
        variantId, locationId, onHandDelta: onHand, reservedDelta: 0, reason: 'initial_count', actor: 'demo',
        source: 'demo:initial_count', idempotencyKey: `demo:initial_count:${variant.sku}:${location.code}`, createdAt: countedAt,
      });
    }
  }
  await insertInBatches(tx, stockLevels, levels);
  await insertInBatches(tx, stockLedger, ledger);
}

/** Writes products, variants, locations, channels with the locations they sell from, and counted stock. */
export async function writeCatalog(tx: Executor, planned: PlannedVariant[], countedAt: Date): Promise<CatalogIds> {
  const variantBySku = await writeProducts(tx, planned);
  const ids = { variantBySku, ...(await writeLocationsAndChannels(tx)) };
  await writeStock(tx, planned, ids, countedAt);
  return ids;
}

/** Writes the marketplace listing read-backs that the price and stock consistency KPIs count. */
export async function writeListingSnapshots(tx: Executor, planned: PlannedListingSnapshot[], ids: CatalogIds): Promise<void> {
  await insertInBatches(tx, channelListingSnapshots, planned.map((snapshot) => ({
    channelId: ids.channelByCode.get(snapshot.channel)!,
    variantId: ids.variantBySku.get(snapshot.sku)!,
    source: 'reported' as const,
    listedPrice: snapshot.listedPrice,
    expectedPrice: snapshot.expectedPrice,
    publishedStock: snapshot.publishedStock,
    hubAvailable: snapshot.hubAvailable,
    recordedAt: snapshot.recordedAt,
  })));
}
