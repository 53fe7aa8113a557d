-- +goose Up
-- Freed slots (issue 5, part 6): an interview that fills the slot of a
-- declined or cancelled one names it. Unique, so a slot is filled once
-- even when two staff accept a replacement at the same moment; a
-- replacement that declines in turn frees its own slot.
ALTER TABLE interviews ADD COLUMN replaces_interview_id bigint REFERENCES interviews (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX interviews_replaces_interview_id_key ON interviews (replaces_interview_id);

-- +goose Down
DROP INDEX interviews_replaces_interview_id_key;
ALTER TABLE interviews DROP COLUMN replaces_interview_id;
