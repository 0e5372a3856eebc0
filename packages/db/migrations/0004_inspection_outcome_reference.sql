ALTER TABLE "inspection_outcomes" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "inspection_outcomes" ADD COLUMN "observed_on" text;--> statement-breakpoint
CREATE INDEX "inspection_outcomes_consignment_idx" ON "inspection_outcomes" USING btree ("consignment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_outcomes_reference_key" ON "inspection_outcomes" USING btree ("source","reference") WHERE "inspection_outcomes"."reference" is not null;