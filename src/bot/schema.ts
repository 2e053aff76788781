import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, timestamp, vector } from 'drizzle-orm/pg-core';

/** Width of every product embedding: the local hashing embedding, and OpenAI's with `dimensions` set. */
export const embeddingDimensions = 256;

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The bot's retrieval index: one row per catalog product with a search document (name, category,
 * synonyms, colours, sizes, description), its full-text vector and its embedding. Rebuilt from the
 * inventory module's catalog whenever the catalog's fingerprint changes.
 */
export const botCatalogIndex = pgTable('bot_catalog_index', {
  productId: text('product_id').primaryKey(),
  productName: text('product_name').notNull(),
  category: text('category').notNull(),
  document: text('document').notNull(),
  searchVector: tsvector('search_vector').notNull().generatedAlwaysAs(sql`to_tsvector('simple', document)`),
  embedding: vector('embedding', { dimensions: embeddingDimensions }).notNull(),
  variantCount: integer('variant_count').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('bot_catalog_index_search_idx').using('gin', t.searchVector),
  // Trigrams over the name only: word_similarity over the long document cost more than the rest of a request.
  index('bot_catalog_index_name_trgm_idx').using('gin', sql`${t.productName} gin_trgm_ops`),
  index('bot_catalog_index_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
]);

/** Which catalog version and embedding model the index was built from; one row per index name. */
export const botIndexState = pgTable('bot_index_state', {
  name: text('name').primaryKey(),
  catalogFingerprint: text('catalog_fingerprint').notNull(),
  embeddingModel: text('embedding_model').notNull(),
  productCount: integer('product_count').notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});
