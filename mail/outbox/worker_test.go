package outbox_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"
	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/calendar"
	"treffpunkt/mail/outbox"
	"treffpunkt/mail/outbox/outboxtest"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestEnqueueBelongsToTheTransaction(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		boom := errors.New("the change failed")
		msg := e.message("olena@example.org", "")
		err := e.store.Transaction(e.ctx, func(tx *models.Store) error {
			if err := outbox.Enqueue(e.ctx, tx, outbox.Entry{JobCentreID: e.jc.ID, Kind: "invitation", Locale: "de", Message: msg}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("transaction error = %v, want %v", err, boom)
		}
		if n := len(e.statuses(t)); n != 0 {
			t.Errorf("a rolled-back change left %d mail statuses in the outbox", n)
		}
		bad := e.message("not an address", "")
		err = outbox.Enqueue(e.ctx, e.store, outbox.Entry{JobCentreID: e.jc.ID, Kind: "invitation", Message: bad})
		if err == nil || !strings.Contains(err.Error(), "to:") {
			t.Errorf("Enqueue of an invalid message = %v, want a validation error", err)
		}
	})
}

func TestWorkerDelivers(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		for _, tc := range []struct {
			name   string
			sender func(t *testing.T) (mail.Sender, func(id string) bool)
		}{
			{"file", func(t *testing.T) (mail.Sender, func(string) bool) {
				dir := t.TempDir()
				fs, err := mail.NewFileSender(dir)
				testdb.Must(t, err)
				return fs, func(id string) bool {
					names, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
					for _, n := range names {
						b, err := os.ReadFile(n)
						if err == nil && strings.Contains(string(b), "Message-ID: <"+id+">") {
							return true
						}
					}
					return false
				}
			}},
			{"smtp", func(t *testing.T) (mail.Sender, func(string) bool) {
				srv := outboxtest.Start(t)
				return smtpSender(t, srv.Addr()), func(id string) bool { return srv.Deliveries()[id] == 1 }
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, db)
				sender, delivered := tc.sender(t)
				invite := e.enqueue(t, "invitation", &e.interviews[0].ID, e.message("olena@example.org", calendar.MethodRequest))
				login := e.enqueue(t, "employer_login", nil, e.message("clara@example.org", ""))
				w := e.worker(t, sender, outbox.Options{})
				n, err := w.RunOnce(e.ctx)
				if err != nil || n != 2 {
					t.Fatalf("RunOnce = %d, %v; want 2 mails", n, err)
				}
				for _, m := range []models.OutboxMail{invite, login} {
					got := e.mail(t, m.MessageID)
					if got.Status != models.MailSent || got.SentAt == nil || !got.SentAt.Equal(e.clk.now()) || got.Attempts != 1 || got.ClaimedUntil != nil {
						t.Errorf("%s after delivery: status %s, sent %v, attempts %d, claimed %v", m.Kind, got.Status, got.SentAt, got.Attempts, got.ClaimedUntil)
					}
					if !delivered(m.MessageID) {
						t.Errorf("%s (%s) was not delivered", m.Kind, m.MessageID)
					}
				}
				if n, err := w.RunOnce(e.ctx); err != nil || n != 0 {
					t.Errorf("second RunOnce = %d, %v; want nothing left", n, err)
				}
			})
		}
	})
}

