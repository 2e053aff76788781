CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"display_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "channel_listing_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"source" text NOT NULL,
	"listed_price" bigint,
	"expected_price" bigint,
	"published_stock" integer,
	"hub_available" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_listing_snapshots_source_valid" CHECK ("channel_listing_snapshots"."source" in ('sent', 'reported'))
);
--> statement-breakpoint
CREATE TABLE "daily_summaries" (
	"id" text PRIMARY KEY NOT NULL,
	"business_day" text NOT NULL,
	"report" jsonb NOT NULL,
	"text_id" text NOT NULL,
	"text_en" text NOT NULL,
	"delivery_status" text NOT NULL,
	"delivery_detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "daily_summaries_business_day_unique" UNIQUE("business_day"),
	CONSTRAINT "daily_summaries_delivery_status_valid" CHECK ("daily_summaries"."delivery_status" in ('stored', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "channel_listing_snapshots" ADD CONSTRAINT "channel_listing_snapshots_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_listing_snapshots" ADD CONSTRAINT "channel_listing_snapshots_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_listing_snapshots_recorded_idx" ON "channel_listing_snapshots" USING btree ("recorded_at");