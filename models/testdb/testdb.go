// Package testdb gives tests a fresh, migrated database on PostgreSQL and on
// SQLite, so the same test code proves the store on both.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
)

// DefaultURL is the PostgreSQL server used unless
// TREFFPUNKT_TEST_DATABASE_URL says otherwise.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Clock is the fixed instant tests use as "now": a Wednesday in March,
// days before the switch to summer time, in Europe/Berlin.
func Clock() time.Time { return time.Date(2026, time.March, 25, 9, 30, 0, 0, time.UTC) }

// Run runs fn twice as parallel subtests "postgres" and "sqlite", each on
// its own freshly migrated database.
func Run(t *testing.T, fn func(t *testing.T, db *gorm.DB)) {
	t.Helper()
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, dialect))
		})
	}
}

// Open returns a migrated, isolated database of the dialect, removed when
// the test ends. A PostgreSQL server that cannot be reached fails the test.
func Open(t testing.TB, dialect string) *gorm.DB {
	t.Helper()
	db := OpenEmpty(t, dialect)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := models.Migrate(ctx, db); err != nil {
		t.Fatalf("testdb: migrate %s: %v", dialect, err)
	}
	return db
}

// OpenEmpty is Open without migrations, for tests of the migrations.
func OpenEmpty(t testing.TB, dialect string) *gorm.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := models.DBConfig{Now: Clock, SlowQuery: time.Second}
	switch dialect {
	case models.DialectSQLite:
		cfg.DataDir = t.TempDir()
	case models.DialectPostgres:
		base := os.Getenv("TREFFPUNKT_TEST_DATABASE_URL")
		if base == "" {
			base = DefaultURL
		}
		schema := "t_" + randomHex(t, 8)
		admin, err := models.Open(ctx, models.DBConfig{URL: base, Now: Clock})
		if err != nil {
			t.Fatalf("testdb: PostgreSQL at %s is not reachable (start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): %v", redact(base), err)
		}
		if err := admin.WithContext(ctx).Exec("CREATE SCHEMA " + schema).Error; err != nil {
			t.Fatalf("testdb: create schema %s: %v", schema, err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := admin.WithContext(ctx).Exec("DROP SCHEMA " + schema + " CASCADE").Error; err != nil {
				t.Errorf("testdb: drop schema %s: %v", schema, err)
			}
			closeDB(t, admin)
		})
		u, err := url.Parse(base)
		if err != nil {
			t.Fatalf("testdb: parse %s: %v", redact(base), err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		cfg.URL = u.String()
	default:
		t.Fatalf("testdb: unknown dialect %q", dialect)
	}
	db, err := models.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("testdb: open %s: %v", dialect, err)
	}
	// Registered after the schema cleanup, so it runs before it: the
	// connections close before the schema is dropped.
	t.Cleanup(func() { closeDB(t, db) })
	return db
}

func closeDB(t testing.TB, db *gorm.DB) {
	sqlDB, err := db.DB()
	if err != nil {
		t.Errorf("testdb: get sql.DB: %v", err)
		return
	}
	if err := sqlDB.Close(); err != nil {
		t.Errorf("testdb: close database: %v", err)
	}
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("testdb: random: %v", err)
	}
	return hex.EncodeToString(b)
}

// redact hides a password in a database URL before it is printed.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Must fails the test on err; it keeps fixture code short.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(fmt.Errorf("testdb: fixture: %w", err))
	}
}
