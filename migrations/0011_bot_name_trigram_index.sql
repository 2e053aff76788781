DROP INDEX "bot_catalog_index_document_trgm_idx";--> statement-breakpoint
CREATE INDEX "bot_catalog_index_name_trgm_idx" ON "bot_catalog_index" USING gin ("product_name" gin_trgm_ops);