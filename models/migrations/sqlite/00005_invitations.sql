-- +goose Up
-- Invitations, the applicant's answers and reminders.

-- The applicant's answer from the personal page. It is given once: a
-- second press of a button shows the answer already recorded and changes
-- nothing. A moved interview is asked again, so the answer is cleared then.
ALTER TABLE interviews ADD COLUMN answer text NOT NULL DEFAULT '' CHECK (answer IN ('', 'confirmed', 'declined', 'reschedule'));
ALTER TABLE interviews ADD COLUMN answered_at datetime;
-- Set in the transaction that queues the reminder, so a reminder is queued
-- once even when several instances run the reminder loop; cleared when the
-- interview moves, because the new time needs its own reminder.
ALTER TABLE interviews ADD COLUMN reminder_queued_at datetime;
CREATE INDEX interviews_reminder_idx ON interviews (starts_at) WHERE reminder_queued_at IS NULL;

-- An applicant's personal link is derived from this random nonce and the
-- server secret (HMAC), so every later mail (update, reminder) can repeat
-- the same link although only its hash is stored.
ALTER TABLE link_tokens ADD COLUMN nonce text NOT NULL DEFAULT '';
-- One personal page link per applicant and event.
CREATE UNIQUE INDEX link_tokens_applicant_page_uq ON link_tokens (applicant_id, event_id) WHERE kind = 'applicant_page';

-- +goose Down
DROP INDEX link_tokens_applicant_page_uq;
ALTER TABLE link_tokens DROP COLUMN nonce;
DROP INDEX interviews_reminder_idx;
ALTER TABLE interviews DROP COLUMN reminder_queued_at;
ALTER TABLE interviews DROP COLUMN answered_at;
ALTER TABLE interviews DROP COLUMN answer;
