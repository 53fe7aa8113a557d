-- +goose Up
-- The employer area: private calendar feeds and the waiting list.

-- A feed URL carries a random token; only its SHA-256 is stored, so a leaked
-- database holds no usable feed URLs. Revoking keeps the row for the record;
-- at most one feed per employer is active.
CREATE TABLE employer_feeds (
    id            integer PRIMARY KEY AUTOINCREMENT,
    created_at    datetime NOT NULL,
    job_centre_id bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    employer_id   bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    token_hash    text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    revoked_at    datetime
);
CREATE UNIQUE INDEX employer_feeds_active_idx ON employer_feeds (employer_id) WHERE revoked_at IS NULL;

-- One row per employer waiting for a place at an event (starts_at NULL) or
-- for one block of a job fair. Served first come, first served (id order).
CREATE TABLE waitlist_entries (
    id                integer PRIMARY KEY AUTOINCREMENT,
    created_at        datetime NOT NULL,
    updated_at        datetime NOT NULL,
    job_centre_id     bigint NOT NULL REFERENCES job_centres (id) ON DELETE CASCADE,
    event_id          bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    employer_id       bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    contact_person_id bigint NOT NULL REFERENCES contact_persons (id) ON DELETE CASCADE,
    starts_at         datetime,
    ends_at           datetime,
    status            text NOT NULL DEFAULT 'waiting'
                      CHECK (status IN ('waiting', 'offered', 'accepted', 'expired', 'withdrawn')),
    offer_token_hash  text UNIQUE CHECK (offer_token_hash IS NULL OR length(offer_token_hash) = 64),
    offered_at        datetime,
    offer_expires_at  datetime,
    CHECK ((starts_at IS NULL) = (ends_at IS NULL)),
    CHECK (ends_at IS NULL OR ends_at > starts_at),
    CHECK (status <> 'offered' OR (offer_token_hash IS NOT NULL AND offer_expires_at IS NOT NULL))
);
CREATE INDEX waitlist_entries_queue_idx ON waitlist_entries (event_id, status, id);
CREATE INDEX waitlist_entries_employer_idx ON waitlist_entries (employer_id);
CREATE INDEX waitlist_entries_offer_idx ON waitlist_entries (offer_expires_at) WHERE status = 'offered';
-- An employer queues once for any place at an event. Block entries are not
-- unique: an offer pins an "any place" entry to the freed block, which must
-- not collide with the same employer's entry for that very block.
CREATE UNIQUE INDEX waitlist_entries_open_event_idx ON waitlist_entries (event_id, employer_id)
    WHERE starts_at IS NULL AND status IN ('waiting', 'offered');

-- +goose Down
DROP TABLE waitlist_entries;
DROP TABLE employer_feeds;
