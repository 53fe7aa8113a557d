package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Store holds every query of the application, one file per aggregate.
// Methods that read or write tenant-owned rows take the job centre's ID
// and scope by it, so a row of another job centre reads as ErrNotFound.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a store over db; now is the clock for timestamps the
// store sets itself.
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// DB returns the underlying GORM handle for wiring and tests.
func (s *Store) DB() *gorm.DB { return s.db }

// Ping checks that the database answers; the health check uses it.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("models: get sql.DB: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("models: ping database: %w", err)
	}
	return nil
}

// Transaction runs fn with a store bound to one transaction; it commits when
// fn returns nil and rolls back otherwise. On SQLite the whole database has
// one connection, so fn must use tx only, never the outer store.
func (s *Store) Transaction(ctx context.Context, fn func(tx *Store) error) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&Store{db: tx, now: s.now})
	})
	if err != nil {
		return fmt.Errorf("models: transaction: %w", err)
	}
	return nil
}

// nowUTC returns the store's clock in UTC.
func (s *Store) nowUTC() time.Time { return s.now().UTC() }

// likePattern escapes LIKE wildcards in user input and wraps it for a
// case-insensitive substring match against a lower()ed column.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(q))) + "%"
}

// dateOnly keeps the calendar day of t as midnight UTC, the form in which
// date columns round-trip identically on both databases.
func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
