ALTER TABLE "identity_claims" ADD CONSTRAINT "identity_claims_id_seq_uq" UNIQUE("id","seq");--> statement-breakpoint
ALTER TABLE "identity_links" ADD COLUMN "claim_seq" bigint;--> statement-breakpoint
UPDATE "identity_links" l SET "claim_seq" = c."seq" FROM "identity_claims" c WHERE c."id" = l."claim_id";--> statement-breakpoint
ALTER TABLE "identity_links" ALTER COLUMN "claim_seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "identity_links" DROP CONSTRAINT "identity_links_claim_id_identity_claims_id_fk";--> statement-breakpoint
ALTER TABLE "identity_links" ADD CONSTRAINT "identity_links_claim_id_claim_seq_identity_claims_id_seq_fk" FOREIGN KEY ("claim_id","claim_seq") REFERENCES "public"."identity_claims"("id","seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "identity_links_claim_seq_idx" ON "identity_links" USING btree ("claim_seq","id");--> statement-breakpoint
ALTER TABLE "profile_merges" ADD COLUMN "after_claim_seq" bigint;--> statement-breakpoint
ALTER TABLE "profile_merges" ADD COLUMN "undone_after_claim_seq" bigint;--> statement-breakpoint
-- Agents' decisions made before this migration: the last claim stored before each, by time.
UPDATE "profile_merges" m SET "after_claim_seq" = (SELECT coalesce(max(c."seq"), 0) FROM "identity_claims" c WHERE c."created_at" <= m."created_at") WHERE m."claim_id" IS NULL;--> statement-breakpoint
UPDATE "profile_merges" m SET "undone_after_claim_seq" = (SELECT coalesce(max(c."seq"), 0) FROM "identity_claims" c WHERE c."created_at" <= m."undone_at") WHERE m."undone_at" IS NOT NULL;
