package models_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestGrants applies migrations/grants.sql, the file docs/database-roles.md
// prints, to a fresh role in a test schema and proves that this role can
// append to the audit trail and work with the other tables, but cannot
// change or remove audit rows, nor change the schema. PostgreSQL only:
// SQLite has no roles (there the trigger-less file is protected by the
// hash chain alone).
func TestGrants(t *testing.T) {
	db := testdb.Open(t, models.DialectPostgres)
	ctx := context.Background()
	sqlText, err := os.ReadFile("migrations/grants.sql")
	testdb.Must(t, err)
	role := fmt.Sprintf("treffpunkt_app_test_%d", time.Now().UnixNano())
	testdb.Must(t, db.Exec("CREATE ROLE "+role+" NOLOGIN").Error)
	t.Cleanup(func() {
		// Privileges first, then the role: roles outlive the test schema.
		if err := db.Exec("DROP OWNED BY " + role).Error; err != nil {
			t.Errorf("drop owned by %s: %v", role, err)
		}
		if err := db.Exec("DROP ROLE " + role).Error; err != nil {
			t.Errorf("drop role %s: %v", role, err)
		}
	})
	testdb.Must(t, db.Exec(strings.ReplaceAll(string(sqlText), "treffpunkt_app", role)).Error)

	store := models.NewStore(db, testdb.Clock)
	jc := models.JobCentre{Name: "Jobcenter Grants", Slug: "grants", ContactEmail: "info@grants.example"}
	testdb.Must(t, store.CreateJobCentre(ctx, &jc))
	testdb.Must(t, store.AppendAudit(ctx, &models.AuditEvent{JobCentreID: jc.ID, ActorKind: models.ActorSystem, Action: "setup"}))

	// asApp runs sql as the application role, in a transaction of its own.
	asApp := func(fn func(tx *gorm.DB) error) error {
		return db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("SET LOCAL ROLE " + role).Error; err != nil {
				return err
			}
			return fn(tx)
		})
	}
	exec := func(sql string) func(tx *gorm.DB) error {
		return func(tx *gorm.DB) error { return tx.Exec(sql).Error }
	}

	// Allowed: the application's own way of appending (locks the job
	// centre row, reads the last hash, inserts), reading, and ordinary
	// writes to other tables.
	if err := asApp(func(tx *gorm.DB) error {
		return models.NewStore(tx, testdb.Clock).AppendAudit(ctx, &models.AuditEvent{JobCentreID: jc.ID,
			ActorKind: models.ActorSystem, Action: "appended.by.app"})
	}); err != nil {
		t.Errorf("the application role cannot append to the audit trail: %v", err)
	}
	for _, sql := range []string{
		"SELECT count(*) FROM audit_events",
		"SELECT version_id FROM goose_db_version",
		"UPDATE job_centres SET name = 'Jobcenter Grants 2' WHERE slug = 'grants'",
		"DELETE FROM login_attempts",
	} {
		if err := asApp(exec(sql)); err != nil {
			t.Errorf("%s as the application role: %v", sql, err)
		}
	}
	// Refused: changing or removing audit rows, and changing the schema.
	for _, sql := range []string{
		"UPDATE audit_events SET action = 'forged'",
		"DELETE FROM audit_events",
		"TRUNCATE audit_events",
		"INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)",
		"DROP TABLE sessions",
		"CREATE TABLE intruder (id int)",
	} {
		err := asApp(exec(sql))
		if err == nil || !strings.Contains(err.Error(), "denied") && !strings.Contains(err.Error(), "must be owner") {
			t.Errorf("%s as the application role: err = %v, want permission denied", sql, err)
		}
	}
	var n int64
	testdb.Must(t, db.Model(&models.AuditEvent{}).Where("job_centre_id = ?", jc.ID).Count(&n).Error)
	if n != 2 {
		t.Errorf("audit rows = %d, want 2 (setup and the application's append)", n)
	}
	if bad, err := store.VerifyAudit(ctx, jc.ID); err != nil || bad != 0 {
		t.Errorf("VerifyAudit = %d, %v", bad, err)
	}
}

// TestGrantsDocumented: docs/database-roles.md prints grants.sql verbatim,
// so what operators run is what TestGrants proves.
func TestGrantsDocumented(t *testing.T) {
	sqlText, err := os.ReadFile("migrations/grants.sql")
	testdb.Must(t, err)
	doc, err := os.ReadFile("../docs/database-roles.md")
	testdb.Must(t, err)
	if !strings.Contains(string(doc), "```sql\n"+string(sqlText)+"```") {
		t.Error("docs/database-roles.md does not contain models/migrations/grants.sql verbatim; copy the file into its sql block")
	}
}
