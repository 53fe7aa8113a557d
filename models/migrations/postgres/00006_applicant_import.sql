-- +goose Up
-- Applicants become editable and importable.

-- Optimistic locking: an edit names the version it read, so the second of
-- two staff saving the same applicant is told instead of overwriting.
ALTER TABLE applicants ADD COLUMN version integer NOT NULL DEFAULT 1;
-- Daily hours in which the applicant can attend (childcare, language
-- course), normalised as "08:30-13:30" or "08:30-12:00, 14:00-16:00";
-- empty means the whole event day. Applied to every day of an event unless
-- availability_windows name that event's windows explicitly.
ALTER TABLE applicants ADD COLUMN availability text NOT NULL DEFAULT '';

-- One e-mail address is one person within a job centre; the database
-- enforces it so that two imports at once cannot both insert it.
CREATE UNIQUE INDEX applicants_email_uq ON applicants (job_centre_id, lower(email))
    WHERE email <> '' AND anonymised_at IS NULL;

-- A parsed CSV import waiting for the staff user's confirmation. It lives
-- in the database (not in a form field the user could edit, not in process
-- memory that another instance does not share) and expires soon: it holds
-- applicant data that nobody has confirmed yet.
CREATE TABLE applicant_imports (
    id            bigserial PRIMARY KEY,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    job_centre_id bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    staff_user_id bigint NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    file_name     text NOT NULL DEFAULT '',
    row_count     integer NOT NULL CHECK (row_count >= 0),
    payload       text NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX applicant_imports_owner_idx ON applicant_imports (job_centre_id, staff_user_id);
CREATE INDEX applicant_imports_expires_idx ON applicant_imports (expires_at);

-- +goose Down
DROP TABLE applicant_imports;
DROP INDEX applicants_email_uq;
ALTER TABLE applicants DROP COLUMN availability;
ALTER TABLE applicants DROP COLUMN version;
