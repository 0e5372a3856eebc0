ALTER TABLE "consignments" ADD COLUMN "loading_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "consignments_queue_page_idx" ON "consignments" USING btree (coalesce("loading_at", 'infinity'::timestamptz),coalesce(-"score", 'Infinity'::float8),"id") WHERE hold_status in ('open', 'held', 'inspection_requested', 'do_not_load') and state <> 'pending';--> statement-breakpoint
CREATE INDEX "consignments_equipment_idx" ON "consignments" USING gin (("content" -> 'equipment') jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "consignments_party_names_idx" ON "consignments" USING gin (to_tsvector('simple'::regconfig, jsonb_path_query_array("content", '$.parties[*].name')));--> statement-breakpoint
CREATE INDEX "filing_versions_conveyance_id_idx" ON "filing_versions" USING btree (upper("header" -> 'conveyance' ->> 'identifier'));--> statement-breakpoint
CREATE INDEX "filing_versions_vessel_name_idx" ON "filing_versions" USING gin (to_tsvector('simple'::regconfig, coalesce("header" -> 'conveyance' ->> 'name', '')));--> statement-breakpoint
CREATE INDEX "filings_lrn_idx" ON "filings" USING btree ("lrn");--> statement-breakpoint
-- loading_at follows the consignment's filing version: the filed loading time, else departure, else
-- arrival. A value that is not a timestamp leaves it empty rather than refusing the write.
CREATE OR REPLACE FUNCTION consignments_fill_loading_at() RETURNS trigger AS $$
DECLARE
  conveyance jsonb;
BEGIN
  SELECT v.header -> 'conveyance' INTO conveyance FROM filing_versions AS v WHERE v.filing_id = NEW.filing_id AND v.version = NEW.version;
  BEGIN
    NEW.loading_at := coalesce(
      (conveyance ->> 'expectedLoadingAt')::timestamptz,
      (conveyance ->> 'expectedDepartureAt')::timestamptz,
      (conveyance ->> 'expectedArrivalAt')::timestamptz,
      (SELECT coalesce(f.expected_departure_at, f.expected_arrival_at) FROM filings AS f WHERE f.id = NEW.filing_id));
  EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
    NEW.loading_at := NULL;
  END;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER consignments_fill_loading_at BEFORE INSERT OR UPDATE OF filing_id, version ON consignments
  FOR EACH ROW EXECUTE FUNCTION consignments_fill_loading_at();
--> statement-breakpoint
UPDATE "consignments" SET "version" = "version";
