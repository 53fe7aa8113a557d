-- +goose Up
-- The Postausgang page lists one job centre's mails, newest first, often
-- filtered by status; without this index every page view scans the whole
-- queue of all job centres. The worker's claim uses outbox_mails_due_idx.
CREATE INDEX outbox_mails_job_centre_idx ON outbox_mails (job_centre_id, status, created_at);

-- +goose Down
DROP INDEX outbox_mails_job_centre_idx;