func TestWorkerClassifiesFailures(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		const base = time.Minute
		for _, tc := range []struct {
			name       string
			reply      error
			serverDown bool
			want       models.MailStatus
			reason     string
		}{
			{"451 is temporary", &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}, false, models.MailPending, "451"},
			{"452 is temporary", &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}, false, models.MailPending, "452"},
			{"server down is temporary", nil, true, models.MailPending, "connect"},
			{"550 is permanent", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}, false, models.MailFailed, "550"},
			{"553 is permanent", &smtp.SMTPError{Code: 553, EnhancedCode: smtp.EnhancedCode{5, 1, 3}, Message: "bad address"}, false, models.MailFailed, "553"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, db)
				var addr string
				var srv *outboxtest.Server
				if tc.serverDown {
					addr = outboxtest.FreeAddr(t)
				} else {
					srv = outboxtest.Start(t)
					addr = srv.Addr()
					srv.Reply(func(string) error { return tc.reply })
				}
				w := e.worker(t, smtpSender(t, addr), outbox.Options{BackoffBase: base, BackoffMax: 10 * base})
				m := e.enqueue(t, "invitation", &e.interviews[0].ID, e.message("olena@example.org", calendar.MethodRequest))
				start := e.clk.now()
				if n, err := w.RunOnce(e.ctx); err != nil || n != 1 {
					t.Fatalf("RunOnce = %d, %v", n, err)
				}
				got := e.mail(t, m.MessageID)
				if got.Status != tc.want || got.Attempts != 1 || !strings.Contains(got.LastError, tc.reason) || got.ClaimedUntil != nil {
					t.Fatalf("after failure: status %s (want %s), attempts %d, last error %q (want %q)", got.Status, tc.want, got.Attempts, got.LastError, tc.reason)
				}
				if tc.want == models.MailPending {
					// Jitter 0.5 puts the first pause at three quarters of base.
					if want := start.Add(3 * base / 4); !got.NextAttemptAt.Equal(want) {
						t.Errorf("next attempt at %s, want %s", got.NextAttemptAt, want)
					}
					if n, _ := w.RunOnce(e.ctx); n != 0 {
						t.Errorf("a backed-off mail was claimed again %d time(s) before its time", n)
					}
					e.clk.advance(base)
				} else {
					if n, _ := w.RunOnce(e.ctx); n != 0 {
						t.Errorf("a failed mail was claimed again")
					}
					if err := e.store.RetryMail(e.ctx, e.jc.ID, got.ID); err != nil {
						t.Fatalf("RetryMail: %v", err)
					}
				}
				// The server recovers (or the address was fixed): delivered.
				if srv == nil {
					srv = outboxtest.StartAt(t, addr)
				}
				srv.Reply(nil)
				if n, err := w.RunOnce(e.ctx); err != nil || n != 1 {
					t.Fatalf("RunOnce after recovery = %d, %v", n, err)
				}
				// A staff retry starts counting afresh.
				wantAttempts := 2
				if tc.want == models.MailFailed {
					wantAttempts = 1
				}
				got = e.mail(t, m.MessageID)
				if got.Status != models.MailSent || got.Attempts != wantAttempts || srv.Deliveries()[m.MessageID] != 1 {
					t.Errorf("after recovery: status %s, attempts %d (want %d), deliveries %d", got.Status, got.Attempts, wantAttempts, srv.Deliveries()[m.MessageID])
				}
			})
		}
	})
}

func TestWorkerGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		w := e.worker(t, smtpSender(t, outboxtest.FreeAddr(t)), outbox.Options{MaxAttempts: 3, BackoffBase: time.Second})
		m := e.enqueue(t, "employer_login", nil, e.message("clara@example.org", ""))
		for attempt := 1; attempt <= 3; attempt++ {
			if n, err := w.RunOnce(e.ctx); err != nil || n != 1 {
				t.Fatalf("attempt %d: RunOnce = %d, %v", attempt, n, err)
			}
			e.clk.advance(time.Hour)
		}
		got := e.mail(t, m.MessageID)
		if got.Status != models.MailFailed || got.Attempts != 3 || !strings.Contains(got.LastError, "gave up after 3 attempts") {
			t.Errorf("after 3 temporary failures: status %s, attempts %d, reason %q", got.Status, got.Attempts, got.LastError)
		}
	})
}

func TestWorkerSkipsMailsOfCancelledInterviews(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		srv := outboxtest.Start(t)
		iv1, iv2 := e.interviews[0], e.interviews[1]
		invite1 := e.enqueue(t, "invitation", &iv1.ID, e.message("olena@example.org", calendar.MethodRequest))
		update1 := e.enqueue(t, "invitation_update", &iv1.ID, e.message("clara@example.org", calendar.MethodRequest))
		// A cancellation is recognised by its kind or by its calendar method.
		cancelByKind := e.enqueue(t, models.MailKindInvitationCancel, &iv1.ID, e.message("olena@example.org", ""))
		cancelByMethod := e.enqueue(t, "interview_cancel", &iv1.ID, e.message("clara@example.org", calendar.MethodCancel))
		invite2 := e.enqueue(t, "invitation", &iv2.ID, e.message("olena@example.org", calendar.MethodRequest))
		// The interview is cancelled after its mails were queued, without
		// touching the queue: the worker must notice by itself.
		if _, err := e.store.SetInterviewStatus(e.ctx, e.jc.ID, iv1.ID, iv1.Version, models.InterviewCancelled); err != nil {
			t.Fatalf("SetInterviewStatus: %v", err)
		}
		w := e.worker(t, smtpSender(t, srv.Addr()), outbox.Options{})
		if n, err := w.RunOnce(e.ctx); err != nil || n != 5 {
			t.Fatalf("RunOnce = %d, %v", n, err)
		}
		for _, tc := range []struct {
			m    models.OutboxMail
			want models.MailStatus
			sent int
		}{
			{invite1, models.MailCancelled, 0},
			{update1, models.MailCancelled, 0},
			{cancelByKind, models.MailSent, 1},
			{cancelByMethod, models.MailSent, 1},
			{invite2, models.MailSent, 1},
		} {
			got := e.mail(t, tc.m.MessageID)
			if got.Status != tc.want || srv.Deliveries()[tc.m.MessageID] != tc.sent {
				t.Errorf("%s of interview %d: status %s, delivered %d times; want %s, %d", tc.m.Kind, *tc.m.InterviewID,
					got.Status, srv.Deliveries()[tc.m.MessageID], tc.want, tc.sent)
			}
			if tc.want == models.MailCancelled && got.LastError != outbox.ReasonInterviewCancelled {
				t.Errorf("%s: reason %q", tc.m.Kind, got.LastError)
			}
		}
	})
}

