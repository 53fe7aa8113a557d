-- +goose Up
-- Check-in on the day (issue 7). Attendance is the interview's status
-- (attended / no_show); these columns say when and by whom the applicant
-- was checked in, and what the status was before, so that "undo" restores
-- exactly that (an unanswered invitation must not become "confirmed").
ALTER TABLE interviews ADD COLUMN checked_in_at datetime;
-- No REFERENCES here: SQLite cannot drop a foreign-key column (Down), and
-- a staff user is deactivated, never deleted.
ALTER TABLE interviews ADD COLUMN checked_in_by integer;
ALTER TABLE interviews ADD COLUMN status_before_checkin text NOT NULL DEFAULT ''
    CHECK (status_before_checkin IN ('', 'planned', 'invited', 'confirmed'));

-- +goose Down
ALTER TABLE interviews DROP COLUMN status_before_checkin;
ALTER TABLE interviews DROP COLUMN checked_in_by;
ALTER TABLE interviews DROP COLUMN checked_in_at;
