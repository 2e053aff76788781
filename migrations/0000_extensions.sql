-- pgvector for product embeddings, pg_trgm for fuzzy product and identity search.
CREATE EXTENSION IF NOT EXISTS vector;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
