CREATE TABLE "analytics_channel_bits" (
	"channel" text PRIMARY KEY NOT NULL,
	"bit" integer NOT NULL,
	CONSTRAINT "analytics_channel_bits_bit_unique" UNIQUE("bit"),
	CONSTRAINT "analytics_channel_bits_bit_range" CHECK ("analytics_channel_bits"."bit" between 0 and 62)
);
--> statement-breakpoint
CREATE TABLE "analytics_daily_customer_masks" (
	"business_day" date NOT NULL,
	"profile_id" text NOT NULL,
	"channel_mask" bigint NOT NULL,
	"revenue" bigint NOT NULL,
	CONSTRAINT "analytics_daily_customer_masks_business_day_profile_id_pk" PRIMARY KEY("business_day","profile_id")
);
--> statement-breakpoint
DROP TABLE "analytics_daily_customer_channels" CASCADE;--> statement-breakpoint
-- The customer rollup changed shape: forget the rollups' time zone so the next report rebuilds all of them.
DELETE FROM "analytics_rollup_settings";
