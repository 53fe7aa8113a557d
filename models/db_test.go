package models_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		cfg     func(t *testing.T) models.DBConfig
		dialect string
		wantErr bool
	}{
		{"sqlite file in data dir", func(t *testing.T) models.DBConfig {
			return models.DBConfig{DataDir: filepath.Join(t.TempDir(), "nested", "data")}
		}, models.DialectSQLite, false},
		{"postgres", func(t *testing.T) models.DBConfig { return models.DBConfig{URL: testdb.DefaultURL} }, models.DialectPostgres, false},
		{"postgres unreachable", func(t *testing.T) models.DBConfig {
			return models.DBConfig{URL: "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"}
		}, "", true},
		{"data dir is a file", func(t *testing.T) models.DBConfig {
			p := filepath.Join(t.TempDir(), "file")
			if err := os.WriteFile(p, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return models.DBConfig{DataDir: p}
		}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := tc.cfg(t)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			db, err := models.Open(ctx, cfg)
			if tc.wantErr {
				if err == nil {
					t.Fatal("Open succeeded, want an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			t.Cleanup(func() {
				if sqlDB, err := db.DB(); err == nil {
					_ = sqlDB.Close()
				}
			})
			if got := models.Dialect(db); got != tc.dialect {
				t.Errorf("Dialect = %q, want %q", got, tc.dialect)
			}
			if err := models.NewStore(db, testdb.Clock).Ping(ctx); err != nil {
				t.Errorf("Ping: %v", err)
			}
			if cfg.DataDir != "" {
				if _, err := os.Stat(filepath.Join(cfg.DataDir, "treffpunkt.db")); err != nil {
					t.Errorf("SQLite file: %v", err)
				}
				var mode string
				if err := db.Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil || mode != "wal" {
					t.Errorf("journal_mode = %q, %v; want wal", mode, err)
				}
				var fk int
				if err := db.Raw("PRAGMA foreign_keys").Scan(&fk).Error; err != nil || fk != 1 {
					t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
				}
			}
		})
	}
}

// TestSlowQueryLog checks slow queries are logged as warnings and without
// their parameters, which may be applicant data.
func TestSlowQueryLog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx := context.Background()
	db, err := models.Open(ctx, models.DBConfig{DataDir: t.TempDir(), Logger: log, SlowQuery: time.Nanosecond, Now: testdb.Clock})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})
	if err := models.Migrate(ctx, db); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	buf.Reset()
	// Find-based store queries keep parameters out of the log. (GORM's
	// Raw().Scan records SQL with values inlined; store code uses it only
	// with IDs.)
	if _, err := models.NewStore(db, testdb.Clock).ListApplicants(ctx, 1, models.ApplicantFilter{Query: "Kovalenko"}); err != nil {
		t.Fatalf("ListApplicants: %v", err)
	}
	out := buf.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "FROM `applicants`") {
		t.Errorf("slow query not logged as warning: %q", out)
	}
	if strings.Contains(strings.ToLower(out), "kovalenko") {
		t.Errorf("log contains a query parameter: %q", out)
	}
}

// TestOpenDataDirWithURISpecials: "#", "?" and spaces in the data directory
// must not cut the SQLite URI short, which would put the database file
// somewhere else (and share it between directories with a common prefix).
func TestOpenDataDirWithURISpecials(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "jobs #1 ?x=y %20")
	db, err := models.Open(context.Background(), models.DBConfig{DataDir: dir, Now: testdb.Clock})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if err := db.Exec("CREATE TABLE probe (id INTEGER)").Error; err != nil {
		t.Fatalf("create table: %v", err)
	}
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
	if _, err := os.Stat(filepath.Join(dir, "treffpunkt.db")); err != nil {
		t.Errorf("database file is not in the data directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "jobs ")); err == nil {
		t.Errorf("a file was created at the cut-off path")
	}
}
