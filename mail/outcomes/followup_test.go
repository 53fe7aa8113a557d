package outcomes

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func (f *fixture) followUps(t *testing.T) []models.OutboxMail {
	t.Helper()
	var rows []models.OutboxMail
	testdb.Must(t, f.store.DB().Where("job_centre_id = ? AND kind = ?", f.jc.ID, FollowUpKind).Order("id").Find(&rows).Error)
	return rows
}

func (f *fixture) sendFollowUps(t *testing.T, composer *mail.OutcomeComposer, at time.Time, after time.Duration) int {
	t.Helper()
	*f.clock = at
	n, err := SendFollowUps(context.Background(), f.store, composer, func() time.Time { return *f.clock },
		"https://treffpunkt.example/", testFrom, after)
	testdb.Must(t, err)
	return n
}

// TestSendFollowUps: weeks after the event, employers whose outcome is not
// final get one follow-up per contact and event, once; final outcomes and
// interviews without an outcome get none.
func TestSendFollowUps(t *testing.T) {
	composer, err := mail.NewOutcomeComposer()
	testdb.Must(t, err)
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		record := func(name string, kind models.OutcomeKind) {
			contactID := int64(1)
			_, err := f.store.RecordOutcome(ctx, f.jc.ID, f.byStatus[name].ID, kind, nil, models.ActorEmployer, &contactID)
			testdb.Must(t, err)
		}
		record("A/invited", models.OutcomeInternship)
		record("A/day2", models.OutcomeTrialWork)
		record("A/confirmed", models.OutcomeHireFullTime) // final: never followed up
		record("B/attended", models.OutcomePending)
		// A/cancelled, A/declined, A/no_show have no outcome: nothing to follow up.

		const after = 8 * 7 * 24 * time.Hour
		eventEnd := f.event.Days[1].EndsAt
		rounds := []struct {
			name      string
			at        time.Time
			wantMails int
			wantTotal int
		}{
			{"a day after the event", eventEnd.Add(24 * time.Hour), 0, 0},
			{"day one long enough ago, day two not", f.event.Days[0].EndsAt.Add(after + time.Hour), 0, 0},
			{"a minute early", eventEnd.Add(after - time.Minute), 0, 0},
			{"due", eventEnd.Add(after), 2, 2},
			{"again", eventEnd.Add(after + time.Hour), 0, 2},
		}
		for _, r := range rounds {
			if n := f.sendFollowUps(t, composer, r.at, after); n != r.wantMails {
				t.Errorf("%s: queued %d follow-ups, want %d", r.name, n, r.wantMails)
			}
			if got := len(f.followUps(t)); got != r.wantTotal {
				t.Errorf("%s: %d follow-ups in the outbox, want %d", r.name, got, r.wantTotal)
			}
		}
		// Sent once: an outcome set back to pending after the follow-up
		// does not bring a second one.
		record("A/invited", models.OutcomePending)
		if n := f.sendFollowUps(t, composer, eventEnd.Add(after+2*time.Hour), after); n != 0 {
			t.Errorf("after a new pending outcome: queued %d follow-ups, want 0", n)
		}
		for name, iv := range f.byStatus {
			queued, err := f.store.FollowUpQueued(ctx, iv.ID)
			testdb.Must(t, err)
			want := name == "A/invited" || name == "A/day2" || name == "B/attended"
			if queued != want {
				t.Errorf("%s: follow-up queued = %v, want %v", name, queued, want)
			}
		}
		// A final outcome cannot be marked: a worker racing a staff change
		// rolls its mail back.
		if err := f.store.MarkFollowUpQueued(ctx, []int64{f.byStatus["A/confirmed"].ID}, *f.clock); !errors.Is(err, models.ErrConflict) {
			t.Errorf("marking a hired interview: %v, want ErrConflict", err)
		}

		rows := f.followUps(t)
		if len(rows) != 2 {
			t.Fatalf("%d follow-ups, want 2", len(rows))
		}
		for _, r := range rows {
			msg, err := outbox.Decode(r)
			testdb.Must(t, err)
			links := strings.Count(msg.Text, "https://treffpunkt.example/o/")
			switch r.Recipient {
			case "clara@sonnenhof.example":
				if links != 2 || !strings.Contains(msg.Subject, "Wie geht es weiter?") ||
					!strings.Contains(msg.Text, "Bisher angegeben: Praktikum") || !strings.Contains(msg.Text, "Bisher angegeben: Erprobung") {
					t.Errorf("German follow-up (%d links):\n%s\n%s", links, msg.Subject, msg.Text)
				}
				if strings.Contains(msg.Text, "Einstellung Vollzeit") && strings.Contains(msg.Text, "Bisher angegeben: Einstellung") {
					t.Error("the hired interview is followed up")
				}
			case "ben@schroeder.example":
				if links != 1 || r.Locale != "en" || !strings.Contains(msg.Text, "Given so far: Still deciding") {
					t.Errorf("English follow-up (%d links, %s):\n%s", links, r.Locale, msg.Text)
				}
			default:
				t.Errorf("follow-up to %s", r.Recipient)
			}
		}
		var tokens []models.LinkToken
		testdb.Must(t, db.Where("kind = ?", models.LinkOutcome).Find(&tokens).Error)
		if len(tokens) != 3 {
			t.Errorf("%d outcome links, want 3 (one per interview followed up)", len(tokens))
		}
	})
}

func TestBuildFollowUpLocales(t *testing.T) {
	composer, err := mail.NewOutcomeComposer()
	testdb.Must(t, err)
	start := time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC)
	d := mail.OutcomeRequestData{
		Notice: mail.Notice{MessageID: "y@treffpunkt.example", Now: start, Zone: time.UTC, Organizer: testFrom,
			Recipient: mail.Address{Name: "Clara", Email: "clara@sonnenhof.example"}},
		EventTitle: "Speed-Dating", ValidityDays: 60, FollowUp: true,
		Items: []mail.OutcomeRequestItem{{Start: start, End: start.Add(20 * time.Minute), Applicant: "Olena K.",
			Vacancy: "Pflegehelfer/in", URL: "https://treffpunkt.example/o/abc", Current: "internship"}},
	}
	for _, tt := range []struct{ locale, subject, current string }{
		{"de", "Wie geht es weiter?", "Praktikum"}, {"en", "What happened next?", "Internship"},
		{"uk", "Як усе склалося далі?", "Практика"}, {"ar", "ماذا حدث بعد ذلك؟", "تدريب عملي"},
	} {
		msg, err := composer.BuildOutcomeRequest(d, tt.locale)
		if err != nil {
			t.Fatalf("%s: %v", tt.locale, err)
		}
		if !strings.Contains(msg.Subject, tt.subject) || !strings.Contains(msg.Text, tt.current) || strings.Contains(msg.Text+msg.HTML, "outcome.") {
			t.Errorf("%s: subject %q, text lacks %q or shows a raw key:\n%s", tt.locale, msg.Subject, tt.current, msg.Text)
		}
	}
}