func TestCancelInterviewMails(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		iv1, iv2 := e.interviews[0], e.interviews[1]
		invite1 := e.enqueue(t, "invitation", &iv1.ID, e.message("olena@example.org", calendar.MethodRequest))
		cancel1 := e.enqueue(t, "interview_cancel", &iv1.ID, e.message("olena@example.org", calendar.MethodCancel))
		invite2 := e.enqueue(t, "invitation", &iv2.ID, e.message("olena@example.org", calendar.MethodRequest))
		var n int64
		err := e.store.Transaction(e.ctx, func(tx *models.Store) error {
			if _, err := tx.SetInterviewStatus(e.ctx, e.jc.ID, iv1.ID, iv1.Version, models.InterviewCancelled); err != nil {
				return err
			}
			var err error
			n, err = outbox.CancelInterviewMails(e.ctx, tx, iv1.ID)
			return err
		})
		if err != nil || n != 1 {
			t.Fatalf("CancelInterviewMails = %d, %v; want 1", n, err)
		}
		for _, tc := range []struct {
			m    models.OutboxMail
			want models.MailStatus
		}{{invite1, models.MailCancelled}, {cancel1, models.MailPending}, {invite2, models.MailPending}} {
			if got := e.mail(t, tc.m.MessageID); got.Status != tc.want {
				t.Errorf("%s of interview %d: status %s, want %s", tc.m.Kind, *tc.m.InterviewID, got.Status, tc.want)
			}
		}
	})
}

func TestWorkerReclaimsExpiredLeases(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		srv := outboxtest.Start(t)
		m := e.enqueue(t, "employer_login", nil, e.message("clara@example.org", ""))
		const lease = 5 * time.Minute
		// A worker claims the mail and dies before it records anything.
		dead, err := e.store.ClaimMails(e.ctx, e.clk.now(), 10, lease)
		if err != nil || len(dead) != 1 || dead[0].Status != models.MailSending {
			t.Fatalf("ClaimMails = %+v, %v", dead, err)
		}
		w := e.worker(t, smtpSender(t, srv.Addr()), outbox.Options{Lease: lease, SendTimeout: time.Minute, RecordTimeout: time.Minute})
		e.clk.advance(lease - time.Second)
		if n, err := w.RunOnce(e.ctx); err != nil || n != 0 {
			t.Fatalf("RunOnce within the lease = %d, %v; want nothing", n, err)
		}
		e.clk.advance(time.Second)
		if n, err := w.RunOnce(e.ctx); err != nil || n != 1 {
			t.Fatalf("RunOnce after the lease = %d, %v; want the mail", n, err)
		}
		if got := e.mail(t, m.MessageID); got.Status != models.MailSent || srv.Deliveries()[m.MessageID] != 1 {
			t.Errorf("reclaimed mail: status %s, deliveries %d", got.Status, srv.Deliveries()[m.MessageID])
		}
		// The dead worker wakes up: its claim is void.
		for name, err := range map[string]error{
			"release": e.store.ReleaseMail(e.ctx, dead[0], e.clk.now()),
			"retry":   e.store.MarkMailRetry(e.ctx, dead[0], e.clk.now(), e.clk.now(), "late"),
			"fail":    e.store.MarkMailFailed(e.ctx, dead[0], e.clk.now(), "late"),
			"cancel":  e.store.MarkMailCancelled(e.ctx, dead[0], e.clk.now(), "late"),
			"sent":    e.store.MarkMailSent(e.ctx, dead[0], e.clk.now()),
		} {
			if !errors.Is(err, models.ErrConflict) {
				t.Errorf("stale %s = %v, want ErrConflict", name, err)
			}
		}
		if got := e.mail(t, m.MessageID); got.Status != models.MailSent {
			t.Errorf("a stale claim changed the mail to %s", got.Status)
		}
	})
}

