CREATE TABLE "consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" text NOT NULL,
	"purpose" text NOT NULL,
	"channel" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"actor" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_subject_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"profile_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"reason" text,
	"log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_blocklist" (
	"type" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_blocklist_type_value_pk" PRIMARY KEY("type","value")
);
--> statement-breakpoint
CREATE TABLE "identity_claims" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"source" text NOT NULL,
	"actor" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"profile_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_claims_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "identity_links" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"claim_id" text NOT NULL,
	"type" text NOT NULL,
	"value" text,
	"status" text NOT NULL,
	"rule" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "merge_candidates" (
	"id" text PRIMARY KEY NOT NULL,
	"profile_id" text NOT NULL,
	"other_profile_id" text NOT NULL,
	"claim_id" text,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_field_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" text NOT NULL,
	"field" text NOT NULL,
	"value" text,
	"source" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"actor" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_merges" (
	"id" text PRIMARY KEY NOT NULL,
	"winner_id" text NOT NULL,
	"loser_id" text NOT NULL,
	"claim_id" text,
	"rule" text NOT NULL,
	"via_type" text,
	"via_value" text,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" text,
	"undo_reason" text
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "identities" ADD COLUMN "claim_id" text;--> statement-breakpoint
ALTER TABLE "identities" ADD COLUMN "linked_via" text;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "birthday" text;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "merged_into" text;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "canonical_id" text NOT NULL;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_links" ADD CONSTRAINT "identity_links_claim_id_identity_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."identity_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_candidates" ADD CONSTRAINT "merge_candidates_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_candidates" ADD CONSTRAINT "merge_candidates_other_profile_id_profiles_id_fk" FOREIGN KEY ("other_profile_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_field_values" ADD CONSTRAINT "profile_field_values_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_merges" ADD CONSTRAINT "profile_merges_winner_id_profiles_id_fk" FOREIGN KEY ("winner_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_merges" ADD CONSTRAINT "profile_merges_loser_id_profiles_id_fk" FOREIGN KEY ("loser_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consents_profile_idx" ON "consents" USING btree ("profile_id","purpose","channel","recorded_at");--> statement-breakpoint
CREATE INDEX "data_subject_requests_profile_idx" ON "data_subject_requests" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "identity_claims_profile_idx" ON "identity_claims" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "identity_links_claim_idx" ON "identity_links" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "identity_links_value_idx" ON "identity_links" USING btree ("type","value");--> statement-breakpoint
CREATE INDEX "merge_candidates_status_idx" ON "merge_candidates" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "merge_candidates_open_pair_uq" ON "merge_candidates" USING btree ("profile_id","other_profile_id") WHERE "merge_candidates"."status" = 'open';--> statement-breakpoint
CREATE INDEX "profile_field_values_profile_idx" ON "profile_field_values" USING btree ("profile_id","field");--> statement-breakpoint
CREATE INDEX "profile_merges_winner_idx" ON "profile_merges" USING btree ("winner_id");--> statement-breakpoint
CREATE INDEX "profile_merges_loser_idx" ON "profile_merges" USING btree ("loser_id");--> statement-breakpoint
CREATE INDEX "profile_merges_via_idx" ON "profile_merges" USING btree ("via_type","via_value");--> statement-breakpoint
CREATE UNIQUE INDEX "profile_merges_active_loser_uq" ON "profile_merges" USING btree ("loser_id") WHERE "profile_merges"."undone_at" is null;--> statement-breakpoint
CREATE INDEX "profiles_canonical_idx" ON "profiles" USING btree ("canonical_id");--> statement-breakpoint
CREATE INDEX "profiles_merged_into_idx" ON "profiles" USING btree ("merged_into");