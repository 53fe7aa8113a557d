package models_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestOutboxClaimAndStaffActions(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		now := testdb.Clock()
		queue := func(jc models.JobCentre, n int, due time.Time) []models.OutboxMail {
			var ms []models.OutboxMail
			for i := range n {
				m := models.OutboxMail{JobCentreID: jc.ID, Kind: "employer_login", Recipient: "x@example.org", Subject: fmt.Sprintf("Mail %d", i),
					MessageID: fmt.Sprintf("m%d.%d.%d@treffpunkt.test", jc.ID, i, due.Unix()), Payload: []byte("{}"), NextAttemptAt: due}
				testdb.Must(t, f.store.EnqueueMail(f.ctx, &m))
				ms = append(ms, m)
			}
			return ms
		}
		later := queue(f.a, 2, now.Add(time.Hour))
		due := queue(f.a, 3, now.Add(-time.Minute))
		foreign := queue(f.b, 1, now.Add(-2*time.Minute))

		// Oldest due first, across job centres; the limit holds.
		got, err := f.store.ClaimMails(f.ctx, now, 2, time.Minute)
		if err != nil || len(got) != 2 || got[0].ID != foreign[0].ID || got[1].ID != due[0].ID {
			t.Fatalf("ClaimMails = %+v, %v; want the foreign mail and the first due one", got, err)
		}
		for _, m := range got {
			if m.Status != models.MailSending || m.ClaimedUntil == nil || !m.ClaimedUntil.Equal(now.Add(time.Minute)) || len(m.Payload) == 0 {
				t.Errorf("claimed mail = status %s, claimed until %v, payload %q", m.Status, m.ClaimedUntil, m.Payload)
			}
		}
		rest, err := f.store.ClaimMails(f.ctx, now, 10, time.Minute)
		if err != nil || len(rest) != 2 || rest[0].ID != due[1].ID || rest[1].ID != due[2].ID {
			t.Fatalf("second ClaimMails = %+v, %v; want the other two due mails only", rest, err)
		}
		if none, err := f.store.ClaimMails(f.ctx, now, 0, time.Minute); err == nil || len(none) != 0 {
			t.Errorf("ClaimMails with limit 0 = %v, %v; want an error", none, err)
		}

		long := strings.Repeat("ü", 800) // 1600 bytes
		testdb.Must(t, f.store.MarkMailFailed(f.ctx, got[1], now, long))
		testdb.Must(t, f.store.MarkMailRetry(f.ctx, rest[0], now, now.Add(time.Hour), "451 later"))
		testdb.Must(t, f.store.MarkMailSent(f.ctx, rest[1], now))
		testdb.Must(t, f.store.MarkMailCancelled(f.ctx, got[0], now, "interview cancelled"))

		counts, err := f.store.CountOutbox(f.ctx, f.a.ID)
		if err != nil || counts[models.MailPending] != 3 || counts[models.MailFailed] != 1 || counts[models.MailSent] != 1 || len(counts) != 3 {
			t.Errorf("CountOutbox(a) = %v, %v", counts, err)
		}
		failed, err := f.store.GetOutboxMail(f.ctx, f.a.ID, due[0].ID)
		if err != nil || failed.Status != models.MailFailed || failed.Attempts != 1 || len(failed.LastError) > 1004 ||
			!strings.HasSuffix(failed.LastError, "ü…") || failed.ClaimedUntil != nil {
			t.Errorf("failed mail = status %s, attempts %d, reason of %d bytes, %v", failed.Status, failed.Attempts, len(failed.LastError), err)
		}
		retried, _ := f.store.GetOutboxMail(f.ctx, f.a.ID, due[1].ID)
		if retried.Status != models.MailPending || retried.Attempts != 1 || !retried.NextAttemptAt.Equal(now.Add(time.Hour)) || retried.LastError != "451 later" {
			t.Errorf("retried mail = %+v", retried)
		}

		for _, tc := range []struct {
			name string
			jc   models.JobCentre
			id   int64
			want error
		}{
			{"other job centre", f.b, due[0].ID, models.ErrNotFound},
			{"not failed", f.a, later[0].ID, models.ErrConflict},
			{"unknown", f.a, 999999, models.ErrNotFound},
			{"failed", f.a, due[0].ID, nil},
			{"again", f.a, due[0].ID, models.ErrConflict},
		} {
			wantErr(t, "RetryMail "+tc.name, f.store.RetryMail(f.ctx, tc.jc.ID, tc.id), tc.want)
		}
		_, err = f.store.GetOutboxMail(f.ctx, f.b.ID, due[0].ID)
		wantErr(t, "GetOutboxMail of another job centre", err, models.ErrNotFound)
		_, err = f.store.MailInterviewStatus(f.ctx, f.a.ID, 999999)
		wantErr(t, "MailInterviewStatus of no interview", err, models.ErrNotFound)
	})
}
