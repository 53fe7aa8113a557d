package outbox_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/calendar"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// clock is a settable clock; the worker and the store read it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// env is a job centre with one event, one employer, one applicant and two
// interviews, plus a queue to fill.
type env struct {
	ctx        context.Context
	db         *gorm.DB
	store      *models.Store
	clk        *clock
	jc, other  models.JobCentre
	interviews []models.Interview
	seq        atomic.Int64
}

func newEnv(t testing.TB, db *gorm.DB) *env {
	t.Helper()
	e := &env{ctx: context.Background(), db: db, clk: &clock{t: testdb.Clock()}}
	e.store = models.NewStore(db, e.clk.now)
	// Several envs may share one database (subtests): unique names.
	u := strings.ToLower(rand.Text()[:10])
	e.jc = models.JobCentre{Name: "Jobcenter Amberg " + u, Slug: "amberg-" + u, ContactEmail: "ags@amberg.example"}
	e.other = models.JobCentre{Name: "Jobcenter Bamberg " + u, Slug: "bamberg-" + u}
	testdb.Must(t, e.store.CreateJobCentre(e.ctx, &e.jc))
	testdb.Must(t, e.store.CreateJobCentre(e.ctx, &e.other))
	day := time.Date(2026, 4, 14, 7, 0, 0, 0, time.UTC)
	venue := "Stadthalle"
	ev := models.Event{JobCentreID: e.jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege", Status: models.EventOpen,
		VenueName: &venue, SlotMinutes: 20, BufferMinutes: 5, PublicToken: "public-token-outbox-" + u,
		Days: []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(5 * time.Hour)}}}
	testdb.Must(t, e.store.CreateEvent(e.ctx, &ev))
	emp := models.Employer{JobCentreID: e.jc.ID, Name: "Pflegeheim Sonnenhof", Sector: "Pflege",
		Sites:     []models.Site{{Name: "Haus 1", Street: "Lindenweg 3", Postcode: "92224", Town: "Amberg"}},
		Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: "clara@amberg.example"}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursPart, CandidatesWanted: 4}}}
	testdb.Must(t, e.store.CreateEmployer(e.ctx, &emp))
	app := models.Applicant{JobCentreID: e.jc.ID, FirstName: "Olena", LastName: "Koval", Email: "olena@amberg.example",
		PreferredLanguage: models.LanguageUK, GermanLevel: models.GermanB1, Postcode: "92224", Town: "Amberg",
		ConsentAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	testdb.Must(t, e.store.CreateApplicant(e.ctx, &app))
	testdb.Must(t, e.store.SaveCandidates(e.ctx, e.jc.ID, ev.ID, []models.Candidate{{ApplicantID: app.ID, VacancyID: emp.Vacancies[0].ID, Score: 4}}))
	cands, err := e.store.ListCandidates(e.ctx, e.jc.ID, ev.ID)
	testdb.Must(t, err)
	e.interviews = []models.Interview{
		{CandidateID: cands[0].ID, StartsAt: day.Add(time.Hour), EndsAt: day.Add(80 * time.Minute), ICalUID: "iv1-" + u + "@treffpunkt.test", CheckinCode: "CHK-1-" + u},
		{CandidateID: cands[0].ID, StartsAt: day.Add(2 * time.Hour), EndsAt: day.Add(140 * time.Minute), ICalUID: "iv2-" + u + "@treffpunkt.test", CheckinCode: "CHK-2-" + u},
	}
	testdb.Must(t, e.store.CreateInterviews(e.ctx, e.jc.ID, ev.ID, e.interviews))
	return e
}

// message builds a valid mail to to; a method adds a minimal calendar.
func (e *env) message(to string, method calendar.Method) *mail.Message {
	n := e.seq.Add(1)
	m := &mail.Message{
		MessageID: fmt.Sprintf("m%d.%d@treffpunkt.test", n, e.jc.ID),
		Date:      e.clk.now(),
		From:      mail.Address{Name: "Jobcenter Amberg", Email: "termine@amberg.example"},
		To:        mail.Address{Name: "Olena Koval", Email: to},
		Subject:   fmt.Sprintf("Einladung %d", n),
		Text:      "Guten Tag,\nSie haben einen Termin.",
		HTML:      "<p>Guten Tag,</p><p>Sie haben einen Termin.</p>",
	}
	if method != "" {
		m.Method = method
		m.Calendar = []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:" + string(method) + "\r\nEND:VCALENDAR\r\n")
	}
	return m
}

// enqueue queues a mail in its own transaction and returns its row.
func (e *env) enqueue(t testing.TB, kind string, interviewID *int64, msg *mail.Message) models.OutboxMail {
	t.Helper()
	err := e.store.Transaction(e.ctx, func(tx *models.Store) error {
		return outbox.Enqueue(e.ctx, tx, outbox.Entry{JobCentreID: e.jc.ID, Kind: kind, InterviewID: interviewID, Locale: "de", Message: msg})
	})
	testdb.Must(t, err)
	return e.mail(t, msg.MessageID)
}

// enqueueMany queues n plain mails in one transaction.
func (e *env) enqueueMany(t testing.TB, n int) {
	t.Helper()
	err := e.store.Transaction(e.ctx, func(tx *models.Store) error {
		for i := range n {
			msg := e.message(fmt.Sprintf("person%d@example.org", i), "")
			if err := outbox.Enqueue(e.ctx, tx, outbox.Entry{JobCentreID: e.jc.ID, Kind: "employer_login", Locale: "de", Message: msg}); err != nil {
				return err
			}
		}
		return nil
	})
	testdb.Must(t, err)
}

// mail loads a row by Message-ID.
func (e *env) mail(t testing.TB, messageID string) models.OutboxMail {
	t.Helper()
	var m models.OutboxMail
	testdb.Must(t, e.db.Where("message_id = ?", messageID).First(&m).Error)
	return m
}

// statuses counts rows per status.
func (e *env) statuses(t testing.TB) map[models.MailStatus]int {
	t.Helper()
	counts, err := e.store.CountOutbox(e.ctx, e.jc.ID)
	testdb.Must(t, err)
	return counts
}

// worker builds a worker on the env's clock with quiet logs.
func (e *env) worker(t testing.TB, sender mail.Sender, opts outbox.Options) *outbox.Worker {
	t.Helper()
	if opts.Jitter == nil {
		opts.Jitter = func() float64 { return 0.5 }
	}
	w, err := outbox.NewWorker(e.store, sender, e.clk.now, testLogger(t), opts)
	if err != nil {
		t.Fatalf("NewWorker: %v", err)
	}
	return w
}

// smtpSender is a sender to addr without TLS, as for a local relay.
func smtpSender(t testing.TB, addr string) *mail.SMTPSender {
	t.Helper()
	cfg, err := mail.ParseSMTPURL("smtp://" + addr + "?tls=none&timeout=10s")
	if err != nil {
		t.Fatalf("ParseSMTPURL: %v", err)
	}
	s, err := mail.NewSMTPSender(cfg)
	if err != nil {
		t.Fatalf("NewSMTPSender: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// testLogger writes warnings and errors to the test log only on failure.
func testLogger(t testing.TB) *slog.Logger {
	t.Helper()
	buf := &lockedBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type lockedBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sb.Len() > 1<<20 {
		return io.Discard.Write(p)
	}
	return b.sb.Write(p)
}

func (b *lockedBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.sb.String() }

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, deadline time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting after %s for %s", deadline, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func ptr[T any](v T) *T { return &v }
