-- A campaign's plan in a table of its own. The plan (canonical JSON, several
-- megabytes for 10,000 tasks) sat in campaigns before doc, and SQLite keeps a
-- row's columns in order: every read of doc (one per notice sent, through the
-- campaign's quiet hours and timezone) walked the plan's overflow pages
-- first, 1 ms a read at 10,000 tasks, and every status update rewrote them.
-- The plan is read only to re-plan (an extension, a calendar year loaded).

-- +goose Up
CREATE TABLE campaign_plans (
    campaign TEXT PRIMARY KEY,
    plan     TEXT NOT NULL
);
INSERT INTO campaign_plans (campaign, plan) SELECT id, plan FROM campaigns;
ALTER TABLE campaigns DROP COLUMN plan;

-- +goose Down
ALTER TABLE campaigns ADD COLUMN plan TEXT NOT NULL DEFAULT '';
UPDATE campaigns SET plan = COALESCE((SELECT p.plan FROM campaign_plans p WHERE p.campaign = campaigns.id), '');
DROP TABLE campaign_plans;
