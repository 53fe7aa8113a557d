package invite

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// fixture is a job centre with a venue event, two employers (A and B) and
// one applicant shortlisted for both, with one planned interview at A.
type fixture struct {
	svc       *Service
	store     *models.Store
	clock     *time.Time
	jc        models.JobCentre
	event     models.Event
	employerA models.Employer
	employerB models.Employer
	applicant models.Applicant
	candA     models.Candidate
	candB     models.Candidate
	interview models.Interview
}

func newService(t testing.TB, now func() time.Time) *Service {
	t.Helper()
	inv, err := mail.NewComposer()
	testdb.Must(t, err)
	rem, err := mail.NewReminderComposer()
	testdb.Must(t, err)
	svc, err := New(Config{BaseURL: "https://treffpunkt.example/", From: "Treffpunkt <termine@treffpunkt.example>",
		LinkKey: []byte(strings.Repeat("k", 32))}, inv, rem, now)
	testdb.Must(t, err)
	return svc
}

func newFixture(t testing.TB, db *gorm.DB, applicant models.Applicant) *fixture {
	t.Helper()
	ctx := context.Background()
	now := testdb.Clock()
	f := &fixture{clock: &now}
	clk := func() time.Time { return *f.clock }
	f.store = models.NewStore(db, clk)
	f.svc = newService(t, clk)
	f.jc = models.JobCentre{Name: "Jobcenter Kassel", Slug: "kassel", ContactEmail: "ag-s@kassel.example", ContactPhone: "0561 123"}
	testdb.Must(t, f.store.CreateJobCentre(ctx, &f.jc))
	venue, street, pc, town := "Stadthalle", "Holländische Str. 1", "34117", "Kassel"
	day := time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC) // Monday after the switch to summer time
	f.event = models.Event{JobCentreID: f.jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege",
		Description: "Bitte Lebenslauf mitbringen.\r\nDer Eingang ist im Hof: \"Tor 2\".", Status: models.EventClosed, VenueName: &venue, VenueStreet: &street,
		VenuePostcode: &pc, VenueTown: &town, SlotMinutes: 20, PublicToken: "public-token-of-kassel",
		Days:   []models.EventDay{{Date: time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC), StartsAt: day, EndsAt: day.Add(4 * time.Hour)}},
		Tables: []models.EventTable{{Label: "Tisch 1"}, {Label: "Tisch 2"}}}
	testdb.Must(t, f.store.CreateEvent(ctx, &f.event))
	mk := func(name, contact, email string, locale models.Locale) models.Employer {
		e := models.Employer{JobCentreID: f.jc.ID, Name: name,
			Contacts:  []models.ContactPerson{{Name: contact, Email: email, Locale: locale}},
			Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursFull, CandidatesWanted: 4}}}
		testdb.Must(t, f.store.CreateEmployer(ctx, &e))
		// Written directly: the registration rules are not under test here,
		// only that the registration's contact receives the mails.
		reg := models.EventRegistration{EventID: f.event.ID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1}
		testdb.Must(t, db.Omit(clause.Associations).Create(&reg).Error)
		return e
	}
	f.employerA = mk(`Pflegeheim "Sonnenhof" GmbH`, "Clara Kontakt", "clara@sonnenhof.example", models.LocaleDE)
	f.employerB = mk("Bäckerei Schröder", "Ben Bäcker", "ben@schroeder.example", models.LocaleEN)
	applicant.JobCentreID = f.jc.ID
	applicant.GermanLevel = models.GermanB1
	applicant.ConsentAt = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	applicant.MaxInterviewsPerDay = 2
	testdb.Must(t, f.store.CreateApplicant(ctx, &applicant))
	f.applicant = applicant
	testdb.Must(t, f.store.AddEventApplicants(ctx, f.jc.ID, f.event.ID,
		[]models.EventApplicant{{ApplicantID: applicant.ID, MaxInterviews: 2}}, nil))
	cs := []models.Candidate{{ApplicantID: applicant.ID, VacancyID: f.employerA.Vacancies[0].ID, Score: 4},
		{ApplicantID: applicant.ID, VacancyID: f.employerB.Vacancies[0].ID, Score: 3}}
	testdb.Must(t, f.store.SaveCandidates(ctx, f.jc.ID, f.event.ID, cs))
	f.candA, f.candB = cs[0], cs[1]
	f.interview = f.addInterview(t, f.candA.ID, day.Add(time.Hour), &f.event.Tables[0].ID)
	return f
}

func (f *fixture) addInterview(t testing.TB, candidateID int64, start time.Time, table *int64) models.Interview {
	t.Helper()
	code, err := NewCheckinCode()
	testdb.Must(t, err)
	ivs := []models.Interview{{CandidateID: candidateID, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
		TableID: table, ICalUID: f.svc.NewUID(), CheckinCode: code}}
	testdb.Must(t, f.store.CreateInterviews(context.Background(), f.jc.ID, f.event.ID, ivs))
	iv, err := f.store.GetInterview(context.Background(), f.jc.ID, ivs[0].ID)
	testdb.Must(t, err)
	return iv
}

func (f *fixture) tx(t testing.TB, fn func(tx *models.Store) error) {
	t.Helper()
	testdb.Must(t, f.store.Transaction(context.Background(), fn))
}

func (f *fixture) reload(t *testing.T, id int64) models.Interview {
	t.Helper()
	iv, err := f.store.GetInterview(context.Background(), f.jc.ID, id)
	testdb.Must(t, err)
	return iv
}

// queued is one outbox row with its decoded message and calendar.
type queued struct {
	row models.OutboxMail
	msg *mail.Message
	cal *ical.Calendar // nil for mails without calendar
}

func (q queued) event(t *testing.T) *ical.Component {
	t.Helper()
	if q.cal == nil {
		t.Fatalf("mail %q has no calendar", q.row.Subject)
	}
	evs := q.cal.Events()
	if len(evs) != 1 {
		t.Fatalf("mail %q has %d events, want 1", q.row.Subject, len(evs))
	}
	return evs[0].Component
}

func (q queued) prop(t *testing.T, name string) string {
	t.Helper()
	p := q.event(t).Props.Get(name)
	if p == nil {
		return ""
	}
	return p.Value
}

// outboxMails returns the job centre's queued mails, oldest first, with
// every calendar parsed by go-ical.
func (f *fixture) outboxMails(t *testing.T) []queued {
	t.Helper()
	ctx := context.Background()
	rows, err := f.store.ListOutbox(ctx, f.jc.ID, "", 0)
	testdb.Must(t, err)
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var full []models.OutboxMail
	testdb.Must(t, f.store.DB().Where("id IN ?", ids).Order("id").Find(&full).Error)
	out := make([]queued, 0, len(full))
	for _, r := range full {
		msg, err := outbox.Decode(r)
		testdb.Must(t, err)
		q := queued{row: r, msg: msg}
		if len(msg.Calendar) > 0 {
			cal, err := ical.NewDecoder(bytes.NewReader(msg.Calendar)).Decode()
			if err != nil {
				t.Fatalf("go-ical cannot parse the calendar of %q: %v\n%s", r.Subject, err, msg.Calendar)
			}
			q.cal = cal
		}
		if _, err := msg.Bytes(); err != nil {
			t.Fatalf("mail %q does not render: %v", r.Subject, err)
		}
		out = append(out, q)
	}
	return out
}

func recipients(qs []queued) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.row.Recipient)
	}
	slices.Sort(out)
	return out
}
