CREATE TABLE "analytics_conversation_facts" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"business_day" date NOT NULL,
	"channel" text NOT NULL,
	"response_minutes" double precision,
	"resolution_minutes" double precision,
	"contained" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_dirty_conversations" (
	"conversation_id" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "analytics_conversation_facts_day_idx" ON "analytics_conversation_facts" USING btree ("business_day");