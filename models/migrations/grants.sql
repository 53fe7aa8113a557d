-- Privileges of the application's database role on PostgreSQL (issue 8).
-- Run it as the owner role, the one that ran `treffpunkt migrate`, with
-- search_path set to Treffpunkt's schema; run it again after each migration
-- (it is idempotent). The application role is called treffpunkt_app here;
-- create it first (see docs/database-roles.md).
--
-- The application may read and write its tables, but the audit trail is
-- append-only: SELECT and INSERT, never UPDATE, DELETE or TRUNCATE. It may
-- not create, alter or drop anything: schema changes are the owner's.

-- +grants
DO $$
BEGIN
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO treffpunkt_app', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO treffpunkt_app', current_schema());
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO treffpunkt_app', current_schema());
END
$$;

-- The audit trail: append and read only. The trigger of migration 00001
-- rejects UPDATE even for the owner; these grants also stop DELETE and
-- TRUNCATE by the application.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM treffpunkt_app;
GRANT SELECT, INSERT ON audit_events TO treffpunkt_app;

-- The migration bookkeeping: the application checks the schema version at
-- start-up and refuses an outdated schema, but never migrates itself.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON goose_db_version FROM treffpunkt_app;
GRANT SELECT ON goose_db_version TO treffpunkt_app;
