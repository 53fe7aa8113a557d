package models

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/crc64"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/gorm"
)

// ErrSchemaOutdated is returned by CheckSchema when migrations are pending.
var ErrSchemaOutdated = errors.New("database schema is outdated")

//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrationFiles embed.FS

// newProvider builds a goose provider over the SQL directory of db's dialect.
// Each SQL migration runs in its own transaction (goose's default).
func newProvider(ctx context.Context, db *gorm.DB) (*goose.Provider, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("models: get sql.DB: %w", err)
	}
	dialect := Dialect(db)
	dir, err := fs.Sub(migrationFiles, "migrations/"+dialect)
	if err != nil {
		return nil, fmt.Errorf("models: open %s migrations: %w", dialect, err)
	}
	gooseDialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if dialect == DialectPostgres {
		gooseDialect = goose.DialectPostgres
		// An advisory lock keeps two instances starting at once from both
		// migrating. The lock ID is derived from the schema so that databases
		// in different schemas (tests run in parallel) do not wait on each other.
		var schema string
		if err := db.WithContext(ctx).Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
			return nil, fmt.Errorf("models: read current schema: %w", err)
		}
		id := int64(crc64.Checksum([]byte("treffpunkt:"+schema), crc64.MakeTable(crc64.ECMA)) >> 1)
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("models: create migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gooseDialect, sqlDB, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("models: create migration provider: %w", err)
	}
	return p, nil
}

// Migrate applies all pending migrations.
func Migrate(ctx context.Context, db *gorm.DB) error {
	p, err := newProvider(ctx, db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("models: migrate %s database: %w", Dialect(db), err)
	}
	return nil
}

// MigrationStatus returns the applied schema version and the newest version
// embedded in this binary.
func MigrationStatus(ctx context.Context, db *gorm.DB) (current, latest int64, err error) {
	p, err := newProvider(ctx, db)
	if err != nil {
		return 0, 0, err
	}
	// GetVersions takes no lock, so a status check never waits for a
	// migration running in another instance.
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("models: read schema version: %w", err)
	}
	return current, latest, nil
}

// CheckSchema returns an error wrapping ErrSchemaOutdated unless every
// embedded migration has been applied.
func CheckSchema(ctx context.Context, db *gorm.DB) error {
	current, latest, err := MigrationStatus(ctx, db)
	if err != nil {
		return err
	}
	if current < latest {
		return fmt.Errorf("models: %w (version %d, this binary needs %d): run \"treffpunkt migrate\" or start with TREFFPUNKT_AUTO_MIGRATE=true",
			ErrSchemaOutdated, current, latest)
	}
	return nil
}
