CREATE TABLE "licence_drawings" (
	"licence_id" uuid NOT NULL,
	"consignment_id" text NOT NULL,
	"quantity" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licence_drawings_licence_id_consignment_id_pk" PRIMARY KEY("licence_id","consignment_id")
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"issuing_country" text NOT NULL,
	"direction" text NOT NULL,
	"category" text NOT NULL,
	"holder_name" text NOT NULL,
	"holder_identifier" text,
	"goods_description" text NOT NULL,
	"hs_codes" jsonb NOT NULL,
	"quantity" double precision NOT NULL,
	"unit" text NOT NULL,
	"valid_from" text NOT NULL,
	"valid_to" text NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"loaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "licence_drawings" ADD CONSTRAINT "licence_drawings_licence_id_licences_id_fk" FOREIGN KEY ("licence_id") REFERENCES "public"."licences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "licences_number_key" ON "licences" USING btree ("issuing_country","number");