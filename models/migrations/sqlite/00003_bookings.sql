-- +goose Up
-- Bookings that never collide, enforced by the database itself. SQLite has
-- no exclusion constraints; a trigger refuses an overlapping booking inside
-- the inserting statement, and SQLite's single writer makes check and
-- insert one atomic step. Instants are stored as UTC text of one format,
-- so text comparison is time comparison.
-- +goose StatementBegin
CREATE TRIGGER table_bookings_no_overlap_insert BEFORE INSERT ON table_bookings
WHEN EXISTS (SELECT 1 FROM table_bookings b
             WHERE b.table_id = NEW.table_id AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at)
BEGIN
    SELECT RAISE(ABORT, 'table_bookings_no_overlap');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER table_bookings_no_overlap_update BEFORE UPDATE OF table_id, starts_at, ends_at ON table_bookings
WHEN EXISTS (SELECT 1 FROM table_bookings b
             WHERE b.id <> NEW.id AND b.table_id = NEW.table_id AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at)
BEGIN
    SELECT RAISE(ABORT, 'table_bookings_no_overlap');
END;
-- +goose StatementEnd

-- Seats taken of an event with a capacity (group sessions), raised by a
-- conditional UPDATE (taken < capacity).
CREATE TABLE event_seats (
    event_id bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    taken    integer NOT NULL DEFAULT 0 CHECK (taken >= 0)
);

-- +goose Down
DROP TABLE event_seats;
DROP TRIGGER table_bookings_no_overlap_update;
DROP TRIGGER table_bookings_no_overlap_insert;
