package models

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"time"
	// Times are shown in Europe/Berlin; embedding the zone database keeps
	// that working in a static binary on an image without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotFound is returned when a row does not exist or belongs to another
// job centre; the caller cannot tell the two apart, on purpose.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned when a unique constraint rejects a write.
var ErrDuplicate = errors.New("duplicate")

// ErrConflict is returned when an optimistic-locking update finds that
// someone else changed the row since it was read.
var ErrConflict = errors.New("changed by someone else")

// DBConfig says which database to open and how to log.
type DBConfig struct {
	URL       string // postgres://…; empty opens the embedded SQLite database
	DataDir   string // directory of the SQLite file treffpunkt.db
	Now       func() time.Time
	Logger    *slog.Logger
	SlowQuery time.Duration // queries slower than this are logged as warnings
}

// Dialect names of the two supported databases.
const (
	DialectPostgres = "postgres"
	DialectSQLite   = "sqlite"
)

// Open connects to PostgreSQL or SQLite and configures GORM. It does not
// migrate: call Migrate or CheckSchema next.
func Open(ctx context.Context, cfg DBConfig) (*gorm.DB, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	slow := cfg.SlowQuery
	if slow <= 0 {
		slow = 200 * time.Millisecond
	}
	gcfg := &gorm.Config{
		TranslateError: true,
		// GORM's own ping has no deadline; the PingContext below honours ctx.
		DisableAutomaticPing: true,
		NowFunc:              func() time.Time { return now().UTC() },
		Logger: logger.NewSlogLogger(log, logger.Config{
			SlowThreshold:             slow,
			LogLevel:                  logger.Warn,
			IgnoreRecordNotFoundError: true,
			ParameterizedQueries:      true, // never log applicant data
		}),
	}

	var dialector gorm.Dialector
	sqliteDB := cfg.URL == ""
	if sqliteDB {
		dir := cfg.DataDir
		if dir == "" {
			dir = "."
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("models: create data directory %s: %w", dir, err)
		}
		dialector = sqlite.Open(sqliteDSN(filepath.Join(dir, "treffpunkt.db")))
	} else {
		dialector = postgres.Open(cfg.URL)
	}
	db, err := gorm.Open(dialector, gcfg)
	if err != nil {
		return nil, fmt.Errorf("models: open %s database: %w", dialectorName(sqliteDB), err)
	}
	if err := registerUTC(db); err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("models: get sql.DB: %w", err)
	}
	if sqliteDB {
		// SQLite allows one writer at a time. One connection serialises all
		// access inside the process, so goroutines queue in database/sql
		// instead of failing with SQLITE_BUSY; busy_timeout covers other
		// processes such as "treffpunkt migrate" next to a running server.
		// Consequence: inside Store.Transaction use only the tx store.
		sqlDB.SetMaxOpenConns(1)
		sqlDB.SetMaxIdleConns(1)
		sqlDB.SetConnMaxLifetime(0)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(5)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("models: connect to %s database: %w", dialectorName(sqliteDB), err)
	}
	return db, nil
}

func dialectorName(sqliteDB bool) string {
	if sqliteDB {
		return DialectSQLite
	}
	return DialectPostgres
}

// sqliteDSN builds the DSN of the glebarez driver. The time format makes
// every instant the same sortable text, so range queries compare correctly.
// The path is percent-encoded: in a URI filename "#" and "?" would end it,
// and a data directory named "a#b" would silently become the file "a".
func sqliteDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=foreign_keys(1)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=busy_timeout(10000)" +
		"&_txlock=immediate" +
		"&_time_format=sqlite"
}

// Dialect returns DialectPostgres or DialectSQLite for db.
func Dialect(db *gorm.DB) string {
	if db.Dialector.Name() == "postgres" {
		return DialectPostgres
	}
	return DialectSQLite
}

// registerUTC converts every time field to UTC before it is written and
// after it is read. SQLite stores instants as text, and text compares
// correctly only when all values share one offset; PostgreSQL would return
// them in the server's zone. Doing it once here keeps store methods simple.
func registerUTC(db *gorm.DB) error {
	cb := db.Callback()
	if err := cb.Create().Before("gorm:create").Register("treffpunkt:utc_create", toUTC); err != nil {
		return fmt.Errorf("models: register utc create callback: %w", err)
	}
	if err := cb.Update().Before("gorm:update").Register("treffpunkt:utc_update", toUTC); err != nil {
		return fmt.Errorf("models: register utc update callback: %w", err)
	}
	if err := cb.Query().After("gorm:query").Register("treffpunkt:utc_query", toUTC); err != nil {
		return fmt.Errorf("models: register utc query callback: %w", err)
	}
	return nil
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	timePtrType = reflect.TypeFor[*time.Time]()
)

func toUTC(db *gorm.DB) {
	if db.Error != nil || db.Statement.Schema == nil || !db.Statement.ReflectValue.IsValid() {
		return
	}
	v := reflect.Indirect(db.Statement.ReflectValue)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			utcStruct(reflect.Indirect(v.Index(i)))
		}
	case reflect.Struct:
		utcStruct(v)
	}
	if m, ok := db.Statement.Dest.(map[string]any); ok {
		for k, val := range m {
			if t, ok := val.(time.Time); ok {
				m[k] = t.UTC()
			}
		}
	}
}

// utcStruct converts the time fields of v. It does not descend into
// associations: preloads run their own query callbacks, and children are
// written by separate statements.
func utcStruct(v reflect.Value) {
	if v.Kind() != reflect.Struct || !v.CanSet() {
		return
	}
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !f.CanSet() {
			continue
		}
		switch f.Type() {
		case timeType:
			t := f.Interface().(time.Time)
			if !t.IsZero() {
				f.Set(reflect.ValueOf(t.UTC()))
			}
		case timePtrType:
			if !f.IsNil() {
				t := f.Elem().Interface().(time.Time).UTC()
				f.Set(reflect.ValueOf(&t))
			}
		}
	}
}

// translate maps GORM's errors to ours and adds context. It returns nil
// for nil so callers can wrap every result.
func translate(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf(format, args...)
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("models: %s: %w", msg, ErrNotFound)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("models: %s: %w: %w", msg, ErrDuplicate, err)
	}
	return fmt.Errorf("models: %s: %w", msg, err)
}
