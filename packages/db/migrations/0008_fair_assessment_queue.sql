DROP INDEX "assessment_jobs_due_idx";--> statement-breakpoint
ALTER TABLE "assessment_jobs" ADD COLUMN "filer_id" uuid DEFAULT '00000000-0000-0000-0000-000000000000' NOT NULL;--> statement-breakpoint
CREATE INDEX "assessment_jobs_filer_due_idx" ON "assessment_jobs" USING btree ("filer_id","available_at","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "assessment_jobs_consignment_idx" ON "assessment_jobs" USING btree ("consignment_id");--> statement-breakpoint
-- Jobs already waiting take their filer from their filing; finished ones are never claimed again.
UPDATE "assessment_jobs" AS j SET "filer_id" = f."filer_id"
  FROM "consignments" AS c JOIN "filings" AS f ON f."id" = c."filing_id"
  WHERE c."id" = j."consignment_id" AND j."status" = 'pending';
--> statement-breakpoint
-- A writer that does not name the filer (the nil uuid): filled in after its statement, when the
-- consignment rows written by the same statement (a registration's single insert) are visible.
CREATE OR REPLACE FUNCTION assessment_jobs_fill_filer() RETURNS trigger AS $$
BEGIN
  UPDATE assessment_jobs AS j SET filer_id = f.filer_id
    FROM inserted AS i JOIN consignments AS c ON c.id = i.consignment_id JOIN filings AS f ON f.id = c.filing_id
    WHERE j.id = i.id AND i.filer_id = '00000000-0000-0000-0000-000000000000';
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assessment_jobs_fill_filer AFTER INSERT ON assessment_jobs
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION assessment_jobs_fill_filer();
--> statement-breakpoint
-- Queue tables: every row is inserted pending and updated once or twice, so dead index entries of
-- pending rows pile up until VACUUM, and the claims walk them (181 ms per claim at 150,000 jobs
-- never vacuumed). The default autovacuum threshold, 20 % of the table, grows with the table; vacuum
-- these after a fixed number of changes instead. (The assessor also vacuums them itself, for servers
-- and the embedded database where autovacuum does not run.)
ALTER TABLE "assessment_jobs" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000, autovacuum_analyze_scale_factor = 0.02);
--> statement-breakpoint
ALTER TABLE "outbox" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000, autovacuum_analyze_scale_factor = 0.02);
