package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/mail/outbox/outboxtest"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// queueMail puts one mail of the tenant into the outbox and returns it.
func queueMail(t testing.TB, f *fixture, tn tenant, subject string) models.OutboxMail {
	t.Helper()
	ctx := context.Background()
	msg := &mail.Message{
		MessageID: strings.ToLower(strings.ReplaceAll(subject, " ", "-")) + "." + tn.centre.Slug + "@treffpunkt.test",
		Date:      f.clock.now(),
		From:      mail.Address{Name: tn.centre.Name, Email: "termine@" + tn.centre.Slug + ".example"},
		To:        mail.Address{Name: "Olena Koval", Email: tn.applicant.Email},
		Subject:   subject,
		Text:      "Guten Tag,\n\nIhr Termin: Dienstag, 9 Uhr.\nBitte bringen Sie <Lebenslauf> mit.",
		HTML:      "<p>Guten Tag,</p><p>Ihr Termin: Dienstag, 9 Uhr.</p><script>alert(1)</script>",
	}
	err := f.store.Transaction(ctx, func(tx *models.Store) error {
		return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: tn.centre.ID, Kind: "invitation", Locale: "de", Message: msg})
	})
	testdb.Must(t, err)
	ms, err := f.store.ListOutbox(ctx, tn.centre.ID, "", 0)
	testdb.Must(t, err)
	for _, m := range ms {
		if m.MessageID == msg.MessageID {
			return m
		}
	}
	t.Fatalf("queued mail %s not found", msg.MessageID)
	return models.OutboxMail{}
}

// failMail lets a worker claim m and record a permanent failure.
func failMail(t testing.TB, f *fixture, m models.OutboxMail, reason string) {
	t.Helper()
	ctx := context.Background()
	claimed, err := f.store.ClaimMails(ctx, f.clock.now(), 100, time.Minute)
	testdb.Must(t, err)
	for _, c := range claimed {
		if c.ID == m.ID {
			testdb.Must(t, f.store.MarkMailFailed(ctx, c, f.clock.now(), reason))
		} else {
			testdb.Must(t, f.store.ReleaseMail(ctx, c, f.clock.now()))
		}
	}
}

func TestOutboxPages(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		failed := queueMail(t, f, f.a, "Einladung Pflegeheim")
		waiting := queueMail(t, f, f.a, "Termin morgen")
		foreign := queueMail(t, f, f.b, "Einladung Bamberg")
		failMail(t, f, failed, "mail: send: 550 5.1.1 no such user")
		admin := f.browser("10.2.0.1")
		admin.login(t, f.a.admin.Email)
		staff := f.browser("10.2.0.2")
		staff.login(t, f.a.staff.Email)
		anon := f.browser("10.2.0.3")
		scenarios := []struct {
			name        string
			who         *browser
			path        string
			status      int
			location    string
			contains    []string
			notContains []string
		}{
			{"list", admin, "/outbox", http.StatusOK, "", []string{"Postausgang", `href="/outbox" aria-current="page"`, failed.Subject, waiting.Subject,
				"550 5.1.1 no such user", "Fehlgeschlagen", "Wartet", fmt.Sprintf(`href="/outbox/%d"`, failed.ID), "2 E-Mails"}, []string{foreign.Subject}},
			{"list for staff in English", staff, "/outbox", http.StatusOK, "", []string{"Outbox", failed.Subject, "Failed"}, []string{foreign.Subject}},
			{"filter failed", admin, "/outbox?status=failed", http.StatusOK, "", []string{failed.Subject, `href="/outbox?status=failed" aria-current="page"`, "1 E-Mail"},
				[]string{waiting.Subject}},
			{"filter pending", admin, "/outbox?status=pending", http.StatusOK, "", []string{waiting.Subject}, []string{failed.Subject}},
			{"unknown filter", admin, "/outbox?status=lost", http.StatusNotFound, "", nil, nil},
			{"show", admin, fmt.Sprintf("/outbox/%d", failed.ID), http.StatusOK, "", []string{failed.Subject, failed.MessageID,
				"Olena Koval &lt;" + f.a.applicant.Email + "&gt;", "Ihr Termin: Dienstag, 9 Uhr.<br>Bitte bringen Sie &lt;Lebenslauf&gt; mit.",
				fmt.Sprintf(`action="/outbox/%d/retry"`, failed.ID), fmt.Sprintf(`href="/outbox/%d/eml"`, failed.ID), "550 5.1.1"},
				[]string{"<script>alert", "<Lebenslauf>"}},
			{"show pending has no retry", admin, fmt.Sprintf("/outbox/%d", waiting.ID), http.StatusOK, "", []string{waiting.Subject}, []string{"/retry"}},
			{"show other job centre", admin, fmt.Sprintf("/outbox/%d", foreign.ID), http.StatusNotFound, "", nil, []string{foreign.Subject}},
			{"show unknown", admin, "/outbox/999999", http.StatusNotFound, "", nil, nil},
			{"show bad id", admin, "/outbox/abc", http.StatusNotFound, "", nil, nil},
			{"eml other job centre", staff, fmt.Sprintf("/outbox/%d/eml", foreign.ID), http.StatusNotFound, "", nil, []string{foreign.Subject}},
			{"anonymous list", anon, "/outbox", http.StatusSeeOther, "/login", nil, nil},
			{"anonymous eml", anon, fmt.Sprintf("/outbox/%d/eml", failed.ID), http.StatusSeeOther, "/login", nil, nil},
		}
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				res := sc.who.request(t, http.MethodGet, sc.path, nil, nil)
				expect(t, res, sc.status, sc.contains, sc.notContains)
				if res.location != sc.location {
					t.Errorf("location = %q, want %q", res.location, sc.location)
				}
				if strings.Contains(res.body, "style=") || strings.Contains(res.body, "<script") {
					t.Error("inline style or script in page")
				}
			})
		}

		t.Run("every opened mail is in the audit trail", func(t *testing.T) {
			var n int64
			testdb.Must(t, db.Model(&models.AuditEvent{}).
				Where("job_centre_id = ? AND object_kind = ? AND object_id = ? AND action = ? AND actor_id = ?",
					f.a.centre.ID, "outbox_mail", failed.ID, "outbox.view", f.a.admin.ID).Count(&n).Error)
			if n != 1 {
				t.Errorf("%d audit entries for the admin's view of mail %d, want 1", n, failed.ID)
			}
			testdb.Must(t, db.Model(&models.AuditEvent{}).Where("object_kind = ? AND object_id = ?", "outbox_mail", foreign.ID).Count(&n).Error)
			if n != 0 {
				t.Errorf("a refused view of another job centre's mail left %d audit entries", n)
			}
		})

		t.Run("eml download", func(t *testing.T) {
			res := staff.request(t, http.MethodGet, fmt.Sprintf("/outbox/%d/eml", failed.ID), nil, nil)
			expect(t, res, http.StatusOK, []string{"Message-ID: <" + failed.MessageID + ">", "Content-Type: text/html", "Subject: Einladung Pflegeheim"}, nil)
			if ct := res.header.Get("Content-Type"); ct != "message/rfc822" {
				t.Errorf("Content-Type = %q", ct)
			}
			if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".eml") {
				t.Errorf("Content-Disposition = %q", cd)
			}
		})
	})
}

