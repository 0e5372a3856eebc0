CREATE TABLE "aeo_authorisations" (
	"operator_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"issuing_country" text NOT NULL,
	"valid_from" text,
	"valid_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aeo_authorisations_operator_id_type_pk" PRIMARY KEY("operator_id","type")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"principal_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assessment_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consignment_id" uuid NOT NULL,
	"filing_version" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consignment_id" uuid NOT NULL,
	"filing_version" integer NOT NULL,
	"outcome" text NOT NULL,
	"lane" text NOT NULL,
	"score" double precision NOT NULL,
	"rule_set_version" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commodity_mass_stats" (
	"hs6" text PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"sum_kg" double precision DEFAULT 0 NOT NULL,
	"sum_squares_kg" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"filing_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"version" integer NOT NULL,
	"transport_document_number" text,
	"master_document_number" text,
	"export_country" text,
	"place_of_loading" text,
	"content" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"lane" text,
	"score" double precision,
	"hold_status" text DEFAULT 'open' NOT NULL,
	"assigned_to" uuid,
	"control_group" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "filing_versions" (
	"filing_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"archive_key" text NOT NULL,
	"document" jsonb NOT NULL,
	"header" jsonb NOT NULL,
	"issues" jsonb NOT NULL,
	"timing" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "filing_versions_filing_id_version_pk" PRIMARY KEY("filing_id","version")
);
--> statement-breakpoint
CREATE TABLE "filings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mrn" text NOT NULL,
	"filer_id" uuid NOT NULL,
	"lrn" text NOT NULL,
	"format" text NOT NULL,
	"level" text NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"transport_mode" text NOT NULL,
	"conveyance_ref" text,
	"expected_departure_at" timestamp with time zone,
	"expected_arrival_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"invalidated_at" timestamp with time zone,
	"invalidation_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_outcomes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consignment_id" uuid,
	"source" text NOT NULL,
	"outcome" text NOT NULL,
	"features" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consignment_id" uuid NOT NULL,
	"mrn" text NOT NULL,
	"export_country" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"methods" jsonb NOT NULL,
	"reasons" jsonb NOT NULL,
	"deadline" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"result" jsonb,
	"result_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"filer_id" uuid NOT NULL,
	"mrn" text NOT NULL,
	"consignment_id" uuid,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"webhook_status" text DEFAULT 'none' NOT NULL,
	"webhook_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"message_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_history" (
	"party_key" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"first_filing_id" uuid,
	"filings" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "principals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"filer_id" uuid,
	"partner_country" text,
	"password_hash" text,
	"webhook_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rule_sets" (
	"version" text PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sanctions_dismissals" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"party_name" text NOT NULL,
	"dismissed_by" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sanctions_editions" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"edition" text NOT NULL,
	"list" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"principal_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"archive_key" text NOT NULL,
	"size" integer NOT NULL,
	"format" text,
	"result" text NOT NULL,
	"filing_id" uuid,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"request_id" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targeting_models" (
	"version" text PRIMARY KEY NOT NULL,
	"model" jsonb NOT NULL,
	"metrics" jsonb,
	"active" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_principal_id_principals_id_fk" FOREIGN KEY ("principal_id") REFERENCES "public"."principals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_jobs" ADD CONSTRAINT "assessment_jobs_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_filing_id_filings_id_fk" FOREIGN KEY ("filing_id") REFERENCES "public"."filings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "filing_versions" ADD CONSTRAINT "filing_versions_filing_id_filings_id_fk" FOREIGN KEY ("filing_id") REFERENCES "public"."filings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_requests" ADD CONSTRAINT "inspection_requests_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "assessment_jobs_due_idx" ON "assessment_jobs" USING btree ("status","available_at");--> statement-breakpoint
CREATE INDEX "assessments_consignment_idx" ON "assessments" USING btree ("consignment_id");--> statement-breakpoint
CREATE INDEX "audit_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consignments_filing_seq_key" ON "consignments" USING btree ("filing_id","sequence");--> statement-breakpoint
CREATE INDEX "consignments_master_doc_idx" ON "consignments" USING btree ("master_document_number");--> statement-breakpoint
CREATE INDEX "consignments_transport_doc_idx" ON "consignments" USING btree ("transport_document_number");--> statement-breakpoint
CREATE INDEX "consignments_queue_idx" ON "consignments" USING btree ("hold_status","outcome");--> statement-breakpoint
CREATE UNIQUE INDEX "filings_mrn_key" ON "filings" USING btree ("mrn");--> statement-breakpoint
CREATE UNIQUE INDEX "filings_filer_lrn_key" ON "filings" USING btree ("filer_id","lrn");--> statement-breakpoint
CREATE INDEX "filings_conveyance_idx" ON "filings" USING btree ("conveyance_ref");--> statement-breakpoint
CREATE INDEX "inspection_requests_country_idx" ON "inspection_requests" USING btree ("export_country","status");--> statement-breakpoint
CREATE INDEX "notifications_mrn_idx" ON "notifications" USING btree ("mrn");--> statement-breakpoint
CREATE INDEX "notifications_filer_idx" ON "notifications" USING btree ("filer_id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","available_at");--> statement-breakpoint
CREATE UNIQUE INDEX "principals_name_key" ON "principals" USING btree ("name");--> statement-breakpoint
CREATE INDEX "submissions_sha_idx" ON "submissions" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "submissions_filing_idx" ON "submissions" USING btree ("filing_id");