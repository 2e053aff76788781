import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../db/index.js';
import { listCatalog, type CatalogProduct } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import type { Embedder } from './embedding.js';
import { productSynonyms } from './lexicon.js';
import { normalizeMessage } from './normalize.js';
import { botCatalogIndex, botIndexState } from './schema.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';

/** The catalog as the bot last indexed it, kept in memory per database handle. */
export interface IndexedCatalog {
  fingerprint: string;
  products: Map<string, CatalogProduct>;
  vocabulary: Vocabulary;
  checkedAt: number;
}

const stateName = 'catalog';
const cache = new WeakMap<object, IndexedCatalog>();
const checking = new WeakMap<object, Promise<void>>();

/** Hashes everything in the catalog that the index or the vocabulary reads. */
export function fingerprintCatalog(catalog: CatalogProduct[]): string {
  const hash = createHash('sha256');
  for (const product of catalog) {
    hash.update(JSON.stringify([product.productId, product.productName, product.category, product.description]));
    for (const variant of product.variants) hash.update(JSON.stringify([variant.variantId, variant.sku, variant.color, variant.size, variant.options]));
  }
  return hash.digest('hex');
}

/** Builds the search document of one product: name, category, synonyms of their words, colours, sizes, description. */
export function buildSearchDocument(product: CatalogProduct): string {
  const words = normalizeMessage(`${product.productName} ${product.category.replace(/[-_]/g, ' ')}`).tokens;
  const synonyms = new Set<string>();
  for (const group of productSynonyms) if (group.some((word) => words.includes(word))) for (const word of group) synonyms.add(word);
  const colours = new Set(product.variants.flatMap((variant) => (variant.color ? [variant.color] : [])));
  const sizes = new Set(product.variants.flatMap((variant) => (variant.size ? [variant.size] : [])));
  return [product.productName, product.category.replace(/[-_]/g, ' '), [...synonyms].join(' '), [...colours].join(' '), [...sizes].join(' '), product.description]
    .filter((part) => part.length > 0)
    .join(' | ');
}

/**
 * Returns the indexed catalog, rebuilding the index when the catalog's fingerprint or the embedding
 * model differs from what the index was built from. The first call waits for the index. Later calls
 * return the copy in memory at once and, when it is older than `maxAgeMs`, start one check in the
 * background, so a request does not wait for the catalog to be re-read. A not-found
 * answer is the exception: it calls `refreshCatalogIndex` first. Stock and prices are always read
 * per request; only product names and variants can be up to one check old.
 */
export async function ensureCatalogIndex(db: Db, embedder: Embedder, options: { maxAgeMs: number; logger: Logger }): Promise<IndexedCatalog> {
  const cached = cache.get(db);
  if (!cached) return checkCatalog(db, embedder);
  if (Date.now() - cached.checkedAt >= options.maxAgeMs && !checking.has(db)) {
    const check = checkCatalog(db, embedder)
      .then(() => undefined)
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'bot catalog index check failed; the previous copy stays in use');
      })
      .finally(() => checking.delete(db));
    checking.set(db, check);
  }
  return cached;
}

/**
 * Checks the catalog against the index now and returns the current copy, rebuilt when the catalog
 * changed. A request calls it before telling a customer a product is not sold, so that a product added
 * or removed a moment ago is reflected.
 */
export async function refreshCatalogIndex(db: Db, embedder: Embedder): Promise<IndexedCatalog> {
  return checkCatalog(db, embedder);
}

async function checkCatalog(db: Db, embedder: Embedder): Promise<IndexedCatalog> {
  const cached = cache.get(db);
  const now = Date.now();
  const catalog = await listCatalog(db);
  const fingerprint = fingerprintCatalog(catalog);
  if (cached && cached.fingerprint === fingerprint) {
    cached.checkedAt = now;
    return cached;
  }
  const states = await queryRows<{ catalog_fingerprint: string; embedding_model: string }>(db, sql`
    select catalog_fingerprint, embedding_model from ${botIndexState} where name = ${stateName}`);
  const state = states[0];
  if (!state || state.catalog_fingerprint !== fingerprint || state.embedding_model !== embedder.model) {
    await writeCatalogIndex(db, catalog, fingerprint, embedder);
  }
  const entry = toIndexedCatalog(catalog, fingerprint, now);
  cache.set(db, entry);
  return entry;
}

/** Rebuilds the index from the catalog now, whatever its state; the refresh job calls this. */
export async function rebuildCatalogIndex(db: Db, embedder: Embedder): Promise<{ products: number }> {
  const catalog = await listCatalog(db);
  const fingerprint = fingerprintCatalog(catalog);
  await writeCatalogIndex(db, catalog, fingerprint, embedder);
  cache.set(db, toIndexedCatalog(catalog, fingerprint, Date.now()));
  return { products: catalog.length };
}

function toIndexedCatalog(catalog: CatalogProduct[], fingerprint: string, checkedAt: number): IndexedCatalog {
  const vocabulary = buildVocabulary({
    productTexts: catalog.flatMap((product) => [product.productName, product.category.replace(/[-_]/g, ' '), product.description]),
    colours: catalog.flatMap((product) => product.variants.flatMap((variant) => (variant.color ? [variant.color] : []))),
    sizes: catalog.flatMap((product) => product.variants.flatMap((variant) => (variant.size ? [variant.size] : []))),
    cities: [],
  });
  return { fingerprint, products: new Map(catalog.map((product) => [product.productId, product])), vocabulary, checkedAt };
}

async function writeCatalogIndex(db: Db, catalog: CatalogProduct[], fingerprint: string, embedder: Embedder): Promise<void> {
  const documents = catalog.map(buildSearchDocument);
  const embeddings = documents.length > 0 ? await embedder.embed(documents) : [];
  await db.transaction(async (tx) => {
    await deleteMissingProducts(tx, catalog.map((product) => product.productId));
    for (const [position, product] of catalog.entries()) {
      const row = {
        productId: product.productId,
        productName: product.productName,
        category: product.category,
        document: documents[position]!,
        embedding: embeddings[position]!,
        variantCount: product.variants.length,
        updatedAt: new Date(),
      };
      await tx.insert(botCatalogIndex).values(row).onConflictDoUpdate({ target: botCatalogIndex.productId, set: row });
    }
    const state = { name: stateName, catalogFingerprint: fingerprint, embeddingModel: embedder.model, productCount: catalog.length, refreshedAt: new Date() };
    await tx.insert(botIndexState).values(state).onConflictDoUpdate({ target: botIndexState.name, set: state });
  });
}

async function deleteMissingProducts(tx: Executor, keep: string[]): Promise<void> {
  if (keep.length === 0) {
    await tx.delete(botCatalogIndex);
    return;
  }
  await tx.execute(sql`delete from ${botCatalogIndex} where product_id <> all(${sql`array[${sql.join(keep.map((id) => sql`${id}`), sql`, `)}]::text[]`})`);
}
