CREATE TABLE "loyalty_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"profile_id" text,
	"order_id" text,
	"points" integer NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_entries_kind_valid" CHECK ("loyalty_entries"."kind" in ('earned', 'reversed', 'adjustment', 'redeemed')),
	CONSTRAINT "loyalty_entries_points_sign" CHECK (case "loyalty_entries"."kind"
    when 'earned' then "loyalty_entries"."points" > 0
    when 'adjustment' then "loyalty_entries"."points" <> 0
    else "loyalty_entries"."points" < 0 end),
	CONSTRAINT "loyalty_entries_order_link" CHECK (("loyalty_entries"."kind" in ('earned', 'reversed')) = ("loyalty_entries"."order_id" is not null)),
	CONSTRAINT "loyalty_entries_note_required" CHECK ("loyalty_entries"."kind" in ('earned', 'reversed') or "loyalty_entries"."note" is not null or "loyalty_entries"."profile_id" is null)
);
--> statement-breakpoint
ALTER TABLE "loyalty_entries" ADD CONSTRAINT "loyalty_entries_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_entries" ADD CONSTRAINT "loyalty_entries_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loyalty_entries_profile_idx" ON "loyalty_entries" USING btree ("profile_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_entries_earned_order_uq" ON "loyalty_entries" USING btree ("order_id") WHERE "loyalty_entries"."kind" = 'earned';--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_entries_reversed_order_uq" ON "loyalty_entries" USING btree ("order_id") WHERE "loyalty_entries"."kind" = 'reversed';