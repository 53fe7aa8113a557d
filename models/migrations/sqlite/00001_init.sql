-- +goose Up
-- The whole data model of Treffpunkt. Enums are short text with CHECK
-- constraints so that the same words appear in SQL, Go and logs; instants
-- are datetime (UTC in, UTC out).

CREATE TABLE job_centres (
    id               integer PRIMARY KEY AUTOINCREMENT,
    created_at       datetime NOT NULL,
    updated_at       datetime NOT NULL,
    name             text NOT NULL CHECK (name <> ''),
    slug             text NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
    contact_email    text NOT NULL DEFAULT '',
    contact_phone    text NOT NULL DEFAULT '',
    street           text NOT NULL DEFAULT '',
    postcode         text NOT NULL DEFAULT '',
    town             text NOT NULL DEFAULT '',
    timezone         text NOT NULL DEFAULT 'Europe/Berlin',
    retention_days   integer NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650),
    employer_may_see text NOT NULL DEFAULT 'initials' CHECK (employer_may_see IN ('initials', 'full_name', 'contact'))
);

CREATE TABLE staff_users (
    id            integer PRIMARY KEY AUTOINCREMENT,
    created_at    datetime NOT NULL,
    updated_at    datetime NOT NULL,
    job_centre_id bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    email         text NOT NULL CHECK (email LIKE '%@%'),
    name          text NOT NULL CHECK (name <> ''),
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'staff')),
    locale        text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
    active        boolean NOT NULL DEFAULT true,
    last_login_at datetime
);
CREATE UNIQUE INDEX staff_users_email_key ON staff_users (lower(email));
CREATE INDEX staff_users_job_centre_idx ON staff_users (job_centre_id);

CREATE TABLE employers (
    id            integer PRIMARY KEY AUTOINCREMENT,
    created_at    datetime NOT NULL,
    updated_at    datetime NOT NULL,
    job_centre_id bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (name <> ''),
    sector        text NOT NULL DEFAULT '',
    website       text NOT NULL DEFAULT '',
    notes         text NOT NULL DEFAULT ''
);
CREATE INDEX employers_job_centre_idx ON employers (job_centre_id, name);

CREATE TABLE sites (
    id          integer PRIMARY KEY AUTOINCREMENT,
    created_at  datetime NOT NULL,
    updated_at  datetime NOT NULL,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    name        text NOT NULL DEFAULT '',
    street      text NOT NULL CHECK (street <> ''),
    postcode    text NOT NULL CHECK (length(postcode) = 5 AND postcode NOT GLOB '*[^0-9]*'),
    town        text NOT NULL CHECK (town <> ''),
    lat         real CHECK (lat BETWEEN -90 AND 90),
    lon         real CHECK (lon BETWEEN -180 AND 180),
    step_free   boolean NOT NULL DEFAULT false,
    CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX sites_employer_idx ON sites (employer_id);

CREATE TABLE contact_persons (
    id          integer PRIMARY KEY AUTOINCREMENT,
    created_at  datetime NOT NULL,
    updated_at  datetime NOT NULL,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (name <> ''),
    email       text NOT NULL CHECK (email LIKE '%@%'),
    phone       text NOT NULL DEFAULT '',
    locale      text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en'))
);
CREATE UNIQUE INDEX contact_persons_employer_email_key ON contact_persons (employer_id, lower(email));
CREATE INDEX contact_persons_email_idx ON contact_persons (lower(email));

CREATE TABLE vacancies (
    id                integer PRIMARY KEY AUTOINCREMENT,
    created_at        datetime NOT NULL,
    updated_at        datetime NOT NULL,
    employer_id       bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    site_id           bigint REFERENCES sites (id) ON DELETE SET NULL,
    title             text NOT NULL CHECK (title <> ''),
    hours             text NOT NULL CHECK (hours IN ('full', 'part')),
    hours_per_week    integer CHECK (hours_per_week BETWEEN 1 AND 60),
    min_german_level  text CHECK (min_german_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    driving_licence   boolean NOT NULL DEFAULT false,
    candidates_wanted integer NOT NULL DEFAULT 4 CHECK (candidates_wanted BETWEEN 1 AND 50),
    ba_reference      text NOT NULL DEFAULT ''
);
CREATE INDEX vacancies_employer_idx ON vacancies (employer_id);

CREATE TABLE events (
    id                    integer PRIMARY KEY AUTOINCREMENT,
    created_at            datetime NOT NULL,
    updated_at            datetime NOT NULL,
    job_centre_id         bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    kind                  text NOT NULL CHECK (kind IN ('job_fair', 'speed_dating', 'group_session')),
    title                 text NOT NULL CHECK (title <> ''),
    description           text NOT NULL DEFAULT '',
    status                text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'published', 'done')),
    venue_name            text,
    venue_street          text,
    venue_postcode        text,
    venue_town            text,
    venue_lat             real CHECK (venue_lat BETWEEN -90 AND 90),
    venue_lon             real CHECK (venue_lon BETWEEN -180 AND 180),
    venue_step_free       boolean,
    slot_minutes          integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    buffer_minutes        integer NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 120),
    capacity              integer CHECK (capacity > 0),
    registration_deadline datetime,
    public_token          text NOT NULL UNIQUE CHECK (length(public_token) >= 16),
    version               integer NOT NULL DEFAULT 1
);
CREATE INDEX events_job_centre_idx ON events (job_centre_id, created_at);

