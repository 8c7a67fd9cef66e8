-- What SPEC section 14 lets a person (or a campaign) choose about being told:
-- a mobile number the DingTalk and WeCom robots @mention, the timezone their
-- quiet hours are read in ('' is the campaign's), their quiet hours
-- ('22:00-08:00', '' for none) and whether reminders come one by one ('')
-- or in one message a day ('daily'). A campaign's quiet_hours is the default
-- for people who set none. All text, '' when unset, so rows from before keep
-- their meaning.

-- +goose Up
ALTER TABLE people ADD COLUMN mobile TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN quiet_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN reminders TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN quiet_hours TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE campaigns DROP COLUMN quiet_hours;
ALTER TABLE people DROP COLUMN reminders;
ALTER TABLE people DROP COLUMN quiet_hours;
ALTER TABLE people DROP COLUMN timezone;
ALTER TABLE people DROP COLUMN mobile;
