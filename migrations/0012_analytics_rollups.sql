CREATE TABLE "analytics_daily_customer_channels" (
	"business_day" date NOT NULL,
	"profile_id" text NOT NULL,
	"channel" text NOT NULL,
	"revenue" bigint NOT NULL,
	CONSTRAINT "analytics_daily_customer_channels_business_day_profile_id_channel_pk" PRIMARY KEY("business_day","profile_id","channel")
);
--> statement-breakpoint
CREATE TABLE "analytics_daily_order_cells" (
	"business_day" date NOT NULL,
	"channel_code" text NOT NULL,
	"location_code" text NOT NULL,
	"orders" integer NOT NULL,
	"oversold_orders" integer NOT NULL,
	"sold_orders" integer NOT NULL,
	"revenue" bigint NOT NULL,
	"units" integer NOT NULL,
	CONSTRAINT "analytics_daily_order_cells_business_day_channel_code_location_code_pk" PRIMARY KEY("business_day","channel_code","location_code")
);
--> statement-breakpoint
CREATE TABLE "analytics_dirty_days" (
	"business_day" date PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_fulfillment_steps" (
	"business_day" date NOT NULL,
	"order_id" text NOT NULL,
	"step" text NOT NULL,
	"location_code" text NOT NULL,
	"minutes" double precision NOT NULL,
	CONSTRAINT "analytics_fulfillment_steps_order_id_step_pk" PRIMARY KEY("order_id","step")
);
--> statement-breakpoint
CREATE TABLE "analytics_rollup_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"timezone" text NOT NULL,
	CONSTRAINT "analytics_rollup_settings_single_row" CHECK ("analytics_rollup_settings"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "analytics_fulfillment_steps_day_idx" ON "analytics_fulfillment_steps" USING btree ("business_day");