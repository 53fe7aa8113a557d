package models_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestOutbox(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		payload := []byte("Subject: Einladung\r\n\r\n\x00binary-safe\xff")
		m := models.OutboxMail{JobCentreID: f.a.ID, Kind: "invitation", Recipient: "olena@example.org", Locale: "uk",
			Subject: "Einladung", MessageID: "<m1@treffpunkt.example>", Payload: payload}
		testdb.Must(t, f.store.EnqueueMail(f.ctx, &m))
		var got models.OutboxMail
		testdb.Must(t, db.First(&got, m.ID).Error)
		if string(got.Payload) != string(payload) || got.Status != models.MailPending || !got.NextAttemptAt.Equal(testdb.Clock()) {
			t.Errorf("stored mail = %+v", got)
		}
		dup := models.OutboxMail{JobCentreID: f.a.ID, Kind: "invitation", Recipient: "x@example.org", MessageID: m.MessageID}
		wantErr(t, "same Message-ID", f.store.EnqueueMail(f.ctx, &dup), models.ErrDuplicate)
		bad := models.OutboxMail{JobCentreID: f.a.ID, Kind: "invitation", Recipient: "x@example.org", MessageID: "<m2@x>", Status: "lost"}
		wantRejected(t, "unknown status", f.store.EnqueueMail(f.ctx, &bad))

		list, err := f.store.ListOutbox(f.ctx, f.a.ID, models.MailPending, 10)
		if err != nil || len(list) != 1 || list[0].Payload != nil || list[0].Subject != "Einladung" {
			t.Errorf("ListOutbox = %+v, %v", list, err)
		}
		if list, _ := f.store.ListOutbox(f.ctx, f.b.ID, "", 0); len(list) != 0 {
			t.Errorf("ListOutbox other job centre = %d mails", len(list))
		}
	})
}

func TestAuditTrail(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		staff := int64(7)
		for i, action := range []string{"login", "applicant.view", "applicant.update"} {
			ev := models.AuditEvent{JobCentreID: f.a.ID, ActorKind: models.ActorStaff, ActorID: &staff,
				Action: action, ObjectKind: "applicant", ObjectID: ptr(int64(i)), IP: "192.0.2.7"}
			testdb.Must(t, f.store.AppendAudit(f.ctx, &ev))
		}
		testdb.Must(t, f.store.AppendAudit(f.ctx, &models.AuditEvent{JobCentreID: f.b.ID, ActorKind: models.ActorSystem, Action: "retention"}))
		evs, err := f.store.ListAudit(f.ctx, f.a.ID, 0)
		if err != nil || len(evs) != 3 || evs[0].Action != "applicant.update" || evs[2].PrevHash != "" || evs[1].PrevHash != evs[2].Hash {
			t.Fatalf("ListAudit = %+v, %v", evs, err)
		}
		for _, jc := range []int64{f.a.ID, f.b.ID} {
			if bad, err := f.store.VerifyAudit(f.ctx, jc); err != nil || bad != 0 {
				t.Errorf("VerifyAudit(%d) = %d, %v; want intact", jc, bad, err)
			}
		}
		// The database refuses edits; a deletion shows in the chain.
		err = db.Model(&models.AuditEvent{}).Where("id = ?", evs[1].ID).Update("action", "nothing").Error
		wantRejected(t, "update audit event", err)
		testdb.Must(t, db.Delete(&models.AuditEvent{}, evs[1].ID).Error)
		if bad, err := f.store.VerifyAudit(f.ctx, f.a.ID); err != nil || bad != evs[0].ID {
			t.Errorf("VerifyAudit after deletion = %d, %v; want %d", bad, err, evs[0].ID)
		}
	})
}

func TestLinkTokens(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		e := f.employer(t, f.a, "Weller")
		lt := models.LinkToken{Kind: models.LinkEmployerLogin, TokenHash: sha("secret"), JobCentreID: f.a.ID,
			EmployerContactID: &e.Contacts[0].ID, ExpiresAt: testdb.Clock().Add(30 * time.Minute)}
		testdb.Must(t, f.store.CreateLinkToken(f.ctx, &lt))
		got, err := f.store.FindLinkToken(f.ctx, models.LinkEmployerLogin, sha("secret"))
		if err != nil || got.ID != lt.ID || got.UsedAt != nil || *got.EmployerContactID != e.Contacts[0].ID {
			t.Fatalf("FindLinkToken = %+v, %v", got, err)
		}
		_, err = f.store.FindLinkToken(f.ctx, models.LinkOutcome, sha("secret"))
		wantErr(t, "token of other kind", err, models.ErrNotFound)
		wantErr(t, "same hash", f.store.CreateLinkToken(f.ctx, &models.LinkToken{Kind: models.LinkOutcome, TokenHash: sha("secret"),
			JobCentreID: f.a.ID, ExpiresAt: testdb.Clock()}), models.ErrDuplicate)
		wantRejected(t, "raw token stored", f.store.CreateLinkToken(f.ctx, &models.LinkToken{Kind: models.LinkOutcome, TokenHash: "secret",
			JobCentreID: f.a.ID, ExpiresAt: testdb.Clock()}))

		testdb.Must(t, f.store.UseLinkToken(f.ctx, lt.ID, testdb.Clock()))
		wantErr(t, "second use", f.store.UseLinkToken(f.ctx, lt.ID, testdb.Clock()), models.ErrConflict)
		wantErr(t, "use missing", f.store.UseLinkToken(f.ctx, 999999, testdb.Clock()), models.ErrNotFound)
		n, err := f.store.DeleteExpiredLinkTokens(f.ctx, testdb.Clock().Add(time.Hour))
		if err != nil || n != 1 {
			t.Errorf("DeleteExpiredLinkTokens = %d, %v", n, err)
		}
	})
}

// TestConcurrentWrites writes from many goroutines at once; on SQLite this
// must queue, not fail with SQLITE_BUSY, and on PostgreSQL the audit chain
// must stay intact under the row lock.
func TestConcurrentWrites(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		const workers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					a := models.Applicant{JobCentreID: f.a.ID, FirstName: fmt.Sprintf("W%d", w), LastName: fmt.Sprintf("N%d", i),
						PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanB1, ConsentAt: testdb.Clock()}
					if err := f.store.CreateApplicant(f.ctx, &a); err != nil {
						errs <- err
						continue
					}
					if err := f.store.AppendAudit(f.ctx, &models.AuditEvent{JobCentreID: f.a.ID, ActorKind: models.ActorSystem,
						Action: "applicant.create", ObjectKind: "applicant", ObjectID: &a.ID}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("concurrent write: %v", err)
		}
		as, err := f.store.ListApplicants(f.ctx, f.a.ID, models.ApplicantFilter{})
		if err != nil || len(as) != workers*each {
			t.Errorf("applicants = %d, %v; want %d", len(as), err, workers*each)
		}
		if bad, err := f.store.VerifyAudit(f.ctx, f.a.ID); err != nil || bad != 0 {
			t.Errorf("VerifyAudit after concurrent appends = %d, %v", bad, err)
		}
	})
}
