-- +goose Up
-- Retention (issue 8, part 3). job_centres.retention_days exists since
-- 00001 (default 90, 1–3650 days); this adds what the daily job needs.

-- One row per periodic job. An instance runs the job only when its
-- conditional UPDATE moves next_run_at forward, so with several instances
-- on one database each run happens once; a crash in the middle is repaired
-- by the next run because the job is idempotent.
CREATE TABLE scheduled_jobs (
    name        text PRIMARY KEY CHECK (name <> ''),
    next_run_at timestamptz NOT NULL,
    last_run_at timestamptz
);

-- +goose Down
DROP TABLE scheduled_jobs;
