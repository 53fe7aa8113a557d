package outcomes

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// fixture is a two-day event with two employers (A: German contact, B:
// English contact) and interviews in every status on day one.
type fixture struct {
	store     *models.Store
	clock     *time.Time
	jc        models.JobCentre
	event     models.Event
	employerA models.Employer
	employerB models.Employer
	byStatus  map[string]models.Interview // "A/invited", "B/attended", "A/day2", …
}

var testFrom = mail.Address{Name: "Treffpunkt", Email: "termine@treffpunkt.example"}

func newFixture(t *testing.T, db *gorm.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	now := testdb.Clock()
	f := &fixture{clock: &now, byStatus: map[string]models.Interview{}}
	f.store = models.NewStore(db, func() time.Time { return *f.clock })
	f.jc = models.JobCentre{Name: "Jobcenter Kassel", Slug: "kassel"}
	testdb.Must(t, f.store.CreateJobCentre(ctx, &f.jc))
	venue := "Stadthalle"
	day1 := time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC)
	day2 := day1.Add(24 * time.Hour)
	f.event = models.Event{JobCentreID: f.jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege",
		Status: models.EventClosed, VenueName: &venue, SlotMinutes: 20, PublicToken: "public-token-outcomes",
		Days: []models.EventDay{
			{Date: time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC), StartsAt: day1, EndsAt: day1.Add(4 * time.Hour)},
			{Date: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), StartsAt: day2, EndsAt: day2.Add(4 * time.Hour)},
		}}
	testdb.Must(t, f.store.CreateEvent(ctx, &f.event))
	mk := func(name, contact, email string, locale models.Locale) models.Employer {
		e := models.Employer{JobCentreID: f.jc.ID, Name: name,
			Contacts:  []models.ContactPerson{{Name: contact, Email: email, Locale: locale}},
			Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursFull, CandidatesWanted: 8}}}
		testdb.Must(t, f.store.CreateEmployer(ctx, &e))
		reg := models.EventRegistration{EventID: f.event.ID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1}
		testdb.Must(t, db.Omit(clause.Associations).Create(&reg).Error)
		return e
	}
	f.employerA = mk("Pflegeheim Sonnenhof", "Clara Kontakt", "clara@sonnenhof.example", models.LocaleDE)
	f.employerB = mk("Bäckerei Schröder", "Ben Bäcker", "ben@schroeder.example", models.LocaleEN)
	slot := 0
	add := func(e models.Employer, name string, status models.InterviewStatus, start time.Time) {
		a := models.Applicant{JobCentreID: f.jc.ID, FirstName: "Olena", LastName: "Koval" + name, GermanLevel: models.GermanB1,
			ConsentAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), MaxInterviewsPerDay: 2, PreferredLanguage: models.LanguageUK}
		testdb.Must(t, f.store.CreateApplicant(ctx, &a))
		testdb.Must(t, f.store.AddEventApplicants(ctx, f.jc.ID, f.event.ID, []models.EventApplicant{{ApplicantID: a.ID, MaxInterviews: 2}}, nil))
		cs := []models.Candidate{{ApplicantID: a.ID, VacancyID: e.Vacancies[0].ID, Score: 4}}
		testdb.Must(t, f.store.SaveCandidates(ctx, f.jc.ID, f.event.ID, cs))
		code, err := invite.NewCheckinCode()
		testdb.Must(t, err)
		ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
			Status: status, ICalUID: fmt.Sprintf("iv-%d@treffpunkt.example", slot), CheckinCode: code}}
		slot++
		testdb.Must(t, f.store.CreateInterviews(ctx, f.jc.ID, f.event.ID, ivs))
		f.byStatus[name] = ivs[0]
	}
	add(f.employerA, "A/invited", models.InterviewInvited, day1.Add(time.Hour))
	add(f.employerA, "A/confirmed", models.InterviewConfirmed, day1.Add(2*time.Hour))
	add(f.employerA, "A/cancelled", models.InterviewCancelled, day1.Add(3*time.Hour))
	add(f.employerA, "A/declined", models.InterviewDeclined, day1.Add(20*time.Minute))
	add(f.employerA, "A/no_show", models.InterviewNoShow, day1.Add(40*time.Minute))
	add(f.employerB, "B/attended", models.InterviewAttended, day1.Add(3*time.Hour+20*time.Minute))
	add(f.employerA, "A/day2", models.InterviewConfirmed, day2.Add(time.Hour))
	return f
}

func (f *fixture) mails(t *testing.T) []models.OutboxMail {
	t.Helper()
	var rows []models.OutboxMail
	testdb.Must(t, f.store.DB().Where("job_centre_id = ? AND kind = ?", f.jc.ID, Kind).Order("id").Find(&rows).Error)
	return rows
}

func (f *fixture) send(t *testing.T, composer *mail.OutcomeComposer, at time.Time) int {
	t.Helper()
	*f.clock = at
	n, err := SendOutcomeRequests(context.Background(), f.store, composer, func() time.Time { return *f.clock },
		"https://treffpunkt.example/", testFrom)
	testdb.Must(t, err)
	return n
}

