-- +goose Up
-- Bookings that never collide, enforced by the database itself so that two
-- employers pressing "register" at the same moment cannot both win.

-- A venue table is never booked twice for overlapping times. The table id
-- is wrapped in a one-element int8range so that the core GiST range
-- operator class serves both columns: the btree_gist extension would need
-- a superuser on some managed PostgreSQL services and is one more thing to
-- install, while this is the same constraint with built-in parts.
ALTER TABLE table_bookings ADD CONSTRAINT table_bookings_no_overlap
    EXCLUDE USING gist (int8range(table_id, table_id, '[]') WITH &&, tstzrange(starts_at, ends_at) WITH &&);

-- Seats taken of an event with a capacity (group sessions). Registrations
-- raise the counter with a conditional UPDATE (taken < capacity); the row
-- lock makes concurrent registrations queue, so the last seat goes to one.
CREATE TABLE event_seats (
    event_id bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    taken    integer NOT NULL DEFAULT 0 CHECK (taken >= 0)
);

-- +goose Down
DROP TABLE event_seats;
ALTER TABLE table_bookings DROP CONSTRAINT table_bookings_no_overlap;
