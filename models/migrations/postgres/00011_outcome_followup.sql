-- +goose Up
-- The follow-up request weeks after the event (issue 7, part 3). Set in the
-- transaction that queues the mail, so each interview gets at most one
-- follow-up even when several instances run the job.
ALTER TABLE interviews ADD COLUMN followup_queued_at timestamptz;
CREATE INDEX interviews_followup_idx ON interviews (ends_at) WHERE followup_queued_at IS NULL;

-- +goose Down
DROP INDEX interviews_followup_idx;
ALTER TABLE interviews DROP COLUMN followup_queued_at;
