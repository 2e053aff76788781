import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { computeChannelAvailability } from './availability.js';
import { requireChannel, type ChannelRow } from './channels.js';
import { priceVariantsForChannel } from './pricing.js';
import { products, variants } from './schema.js';

/** A variant as one channel offers it now: its price on that channel and the units that channel may sell. */
export interface VariantOffer {
  variantId: string;
  sku: string;
  productId: string;
  productName: string;
  category: string;
  color: string | null;
  size: string | null;
  options: Record<string, string>;
  /** Whole rupiah on the channel, promotions applied. */
  price: number;
  available: number;
}

interface VariantRow {
  variant_id: string;
  sku: string;
  product_id: string;
  product_name: string;
  category: string;
  color: string | null;
  size: string | null;
  options: Record<string, string>;
}

const variantColumns = sql`
  v.id as variant_id, v.sku, v.product_id, p.name as product_name, p.category, v.color, v.size, v.options`;

function escapeRegex(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds the condition that `word` occurs in the variant's searchable text (product name, category, colour,
 * size, option values, SKU). Words of one or two letters (sizes such as "L" or "XL") must match a whole
 * word. Longer words match the start of a word, so "kemej" finds "Kemeja".
 */
function wordCondition(word: string): SQL {
  const pattern = word.length <= 2 ? `\\m${escapeRegex(word)}\\M` : `\\m${escapeRegex(word)}`;
  return sql`(concat_ws(' ', p.name, p.category, v.color, v.size, v.sku,
    (select string_agg(value, ' ') from jsonb_each_text(v.options))) ~* ${pattern})`;
}

async function findVariantRows(db: Executor, query: string, limit: number): Promise<VariantRow[]> {
  const words = query.split(/[\s,;]+/).filter((word) => word.length > 0);
  if (words.length === 0) {
    return queryRows<VariantRow>(db, sql`
      select ${variantColumns} from variants v join products p on p.id = v.product_id
      order by p.name, v.sku limit ${limit}`);
  }
  const everyWord = sql.join(words.map(wordCondition), sql` and `);
  return queryRows<VariantRow>(db, sql`
    select ${variantColumns} from variants v join products p on p.id = v.product_id
    where lower(v.sku) = lower(${query.trim()}) or lower(v.barcode) = lower(${query.trim()}) or (${everyWord})
    order by (lower(v.sku) = lower(${query.trim()})) desc, p.name, v.sku
    limit ${limit}`);
}

async function offersFor(db: Executor, channel: ChannelRow, rows: VariantRow[], at?: Date): Promise<VariantOffer[]> {
  const ids = rows.map((row) => row.variant_id);
  const [prices, availability] = [
    await priceVariantsForChannel(db, channel, ids, at),
    await computeChannelAvailability(db, channel, ids),
  ];
  return rows.map((row) => ({
    variantId: row.variant_id,
    sku: row.sku,
    productId: row.product_id,
    productName: row.product_name,
    category: row.category,
    color: row.color,
    size: row.size,
    options: row.options ?? {},
    price: prices.get(row.variant_id) ?? 0,
    available: availability.get(row.variant_id) ?? 0,
  }));
}

/**
 * Finds variants whose SKU or barcode equals the query, or whose text contains every word of it, with
 * their price and availability on the channel. An empty query lists the catalog.
 */
export async function searchVariants(
  db: Executor,
  input: { query?: string; channelCode: string; limit?: number },
): Promise<VariantOffer[]> {
  const channel = await requireChannel(db, input.channelCode);
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 200);
  const rows = await findVariantRows(db, input.query ?? '', limit);
  return offersFor(db, channel, rows);
}

/** Reads the offers of the given variants on one channel, in the order requested. Unknown ids are left out. */
export async function getChannelOffers(
  db: Executor,
  input: { variantIds: string[]; channelCode: string; at?: Date },
): Promise<VariantOffer[]> {
  const channel = await requireChannel(db, input.channelCode);
  if (input.variantIds.length === 0) return [];
  const ids = sql.join(input.variantIds.map((id) => sql`${id}`), sql`, `);
  const rows = await queryRows<VariantRow>(db, sql`
    select ${variantColumns} from variants v join products p on p.id = v.product_id where v.id in (${ids})`);
  const byId = new Map(rows.map((row) => [row.variant_id, row]));
  const ordered = [...new Set(input.variantIds)].flatMap((id) => byId.get(id) ?? []);
  return offersFor(db, channel, ordered, input.at);
}

export interface CatalogProduct {
  productId: string;
  productName: string;
  category: string;
  description: string;
  variants: Array<{ variantId: string; sku: string; color: string | null; size: string | null; options: Record<string, string> }>;
}

/** Lists every product with its variants, for indexes such as the bot's retrieval. */
export async function listCatalog(db: Executor): Promise<CatalogProduct[]> {
  const rows = await db.select({
    productId: products.id,
    productName: products.name,
    category: products.category,
    description: products.description,
    variantId: variants.id,
    sku: variants.sku,
    color: variants.color,
    size: variants.size,
    options: variants.options,
  }).from(products).leftJoin(variants, eq(variants.productId, products.id)).orderBy(asc(products.name), asc(variants.sku));

  const byProduct = new Map<string, CatalogProduct>();
  for (const row of rows) {
    let product = byProduct.get(row.productId);
    if (!product) {
      product = { productId: row.productId, productName: row.productName, category: row.category, description: row.description, variants: [] };
      byProduct.set(row.productId, product);
    }
    if (row.variantId && row.sku) {
      product.variants.push({ variantId: row.variantId, sku: row.sku, color: row.color, size: row.size, options: row.options ?? {} });
    }
  }
  return [...byProduct.values()];
}

/** Finds the variant with `sku`; null when there is none. */
export async function findVariantBySku(db: Executor, sku: string): Promise<{ id: string; sku: string; productId: string } | null> {
  const rows = await db.select({ id: variants.id, sku: variants.sku, productId: variants.productId })
    .from(variants).where(eq(variants.sku, sku)).limit(1);
  return rows[0] ?? null;
}
