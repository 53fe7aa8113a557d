// Package models is Treffpunkt's data layer: the entities of the product,
// the database connection (PostgreSQL in production, embedded SQLite
// otherwise), the versioned SQL migrations and the Store with all queries.
//
// Finding your way around:
//
//   - entities.go, enums.go: the structs and the string enums with their
//     Valid methods; migrations/{postgres,sqlite}/ hold the schema, which
//     is the source of truth (constraints, defaults, indexes).
//   - db.go: Open, Dialect and the error values ErrNotFound, ErrDuplicate
//     and ErrConflict; migrate.go: Migrate, MigrationStatus, CheckSchema.
//   - store.go and store_<aggregate>.go: one file per aggregate. Every
//     method on tenant-owned rows takes the job centre's ID; a row of
//     another job centre reads as ErrNotFound.
//   - testdb: fresh migrated databases on both dialects for tests.
//   - demo: the demo data set of "serve --demo".
//
// Instants are written and read as UTC (a GORM callback converts them);
// calendar dates (event days, consent, outcome start) are midnight UTC of
// the day.
package models