func TestOutboxRetry(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		failed := queueMail(t, f, f.a, "Einladung Pflegeheim")
		foreign := queueMail(t, f, f.b, "Einladung Bamberg")
		failMail(t, f, failed, "550 no such user")
		failMail(t, f, foreign, "550 no such user")
		staff := f.browser("10.3.0.1")
		staff.login(t, f.a.staff.Email)
		path := fmt.Sprintf("/outbox/%d/retry", failed.ID)
		for _, tc := range []struct {
			name     string
			path     string
			csrf     string
			status   int
			location string
		}{
			{"without CSRF token", path, "", http.StatusForbidden, ""},
			{"with a wrong CSRF token", path, "forged", http.StatusForbidden, ""},
			{"other job centre", fmt.Sprintf("/outbox/%d/retry", foreign.ID), staff.csrf, http.StatusNotFound, ""},
			{"retry", path, staff.csrf, http.StatusSeeOther, fmt.Sprintf("/outbox/%d?retried=1", failed.ID)},
			{"retry again (no longer failed)", path, staff.csrf, http.StatusSeeOther, fmt.Sprintf("/outbox/%d", failed.ID)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				form := url.Values{}
				if tc.csrf != "" {
					form.Set("_csrf", tc.csrf)
				}
				res := staff.request(t, http.MethodPost, tc.path, form, nil)
				expect(t, res, tc.status, nil, nil)
				if res.location != tc.location {
					t.Errorf("location = %q, want %q", res.location, tc.location)
				}
			})
		}
		ctx := context.Background()
		got, err := f.store.GetOutboxMail(ctx, f.a.centre.ID, failed.ID)
		testdb.Must(t, err)
		if got.Status != models.MailPending || got.Attempts != 0 || !got.NextAttemptAt.Equal(f.clock.now()) {
			t.Errorf("retried mail: status %s, attempts %d, next %s", got.Status, got.Attempts, got.NextAttemptAt)
		}
		other, err := f.store.GetOutboxMail(ctx, f.b.centre.ID, foreign.ID)
		testdb.Must(t, err)
		if other.Status != models.MailFailed {
			t.Errorf("the other job centre's mail became %s", other.Status)
		}
		res := staff.request(t, http.MethodGet, fmt.Sprintf("/outbox/%d?retried=1", failed.ID), nil, nil)
		expect(t, res, http.StatusOK, []string{"will be sent again"}, []string{"/retry"})
	})
}

// TestHungMailServerBlocksNoRequest: while the worker is stuck in a
// delivery to a server that never answers, pages and the retry button
// still answer (on SQLite too, whose single connection the worker must not
// hold while it sends). Requests complete before the server is released,
// so none of them waited for it.
func TestHungMailServerBlocksNoRequest(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		failed := queueMail(t, f, f.a, "Einladung Pflegeheim")
		failMail(t, f, failed, "550 no such user")
		stuck := queueMail(t, f, f.a, "Termin morgen")
		srv := outboxtest.Start(t)
		srv.Hang()
		cfg, err := mail.ParseSMTPURL(srv.URL())
		testdb.Must(t, err)
		sender, err := mail.NewSMTPSender(cfg)
		testdb.Must(t, err)
		w, err := outbox.NewWorker(f.store, sender, f.clock.now, slog.New(slog.NewTextHandler(f.logs, nil)), outbox.Options{PollInterval: 10 * time.Millisecond, StopGrace: time.Millisecond})
		testdb.Must(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- w.Run(ctx) }()
		defer func() {
			cancel()
			srv.Release()
			if err := <-done; err != nil {
				t.Errorf("Run = %v", err)
			}
		}()
		<-srv.Hanging()

		staff := f.browser("10.4.0.1")
		staff.login(t, f.a.staff.Email)
		res := staff.request(t, http.MethodGet, "/outbox?status=sending", nil, nil)
		expect(t, res, http.StatusOK, []string{stuck.Subject, "Sending"}, nil)
		res = staff.request(t, http.MethodPost, fmt.Sprintf("/outbox/%d/retry", failed.ID), url.Values{"_csrf": {staff.csrf}}, nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
		select {
		case <-done:
			t.Fatal("the worker stopped while the server hung")
		default:
		}
	})
}
