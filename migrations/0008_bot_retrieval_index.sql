CREATE TABLE "bot_catalog_index" (
	"product_id" text PRIMARY KEY NOT NULL,
	"product_name" text NOT NULL,
	"category" text NOT NULL,
	"document" text NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', document)) STORED NOT NULL,
	"embedding" vector(256) NOT NULL,
	"variant_count" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_index_state" (
	"name" text PRIMARY KEY NOT NULL,
	"catalog_fingerprint" text NOT NULL,
	"embedding_model" text NOT NULL,
	"product_count" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bot_catalog_index_search_idx" ON "bot_catalog_index" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "bot_catalog_index_document_trgm_idx" ON "bot_catalog_index" USING gin ("document" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "bot_catalog_index_embedding_idx" ON "bot_catalog_index" USING hnsw ("embedding" vector_cosine_ops);