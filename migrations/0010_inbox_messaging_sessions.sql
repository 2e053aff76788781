CREATE TABLE "messaging_sessions" (
	"channel" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"qr" text,
	"detail" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
