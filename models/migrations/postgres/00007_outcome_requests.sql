-- +goose Up
-- The outcome request mail after the event. Set in the transaction that
-- queues the mail, so every interview is asked about once even when several
-- instances run the job.
ALTER TABLE interviews ADD COLUMN outcome_request_queued_at timestamptz;
CREATE INDEX interviews_outcome_request_idx ON interviews (ends_at) WHERE outcome_request_queued_at IS NULL;

-- +goose Down
DROP INDEX interviews_outcome_request_idx;
ALTER TABLE interviews DROP COLUMN outcome_request_queued_at;