// slowSender delivers through a real sender and then moves the test clock
// on, as a slow mail server would.
type slowSender struct {
	mail.Sender
	clk  *clock
	each time.Duration
}

func (s slowSender) Send(ctx context.Context, msg *mail.Message) error {
	err := s.Sender.Send(ctx, msg)
	s.clk.advance(s.each)
	return err
}

// TestWorkerSendsNothingAfterItsLease: mails of a batch that waited behind
// slow deliveries are released, not sent, once too little of the lease is
// left, so that no other instance can be sending them at the same time.
func TestWorkerSendsNothingAfterItsLease(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		srv := outboxtest.Start(t)
		var ms []models.OutboxMail
		for _, to := range []string{"a@example.org", "b@example.org", "c@example.org"} {
			ms = append(ms, e.enqueue(t, "employer_login", nil, e.message(to, "")))
		}
		sender := slowSender{Sender: smtpSender(t, srv.Addr()), clk: e.clk, each: 2 * time.Minute}
		w := e.worker(t, sender, outbox.Options{Lease: 5 * time.Minute, SendTimeout: time.Minute, RecordTimeout: 30 * time.Second})
		if n, err := w.RunOnce(e.ctx); err != nil || n != 3 {
			t.Fatalf("RunOnce = %d, %v", n, err)
		}
		for i, want := range []models.MailStatus{models.MailSent, models.MailSent, models.MailPending} {
			got := e.mail(t, ms[i].MessageID)
			delivered := srv.Deliveries()[ms[i].MessageID]
			if got.Status != want || delivered != map[bool]int{true: 1}[want == models.MailSent] || want == models.MailPending && got.Attempts != 0 {
				t.Errorf("mail %d: status %s, attempts %d, delivered %d times; want %s", i+1, got.Status, got.Attempts, delivered, want)
			}
		}
		// The released mail goes out with the next batch.
		if n, err := w.RunOnce(e.ctx); err != nil || n != 1 || srv.Deliveries()[ms[2].MessageID] != 1 {
			t.Errorf("next RunOnce = %d, %v; deliveries of the released mail %d", n, err, srv.Deliveries()[ms[2].MessageID])
		}
	})
}

func TestWorkerStopsCleanly(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		for _, tc := range []struct {
			name      string
			grace     time.Duration
			releaseIn bool // the server answers within the grace period
			want      models.MailStatus
			attempts  int
		}{
			{"delivery finishes within the grace period", time.Minute, true, models.MailSent, 1},
			{"hung delivery is cut and released", 50 * time.Millisecond, false, models.MailPending, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, db)
				srv := outboxtest.Start(t)
				srv.Hang()
				m := e.enqueue(t, "employer_login", nil, e.message("clara@example.org", ""))
				waiting := e.enqueue(t, "employer_login", nil, e.message("petra@example.org", ""))
				w := e.worker(t, smtpSender(t, srv.Addr()), outbox.Options{StopGrace: tc.grace, PollInterval: 10 * time.Millisecond})
				ctx, cancel := context.WithCancel(e.ctx)
				done := make(chan error, 1)
				go func() { done <- w.Run(ctx) }()
				<-srv.Hanging()
				cancel()
				if tc.releaseIn {
					srv.Release()
				}
				if err := <-done; err != nil {
					t.Fatalf("Run = %v, want nil after cancel", err)
				}
				got := e.mail(t, m.MessageID)
				if got.Status != tc.want || got.Attempts != tc.attempts || got.ClaimedUntil != nil {
					t.Errorf("in-flight mail after stop: status %s, attempts %d, claimed %v; want %s, %d", got.Status, got.Attempts, got.ClaimedUntil, tc.want, tc.attempts)
				}
				if got := e.mail(t, waiting.MessageID); got.Status != models.MailPending || got.Attempts != 0 || got.ClaimedUntil != nil {
					t.Errorf("claimed but unstarted mail after stop: status %s, attempts %d, claimed %v", got.Status, got.Attempts, got.ClaimedUntil)
				}
			})
		}
	})
}