CREATE TABLE event_days (
    id        integer PRIMARY KEY AUTOINCREMENT,
    event_id  bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    date      date NOT NULL,
    starts_at datetime NOT NULL,
    ends_at   datetime NOT NULL,
    CHECK (ends_at > starts_at),
    UNIQUE (event_id, date)
);

CREATE TABLE event_tables (
    id       integer PRIMARY KEY AUTOINCREMENT,
    event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    label    text NOT NULL CHECK (label <> ''),
    site_id  bigint REFERENCES sites (id) ON DELETE CASCADE,
    UNIQUE (event_id, label)
);

CREATE TABLE event_registrations (
    id                  integer PRIMARY KEY AUTOINCREMENT,
    created_at          datetime NOT NULL,
    updated_at          datetime NOT NULL,
    event_id            bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    employer_id         bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    contact_person_id   bigint NOT NULL REFERENCES contact_persons (id),
    site_id             bigint REFERENCES sites (id),
    status              text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'waiting', 'cancelled')),
    parallel_interviews integer NOT NULL DEFAULT 1 CHECK (parallel_interviews BETWEEN 1 AND 20),
    UNIQUE (event_id, employer_id)
);
CREATE INDEX event_registrations_employer_idx ON event_registrations (employer_id);

CREATE TABLE registration_vacancies (
    registration_id bigint NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    vacancy_id      bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, vacancy_id)
);

