ALTER TABLE "inspection_requests" ADD COLUMN "escalation_reason" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "webhook_next_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "webhook_last_error" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "notifications_webhook_due_idx" ON "notifications" USING btree ("webhook_status","webhook_next_at");