import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import type { Embedder } from './embedding.js';
import { productSynonyms } from './lexicon.js';

export interface ProductCandidate {
  productId: string;
  productName: string;
  category: string;
  /** Share of the query's product words found in the product's document (0..1). */
  coverage: number;
  /** Share of the query's product words found in the product name alone (0..1). */
  nameCoverage: number;
  /** pg_trgm word similarity of the query to the product name (0..1). */
  trigram: number;
  /** Cosine similarity of the embeddings (-1..1). */
  cosine: number;
  score: number;
}

/** Builds one tsquery OR-group per query word with its synonyms, prefix-matched from four letters ("kemej:*"). */
export function buildTermQueries(words: string[], options: { synonyms: boolean } = { synonyms: true }): string[] {
  return words.flatMap((word) => {
    const clean = word.replace(/[^a-z0-9]/g, '');
    if (!clean) return [];
    const group = (options.synonyms ? productSynonyms.find((synonyms) => synonyms.includes(word)) : undefined) ?? [word];
    const alternatives = new Set([clean, ...group.map((synonym) => synonym.replace(/[^a-z0-9]/g, '')).filter(Boolean)]);
    return [[...alternatives].map((alternative) => (alternative.length >= 4 ? `${alternative}:*` : alternative)).join(' | ')];
  });
}

/**
 * Ranks catalog products for the product words of a message by a hybrid of full text (share of words
 * matched), trigram word similarity and embedding cosine similarity. Candidates come from any of the
 * three, so a typo the full text misses can still be found by trigrams or the embedding.
 */
export async function searchProducts(
  db: Executor,
  embedder: Embedder,
  words: string[],
  limit = 8,
): Promise<ProductCandidate[]> {
  const termQueries = buildTermQueries(words);
  if (termQueries.length === 0) return [];
  const queryText = words.join(' ');
  const [embedding] = await embedder.embed([queryText]);
  const vectorLiteral = `[${embedding!.join(',')}]`;
  const anyTerm = termQueries.map((query) => `(${query})`).join(' | ');
  // One boolean per word, summed: as many words as match. Written out per word (not an unnest
  // subquery per row), the tsqueries are parsed once per statement.
  const termQueriesSql = termQueries.map((query) => sql`to_tsquery('simple', ${query})`);
  const matchedSql = sql.join(termQueriesSql.map((query) => sql`(i.search_vector @@ ${query})::int`), sql` + `);
  // The name counts only the customer's own words, not their synonyms: "sneakers kanvas" names
  // Sepatu Sneakers Kanvas, not Sepatu Slip-On Kanvas, although both are shoes.
  const literalQueriesSql = buildTermQueries(words, { synonyms: false }).map((query) => sql`to_tsquery('simple', ${query})`);
  const nameMatchedSql = sql.join(literalQueriesSql.map((query) => sql`(n.name_vector @@ ${query})::int`), sql` + `);

  const rows = await queryRows<{
    product_id: string; product_name: string; category: string; matched: number; name_matched: number; trigram: number; cosine: number;
  }>(db, sql`
    with candidates as (
      select product_id from bot_catalog_index where search_vector @@ to_tsquery('simple', ${anyTerm})
      union
      select product_id from bot_catalog_index where ${queryText} <% product_name
      union
      (select product_id from bot_catalog_index order by embedding <=> ${vectorLiteral}::vector limit 10)
    )
    select i.product_id, i.product_name, i.category,
           (${matchedSql}) as matched,
           (${nameMatchedSql}) as name_matched,
           word_similarity(${queryText}, i.product_name)::float8 as trigram,
           (1 - (i.embedding <=> ${vectorLiteral}::vector))::float8 as cosine
    from bot_catalog_index i
    join candidates c on c.product_id = i.product_id
    cross join lateral (select to_tsvector('simple', i.product_name) as name_vector) n`);

  return rows
    .map((row) => {
      const coverage = Number(row.matched) / termQueries.length;
      const trigram = Number(row.trigram);
      const cosine = Number(row.cosine);
      return {
        productId: row.product_id,
        productName: row.product_name,
        category: row.category,
        coverage,
        nameCoverage: Number(row.name_matched) / termQueries.length,
        trigram,
        cosine,
        score: 0.6 * coverage + 0.25 * trigram + 0.15 * Math.max(cosine, 0),
      };
    })
    .sort((a, b) => b.coverage - a.coverage || b.nameCoverage - a.nameCoverage || b.score - a.score || a.productName.localeCompare(b.productName))
    .slice(0, limit);
}