CREATE TABLE table_bookings (
    id              integer PRIMARY KEY AUTOINCREMENT,
    created_at      datetime NOT NULL,
    event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    table_id        bigint NOT NULL REFERENCES event_tables (id) ON DELETE CASCADE,
    registration_id bigint NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    starts_at       datetime NOT NULL,
    ends_at         datetime NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX table_bookings_table_idx ON table_bookings (table_id, starts_at);
CREATE INDEX table_bookings_registration_idx ON table_bookings (registration_id);

CREATE TABLE employer_windows (
    id              integer PRIMARY KEY AUTOINCREMENT,
    registration_id bigint NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    starts_at       datetime NOT NULL,
    ends_at         datetime NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX employer_windows_registration_idx ON employer_windows (registration_id, starts_at);

-- Applicants: minimal data only. There is deliberately no column for
-- nationality, benefits or health.
CREATE TABLE applicants (
    id                     integer PRIMARY KEY AUTOINCREMENT,
    created_at             datetime NOT NULL,
    updated_at             datetime NOT NULL,
    job_centre_id          bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    first_name             text NOT NULL,
    last_name              text NOT NULL,
    email                  text NOT NULL DEFAULT '',
    phone                  text NOT NULL DEFAULT '',
    preferred_language     text NOT NULL DEFAULT 'de' CHECK (preferred_language IN ('de', 'en', 'uk', 'ar')),
    german_level           text NOT NULL CHECK (german_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    driving_licence        boolean NOT NULL DEFAULT false,
    needs_step_free        boolean NOT NULL DEFAULT false,
    postcode               text NOT NULL DEFAULT '',
    town                   text NOT NULL DEFAULT '',
    lat                    real CHECK (lat BETWEEN -90 AND 90),
    lon                    real CHECK (lon BETWEEN -180 AND 180),
    max_interviews_per_day integer NOT NULL DEFAULT 3 CHECK (max_interviews_per_day BETWEEN 1 AND 10),
    notes                  text NOT NULL DEFAULT '',
    consent_at             date NOT NULL,
    shares_contact         boolean NOT NULL DEFAULT false,
    anonymised_at          datetime,
    -- first and last name folded by the application (lower case, no
    -- diacritics) because SQLite's lower() folds ASCII only
    search_name            text NOT NULL DEFAULT '',
    -- a living record needs a name; an anonymised one has none left
    CHECK (anonymised_at IS NOT NULL OR (first_name <> '' AND last_name <> ''))
);
CREATE INDEX applicants_job_centre_idx ON applicants (job_centre_id, last_name, first_name);

CREATE TABLE event_applicants (
    id             integer PRIMARY KEY AUTOINCREMENT,
    created_at     datetime NOT NULL,
    event_id       bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    applicant_id   bigint NOT NULL REFERENCES applicants (id) ON DELETE CASCADE,
    max_interviews integer NOT NULL DEFAULT 3 CHECK (max_interviews BETWEEN 0 AND 20),
    UNIQUE (event_id, applicant_id)
);
CREATE INDEX event_applicants_applicant_idx ON event_applicants (applicant_id);

CREATE TABLE availability_windows (
    id           integer PRIMARY KEY AUTOINCREMENT,
    applicant_id bigint NOT NULL REFERENCES applicants (id) ON DELETE CASCADE,
    event_id     bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at    datetime NOT NULL,
    ends_at      datetime NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX availability_windows_event_idx ON availability_windows (event_id, applicant_id);

CREATE TABLE candidates (
    id              integer PRIMARY KEY AUTOINCREMENT,
    created_at      datetime NOT NULL,
    updated_at      datetime NOT NULL,
    event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    applicant_id    bigint NOT NULL REFERENCES applicants (id) ON DELETE CASCADE,
    vacancy_id      bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    score           integer NOT NULL CHECK (score BETWEEN 1 AND 5),
    override        boolean NOT NULL DEFAULT false,
    override_reason text NOT NULL DEFAULT '',
    created_by      bigint REFERENCES staff_users (id) ON DELETE SET NULL,
    UNIQUE (event_id, applicant_id, vacancy_id),
    -- an override of the language rule must say why
    CHECK (NOT override OR override_reason <> '')
);
CREATE INDEX candidates_applicant_idx ON candidates (applicant_id);

CREATE TABLE interviews (
    id            integer PRIMARY KEY AUTOINCREMENT,
    created_at    datetime NOT NULL,
    updated_at    datetime NOT NULL,
    event_id      bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    candidate_id  bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    applicant_id  bigint NOT NULL REFERENCES applicants (id) ON DELETE CASCADE,
    employer_id   bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    vacancy_id    bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    table_id      bigint REFERENCES event_tables (id) ON DELETE SET NULL,
    site_id       bigint REFERENCES sites (id) ON DELETE SET NULL,
    starts_at     datetime NOT NULL,
    ends_at       datetime NOT NULL,
    status        text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'invited', 'confirmed', 'declined', 'cancelled', 'attended', 'no_show')),
    pinned        boolean NOT NULL DEFAULT false,
    ical_uid      text NOT NULL UNIQUE CHECK (ical_uid LIKE '%@%'),
    ical_sequence integer NOT NULL DEFAULT 0 CHECK (ical_sequence >= 0),
    checkin_code  text NOT NULL UNIQUE CHECK (length(checkin_code) >= 6),
    version       integer NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
);
CREATE INDEX interviews_event_idx ON interviews (event_id, starts_at);
CREATE INDEX interviews_applicant_idx ON interviews (applicant_id, starts_at);
CREATE INDEX interviews_employer_idx ON interviews (employer_id, starts_at);
CREATE INDEX interviews_candidate_idx ON interviews (candidate_id);

CREATE TABLE outcomes (
    id               integer PRIMARY KEY AUTOINCREMENT,
    created_at       datetime NOT NULL,
    updated_at       datetime NOT NULL,
    interview_id     bigint NOT NULL UNIQUE REFERENCES interviews (id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('no_interest', 'internship', 'trial_work', 'entry_qualification', 'apprenticeship', 'hire_full_time', 'hire_part_time', 'pending')),
    start_date       date,
    recorded_at      datetime NOT NULL,
    recorded_by_kind text NOT NULL CHECK (recorded_by_kind IN ('staff', 'employer', 'applicant', 'system')),
    recorded_by_id   bigint
);

CREATE TABLE outcome_changes (
    id                  integer PRIMARY KEY AUTOINCREMENT,
    outcome_id          bigint NOT NULL REFERENCES outcomes (id) ON DELETE CASCADE,
    previous_kind       text CHECK (previous_kind IN ('no_interest', 'internship', 'trial_work', 'entry_qualification', 'apprenticeship', 'hire_full_time', 'hire_part_time', 'pending')),
    previous_start_date date,
    new_kind            text NOT NULL CHECK (new_kind IN ('no_interest', 'internship', 'trial_work', 'entry_qualification', 'apprenticeship', 'hire_full_time', 'hire_part_time', 'pending')),
    new_start_date      date,
    changed_at          datetime NOT NULL,
    changed_by_kind     text NOT NULL CHECK (changed_by_kind IN ('staff', 'employer', 'applicant', 'system')),
    changed_by_id       bigint
);
CREATE INDEX outcome_changes_outcome_idx ON outcome_changes (outcome_id, changed_at);

CREATE TABLE outbox_mails (
    id              integer PRIMARY KEY AUTOINCREMENT,
    created_at      datetime NOT NULL,
    updated_at      datetime NOT NULL,
    job_centre_id   bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind <> ''),
    interview_id    bigint REFERENCES interviews (id) ON DELETE SET NULL,
    recipient       text NOT NULL CHECK (recipient LIKE '%@%'),
    locale          text NOT NULL DEFAULT 'de',
    subject         text NOT NULL DEFAULT '',
    message_id      text NOT NULL UNIQUE,
    payload         blob NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at datetime NOT NULL,
    claimed_until   datetime,
    last_error      text NOT NULL DEFAULT '',
    sent_at         datetime
);
-- the worker's queue scan: due pending mails in order
CREATE INDEX outbox_mails_due_idx ON outbox_mails (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_mails_interview_idx ON outbox_mails (interview_id);

CREATE TABLE audit_events (
    id            integer PRIMARY KEY AUTOINCREMENT,
    job_centre_id bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    at            datetime NOT NULL,
    actor_kind    text NOT NULL CHECK (actor_kind IN ('staff', 'employer', 'applicant', 'system')),
    actor_id      bigint,
    action        text NOT NULL CHECK (action <> ''),
    object_kind   text NOT NULL DEFAULT '',
    object_id     bigint,
    ip            text NOT NULL DEFAULT '',
    details       text NOT NULL DEFAULT '{}',
    prev_hash     text NOT NULL DEFAULT '',
    hash          text NOT NULL UNIQUE
);
CREATE INDEX audit_events_job_centre_idx ON audit_events (job_centre_id, id);
CREATE INDEX audit_events_object_idx ON audit_events (object_kind, object_id);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

CREATE TABLE link_tokens (
    id                  integer PRIMARY KEY AUTOINCREMENT,
    created_at          datetime NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('employer_login', 'applicant_page', 'outcome', 'waitlist')),
    token_hash          text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    job_centre_id       bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    employer_contact_id bigint REFERENCES contact_persons (id) ON DELETE CASCADE,
    applicant_id        bigint REFERENCES applicants (id) ON DELETE CASCADE,
    interview_id        bigint REFERENCES interviews (id) ON DELETE CASCADE,
    event_id            bigint REFERENCES events (id) ON DELETE CASCADE,
    expires_at          datetime NOT NULL,
    used_at             datetime
);
CREATE INDEX link_tokens_expires_idx ON link_tokens (expires_at);

CREATE TABLE sessions (
    id                  text PRIMARY KEY CHECK (length(id) = 64),
    kind                text NOT NULL CHECK (kind IN ('staff', 'employer')),
    staff_user_id       bigint REFERENCES staff_users (id) ON DELETE CASCADE,
    employer_contact_id bigint REFERENCES contact_persons (id) ON DELETE CASCADE,
    job_centre_id       bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    csrf_token          text NOT NULL CHECK (csrf_token <> ''),
    created_at          datetime NOT NULL,
    last_seen_at        datetime NOT NULL,
    expires_at          datetime NOT NULL,
    ip                  text NOT NULL DEFAULT '',
    user_agent          text NOT NULL DEFAULT '',
    -- exactly the owner that matches the kind
    CHECK ((kind = 'staff' AND staff_user_id IS NOT NULL AND employer_contact_id IS NULL)
        OR (kind = 'employer' AND employer_contact_id IS NOT NULL AND staff_user_id IS NULL))
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX sessions_staff_user_idx ON sessions (staff_user_id);

CREATE TABLE login_attempts (
    id        integer PRIMARY KEY AUTOINCREMENT,
    key       text NOT NULL CHECK (key <> ''),
    at        datetime NOT NULL,
    succeeded boolean NOT NULL
);
CREATE INDEX login_attempts_key_idx ON login_attempts (key, at);

-- +goose Down
DROP TABLE login_attempts;
DROP TABLE sessions;
DROP TABLE link_tokens;
DROP TABLE audit_events;
DROP TABLE outbox_mails;
DROP TABLE outcome_changes;
DROP TABLE outcomes;
DROP TABLE interviews;
DROP TABLE candidates;
DROP TABLE availability_windows;
DROP TABLE event_applicants;
DROP TABLE applicants;
DROP TABLE employer_windows;
DROP TABLE table_bookings;
DROP TABLE registration_vacancies;
DROP TABLE event_registrations;
DROP TABLE event_tables;
DROP TABLE event_days;
DROP TABLE events;
DROP TABLE vacancies;
DROP TABLE contact_persons;
DROP TABLE sites;
DROP TABLE employers;
DROP TABLE staff_users;
DROP TABLE job_centres;