func TestTwoWorkersDeliverEachMailOnce(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		const mails = 200
		e.enqueueMany(t, mails)
		srv := outboxtest.Start(t)
		ctx, cancel := context.WithCancel(e.ctx)
		defer cancel()
		done := make(chan error, 2)
		for range 2 {
			// Each worker is its own "instance": own store, clock and SMTP
			// connection; only the database is shared.
			store := models.NewStore(db, time.Now)
			w, err := outbox.NewWorker(store, smtpSender(t, srv.Addr()), time.Now, testLogger(t),
				outbox.Options{BatchSize: 7, PollInterval: 20 * time.Millisecond})
			testdb.Must(t, err)
			go func() { done <- w.Run(ctx) }()
		}
		waitFor(t, "all mails sent", 3*time.Minute, func() bool { return e.statuses(t)[models.MailSent] == mails })
		cancel()
		for range 2 {
			if err := <-done; err != nil {
				t.Errorf("Run = %v", err)
			}
		}
		if got := len(srv.Deliveries()); got != mails || srv.Total() != mails {
			t.Errorf("server got %d distinct and %d total mails, want %d each; duplicates: %v", got, srv.Total(), mails, srv.Duplicates())
		}
	})
}

// TestOutageLosesNothing is the acceptance test of the outbox: the mail
// server is down for 60 s with 500 mails queued; afterwards all 500 arrive,
// none twice. It runs in parallel with the other tests.
func TestOutageLosesNothing(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db)
		const mails = 500
		const outage = 60 * time.Second
		e.enqueueMany(t, mails)
		addr := outboxtest.FreeAddr(t)
		store := models.NewStore(db, time.Now)
		w, err := outbox.NewWorker(store, smtpSender(t, addr), time.Now, testLogger(t), outbox.Options{
			BatchSize: 50, PollInterval: 200 * time.Millisecond, BackoffBase: time.Second, BackoffMax: 5 * time.Second,
		})
		testdb.Must(t, err)
		ctx, cancel := context.WithCancel(e.ctx)
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- w.Run(ctx) }()
		time.Sleep(outage)
		if n := e.statuses(t)[models.MailSent]; n != 0 {
			t.Fatalf("%d mails sent while the server was down", n)
		}
		srv := outboxtest.StartAt(t, addr)
		waitFor(t, "all mails sent after the outage", 3*time.Minute, func() bool { return e.statuses(t)[models.MailSent] == mails })
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
		if got := len(srv.Deliveries()); got != mails || srv.Total() != mails {
			t.Errorf("server got %d distinct and %d total mails, want %d each; duplicates: %v", got, srv.Total(), mails, srv.Duplicates())
		}
		var retried int64
		testdb.Must(t, db.Model(&models.OutboxMail{}).Where("attempts > 1").Count(&retried).Error)
		if retried != mails {
			t.Errorf("%d of %d mails show retries; the outage did not reach them", retried, mails)
		}
	})
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	const base, ceiling = 30 * time.Second, 15 * time.Minute
	for _, tc := range []struct {
		failures int
		jitter   float64
		want     time.Duration
	}{
		{1, 0, 15 * time.Second},
		{1, 0.999999999, 30 * time.Second},
		{2, 0.5, 45 * time.Second},
		{3, 0, 60 * time.Second},
		{5, 1 - 1e-12, 8 * time.Minute},
		{6, 0, 7*time.Minute + 30*time.Second}, // 16 min capped at 15
		{6, 0.5, 11*time.Minute + 15*time.Second},
		{100, 0, 7*time.Minute + 30*time.Second}, // no overflow
		{0, 0, 15 * time.Second},
	} {
		got := outbox.Backoff(tc.failures, base, ceiling, tc.jitter)
		if got.Round(time.Millisecond) != tc.want {
			t.Errorf("Backoff(%d, jitter %v) = %s, want %s", tc.failures, tc.jitter, got, tc.want)
		}
	}
}

func TestNewWorkerChecksItsInput(t *testing.T) {
	t.Parallel()
	store := models.NewStore(nil, time.Now)
	fs, err := mail.NewFileSender(t.TempDir())
	testdb.Must(t, err)
	log := testLogger(t)
	for _, tc := range []struct {
		name   string
		store  *models.Store
		sender mail.Sender
		now    func() time.Time
		opts   outbox.Options
		want   string
	}{
		{"no store", nil, fs, time.Now, outbox.Options{}, "store is nil"},
		{"no sender", store, nil, time.Now, outbox.Options{}, "sender is nil"},
		{"no clock", store, fs, nil, outbox.Options{}, "clock is nil"},
		{"negative rate", store, fs, time.Now, outbox.Options{RatePerSecond: -1}, "negative"},
		{"lease shorter than a send", store, fs, time.Now, outbox.Options{Lease: time.Minute, SendTimeout: time.Minute}, "lease"},
		{"fine", store, fs, time.Now, outbox.Options{RatePerSecond: 5}, ""},
	} {
		_, err := outbox.NewWorker(tc.store, tc.sender, tc.now, log, tc.opts)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: NewWorker error = %v, want %q", tc.name, err, tc.want)
		}
	}
}
