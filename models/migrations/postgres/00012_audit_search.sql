-- +goose Up
-- The admins' audit search (issue 8) filters by period, action and actor
-- within one job centre; the trail grows with every read of applicant data.
CREATE INDEX audit_events_at_idx ON audit_events (job_centre_id, at);
CREATE INDEX audit_events_action_idx ON audit_events (job_centre_id, action, id);
CREATE INDEX audit_events_actor_idx ON audit_events (job_centre_id, actor_kind, actor_id, id);

-- +goose Down
DROP INDEX audit_events_actor_idx;
DROP INDEX audit_events_action_idx;
DROP INDEX audit_events_at_idx;
