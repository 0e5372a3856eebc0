CREATE TABLE "lane_quota_usage" (
	"day" text NOT NULL,
	"lane" text NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "lane_quota_usage_day_lane_pk" PRIMARY KEY("day","lane")
);