func TestSendOutcomeRequests(t *testing.T) {
	composer, err := mail.NewOutcomeComposer()
	testdb.Must(t, err)
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		day1End := f.event.Days[0].EndsAt
		day2End := f.event.Days[1].EndsAt
		rounds := []struct {
			name      string
			at        time.Time
			wantMails int
			wantTotal int
		}{
			{"during the day", day1End.Add(-time.Hour), 0, 0},
			{"day over, delay not yet", day1End.Add(Delay - time.Minute), 0, 0},
			{"day over plus delay", day1End.Add(Delay), 2, 2},
			{"again the same day", day1End.Add(Delay + time.Hour), 0, 2},
			{"second day over", day2End.Add(Delay), 1, 3},
			{"again after the second day", day2End.Add(2 * Delay), 0, 3},
		}
		for _, r := range rounds {
			if n := f.send(t, composer, r.at); n != r.wantMails {
				t.Errorf("%s: queued %d mails, want %d", r.name, n, r.wantMails)
			}
			if got := len(f.mails(t)); got != r.wantTotal {
				t.Errorf("%s: %d outcome mails in the outbox, want %d", r.name, got, r.wantTotal)
			}
		}
		rows := f.mails(t)
		if len(rows) != 3 {
			t.Fatalf("outbox holds %d outcome mails, want 3", len(rows))
		}
		wantRecipients := []struct{ to, locale string }{
			{"clara@sonnenhof.example", "de"}, {"ben@schroeder.example", "en"}, {"clara@sonnenhof.example", "de"}}
		gotRecipients := map[string]int{}
		for _, r := range rows[:2] {
			gotRecipients[r.Recipient+"/"+r.Locale]++
		}
		for _, w := range wantRecipients[:2] {
			if gotRecipients[w.to+"/"+w.locale] != 1 {
				t.Errorf("day one: recipients %v lack one mail to %s in %s", gotRecipients, w.to, w.locale)
			}
		}
		if rows[2].Recipient != wantRecipients[2].to {
			t.Errorf("day two mail goes to %s", rows[2].Recipient)
		}
		for _, r := range rows[:2] {
			msg, err := outbox.Decode(r)
			testdb.Must(t, err)
			links := strings.Count(msg.Text, "https://treffpunkt.example/o/")
			want := 1
			if r.Recipient == "clara@sonnenhof.example" {
				want = 2 // invited and confirmed, not cancelled, declined or no-show
				if !strings.Contains(msg.HTML, "Praktikum") || !strings.Contains(msg.HTML, "?kind=internship") {
					t.Error("German request lacks the one-click choices")
				}
				if strings.Contains(msg.Text, "KovalA/cancelled") || !strings.Contains(msg.Text, "Olena K.") {
					t.Errorf("request names the applicant wrongly:\n%s", msg.Text)
				}
			}
			if links != want {
				t.Errorf("mail to %s has %d outcome links, want %d:\n%s", r.Recipient, links, want, msg.Text)
			}
		}
		var tokens []models.LinkToken
		testdb.Must(t, db.Where("kind = ?", models.LinkOutcome).Order("id").Find(&tokens).Error)
		if len(tokens) != 4 {
			t.Fatalf("%d outcome links, want 4 (one per interview asked about)", len(tokens))
		}
		for i, lt := range tokens {
			if len(lt.TokenHash) != 64 || lt.InterviewID == nil || lt.EmployerContactID == nil {
				t.Errorf("link %+v: want a SHA-256 hash, interview and contact", lt)
			}
			sent := day1End.Add(Delay)
			if i == 3 {
				sent = day2End.Add(Delay)
			}
			if want := sent.Add(LinkValidity); !lt.ExpiresAt.Equal(want) {
				t.Errorf("link %d expires %s, want %s", lt.ID, lt.ExpiresAt, want)
			}
		}
		for name, iv := range f.byStatus {
			queued, err := f.store.OutcomeRequestQueued(ctx, iv.ID)
			testdb.Must(t, err)
			never := strings.HasSuffix(name, "cancelled") || strings.HasSuffix(name, "declined") || strings.HasSuffix(name, "no_show")
			if queued == never {
				t.Errorf("%s: outcome request queued = %v", name, queued)
			}
		}
	})
}

func TestBuildOutcomeRequestLocales(t *testing.T) {
	composer, err := mail.NewOutcomeComposer()
	testdb.Must(t, err)
	start := time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC)
	d := mail.OutcomeRequestData{
		Notice: mail.Notice{MessageID: "x@treffpunkt.example", Now: start, Zone: time.UTC, Organizer: testFrom,
			Recipient: mail.Address{Name: "Clara", Email: "clara@sonnenhof.example"}},
		EventTitle: "Speed-Dating", ValidityDays: 60,
		Items: []mail.OutcomeRequestItem{{Start: start, End: start.Add(20 * time.Minute), Applicant: "Olena K.",
			Vacancy: "Pflegehelfer/in", URL: "https://treffpunkt.example/o/abc"}},
	}
	tests := []struct {
		locale, want string
	}{
		{"de", "Ausbildung"}, {"en", "Apprenticeship"}, {"uk", "Професійне навчання"}, {"ar", "تدريب مهني"},
	}
	for _, tt := range tests {
		msg, err := composer.BuildOutcomeRequest(d, tt.locale)
		if err != nil {
			t.Fatalf("%s: %v", tt.locale, err)
		}
		if !strings.Contains(msg.HTML, tt.want) || strings.Contains(msg.Text+msg.HTML, "outcome.") {
			t.Errorf("%s: mail lacks %q or shows a raw key:\n%s", tt.locale, tt.want, msg.HTML)
		}
	}
	bad := d
	bad.Items = nil
	if _, err := composer.BuildOutcomeRequest(bad, "de"); err == nil {
		t.Error("a request without interviews was built")
	}
}
