// Package demo loads a realistic, deterministic data set for demonstrations
// and manual testing: one job centre in the Rems-Murr-Kreis with staff,
// employers, applicants, a job fair and an on-site speed-dating, and three
// finished events with attendance and outcomes for the statistics.
package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"strings"
	"time"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
)

// Password is the password of both demo staff users; the caller prints it.
const Password = "treffpunkt-demo"

// Slug identifies the demo job centre; Seed does nothing if it exists.
const Slug = "rems-murr"

// Options configure Seed.
type Options struct {
	// Now anchors the events: the job fair is three weeks, the
	// speed-dating four weeks after it.
	Now time.Time
	// HashPassword hashes Password for the staff users; the web layer
	// owns the algorithm.
	HashPassword func(string) (string, error)
	// Invites publishes the third demo event (published.go) so the
	// outbox holds its mails; nil leaves that event out.
	Invites *invite.Service
}

// Login is a demo staff account with its password, for the welcome text.
type Login struct {
	Email    string
	Name     string
	Role     models.Role
	Password string
}

// Result says what Seed created. Created is false when the demo job centre
// was already there; then the counts are zero and nothing changed.
type Result struct {
	Created         bool
	JobCentreID     int64
	Logins          []Login
	Password        string
	Employers       int
	Sites           int
	Vacancies       int
	Applicants      int
	Events          int
	Registrations   int
	EventApplicants int
	Windows         int // employer and applicant time windows
	Candidates      int
	JobFairID       int64
	SpeedDatingID   int64
	PublishedID     int64 // the published speed-dating (published.go)
	Interviews      int
}

// Summary describes the result in one line for the start-up message.
func (r Result) Summary() string {
	if !r.Created {
		return "already present, nothing changed"
	}
	return fmt.Sprintf("%d employers (%d vacancies), %d applicants, %d events, %d registrations, %d shortlisted pairs",
		r.Employers, r.Vacancies, r.Applicants, r.Events, r.Registrations, r.Candidates)
}

// Seed loads the demo data in one transaction. It is idempotent: when the
// demo job centre exists it changes nothing and returns Created false.
func Seed(ctx context.Context, store *models.Store, opts Options) (Result, error) {
	res := Result{Password: Password, Logins: staffLogins()}
	if opts.HashPassword == nil {
		return res, errors.New("demo: no password hash function given")
	}
	if opts.Now.IsZero() {
		return res, errors.New("demo: no clock given")
	}
	hash, err := opts.HashPassword(Password)
	if err != nil {
		return res, fmt.Errorf("demo: hash password: %w", err)
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return res, fmt.Errorf("demo: load time zone: %w", err)
	}
	err = store.Transaction(ctx, func(tx *models.Store) error {
		jc, err := tx.FindJobCentreBySlug(ctx, Slug)
		switch {
		case err == nil:
			res.JobCentreID = jc.ID
			return nil
		case !errors.Is(err, models.ErrNotFound):
			return err
		}
		s := seeder{ctx: ctx, tx: tx, now: opts.Now.UTC(), loc: loc, hash: hash, res: &res,
			rng: mrand.New(mrand.NewPCG(20260325, 71332)), invites: opts.Invites}
		return s.run()
	})
	if err != nil {
		return Result{Password: Password, Logins: staffLogins()}, fmt.Errorf("demo: seed: %w", err)
	}
	return res, nil
}

func staffLogins() []Login {
	return []Login{
		{Email: "sabine.keller@jobcenter-rems-murr.example", Name: "Sabine Keller", Role: models.RoleAdmin, Password: Password},
		{Email: "murat.yilmaz@jobcenter-rems-murr.example", Name: "Murat Yılmaz", Role: models.RoleStaff, Password: Password},
	}
}

type seeder struct {
	ctx  context.Context
	tx   *models.Store
	now  time.Time
	loc  *time.Location
	hash string
	rng  *mrand.Rand
	res  *Result

	invites *invite.Service

	jc         models.JobCentre
	staffID    int64
	employers  []models.Employer
	applicants []models.Applicant
	past       []pastPlan // finished events waiting for their interviews (past.go)
}

func (s *seeder) run() error {
	s.jc = models.JobCentre{Name: "Jobcenter Rems-Murr", Slug: Slug,
		ContactEmail: "arbeitgeber-service@jobcenter-rems-murr.example", ContactPhone: "07151 9519-0",
		Street: "Alter Postplatz 10", Postcode: "71332", Town: "Waiblingen",
		Timezone: "Europe/Berlin", RetentionDays: 90, EmployerMaySee: models.EmployerSeesInitials}
	if err := s.tx.CreateJobCentre(s.ctx, &s.jc); err != nil {
		return err
	}
	s.res.Created, s.res.JobCentreID = true, s.jc.ID
	for _, l := range staffLogins() {
		u := models.StaffUser{JobCentreID: s.jc.ID, Email: l.Email, Name: l.Name, PasswordHash: s.hash,
			Role: l.Role, Locale: models.LocaleDE, Active: true}
		if err := s.tx.CreateStaffUser(s.ctx, &u); err != nil {
			return err
		}
		s.staffID = u.ID // the shortlist is the staff member's work
	}
	if err := s.seedEmployers(); err != nil {
		return err
	}
	if err := s.seedApplicants(); err != nil {
		return err
	}
	if err := s.seedPast(); err != nil {
		return err
	}
	if err := s.seedJobFair(); err != nil {
		return err
	}
	if err := s.seedSpeedDating(); err != nil {
		return err
	}
	if err := s.seedPublished(); err != nil {
		return err
	}
	return s.seedPastInterviews()
}

func townByName(name string) town {
	for _, t := range towns() {
		if t.name == name {
			return t
		}
	}
	panic("demo: unknown town " + name) // a typo in data.go, caught by the tests
}

func (s *seeder) seedEmployers() error {
	for _, spec := range employers() {
		t := townByName(spec.town)
		e := models.Employer{JobCentreID: s.jc.ID, Name: spec.name, Sector: spec.sector, Website: spec.website,
			Sites: []models.Site{{Name: spec.siteName, Street: spec.street, Postcode: t.postcode, Town: t.name,
				Lat: ptr(t.lat + s.jitter()), Lon: ptr(t.lon + s.jitter()), StepFree: spec.stepFree}},
			Contacts: []models.ContactPerson{{Name: spec.contact, Email: spec.email, Phone: spec.phone, Locale: models.LocaleDE}},
		}
		for _, v := range spec.vacancies {
			vac := models.Vacancy{Title: v.title, Hours: models.HoursFull, DrivingLicence: v.licence, CandidatesWanted: v.wanted}
			if v.part {
				vac.Hours = models.HoursPart
			}
			if v.hours > 0 {
				vac.HoursPerWeek = ptr(v.hours)
			}
			if v.minLevel != "" {
				vac.MinGermanLevel = ptr(models.GermanLevel(v.minLevel))
			}
			e.Vacancies = append(e.Vacancies, vac)
		}
		if err := s.tx.CreateEmployer(s.ctx, &e); err != nil {
			return err
		}
		s.employers = append(s.employers, e)
		s.res.Employers++
		s.res.Sites += len(e.Sites)
		s.res.Vacancies += len(e.Vacancies)
	}
	return nil
}

// jitter spreads addresses within a town by up to about a kilometre.
func (s *seeder) jitter() float64 { return math.Round((s.rng.Float64()-0.5)*0.02*1e5) / 1e5 }

func (s *seeder) seedApplicants() error {
	levels := []models.GermanLevel{models.GermanA2, models.GermanB1, models.GermanB1, models.GermanB2, models.GermanA2, models.GermanC1, models.GermanB1}
	ts := towns()
	for i, p := range applicants() {
		t := ts[(i*7)%len(ts)]
		a := models.Applicant{JobCentreID: s.jc.ID, FirstName: p.first, LastName: p.last,
			Email:             ascii(p.first) + "." + ascii(p.last) + "@mail.example",
			Phone:             fmt.Sprintf("0176 %04d %04d", 1000+s.rng.IntN(9000), s.rng.IntN(10000)),
			PreferredLanguage: models.Language(p.lang), GermanLevel: levels[(i*3+i/7)%len(levels)],
			DrivingLicence: s.rng.IntN(5) < 2, NeedsStepFree: i%16 == 5,
			Postcode: t.postcode, Town: t.name, Lat: ptr(t.lat + s.jitter()), Lon: ptr(t.lon + s.jitter()),
			MaxInterviewsPerDay: 2 + s.rng.IntN(2),
			ConsentAt:           s.now.AddDate(0, 0, -(7 + s.rng.IntN(110))),
			SharesContact:       s.rng.IntN(2) == 0,
		}
		if i%4 == 0 {
			a.Notes = "Kinderbetreuung nur vormittags (Kita bis 13:30)."
		}
		if i%9 == 3 {
			a.Notes = "Integrationskurs vormittags, ab 13:30 verfügbar."
		}
		if err := s.tx.CreateApplicant(s.ctx, &a); err != nil {
			return err
		}
		s.applicants = append(s.applicants, a)
		s.res.Applicants++
	}
	return nil
}

// ascii folds a name into an e-mail local part.
func ascii(name string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue",
		"ş", "s", "Ş", "S", "ı", "i", "İ", "I", "ç", "c", "Ç", "C", "ğ", "g", "ć", "c", "-", "", " ", "")
	return strings.ToLower(r.Replace(name))
}

// day returns the calendar day n days after now in Berlin, moved forward to
// a weekday on which the following day is a weekday too and both share one
// UTC offset, so demo events never straddle a weekend or a clock change.
func (s *seeder) day(n int) time.Time {
	local := s.now.In(s.loc)
	d := time.Date(local.Year(), local.Month(), local.Day()+n, 0, 0, 0, 0, s.loc)
	for {
		next := d.AddDate(0, 0, 1)
		_, off1 := d.Add(12 * time.Hour).Zone()
		_, off2 := next.Add(12 * time.Hour).Zone()
		wd := d.Weekday()
		if wd >= time.Monday && wd <= time.Thursday && off1 == off2 {
			return d
		}
		d = next
	}
}

// at returns the instant of hh:mm Berlin time on day d.
func (s *seeder) at(d time.Time, hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, s.loc)
}

func randomToken() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("demo: random token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func (s *seeder) seedJobFair() error {
	d := s.day(21)
	token, err := randomToken()
	if err != nil {
		return err
	}
	ev := models.Event{JobCentreID: s.jc.ID, Kind: models.EventKindJobFair, Status: models.EventOpen,
		Title:       "Jobmesse Rems-Murr im Bürgerzentrum",
		Description: "Betriebe aus dem Rems-Murr-Kreis stellen sich vor. Kurze Kennenlerngespräche von 20 Minuten an festen Tischen.",
		VenueName:   ptr("Bürgerzentrum Waiblingen"), VenueStreet: ptr("An der Talaue 4"),
		VenuePostcode: ptr("71334"), VenueTown: ptr("Waiblingen"),
		VenueLat: ptr(48.8316), VenueLon: ptr(9.3131), VenueStepFree: ptr(true),
		SlotMinutes: 20, BufferMinutes: 5, PublicToken: token,
		RegistrationDeadline: ptr(s.at(d.AddDate(0, 0, -7), 23, 59)),
		Days:                 []models.EventDay{{Date: d, StartsAt: s.at(d, 10, 0), EndsAt: s.at(d, 15, 0)}},
	}
	for i := 1; i <= 10; i++ {
		ev.Tables = append(ev.Tables, models.EventTable{Label: fmt.Sprintf("Tisch %d", i)})
	}
	if err := s.tx.CreateEvent(s.ctx, &ev); err != nil {
		return err
	}
	s.res.Events++
	s.res.JobFairID = ev.ID

	// Eight employers at eight tables; two tables stay free for late bookings.
	var vacancies []models.Vacancy
	for i, e := range []int{0, 3, 7, 8, 9, 10, 11, 13} {
		emp := s.employers[e]
		end := s.at(d, 15, 0)
		if i%3 == 2 {
			end = s.at(d, 13, 0) // small firms often leave at lunchtime
		}
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1,
			Windows: []models.EmployerWindow{{StartsAt: s.at(d, 10, 0), EndsAt: end}}}
		for _, v := range emp.Vacancies {
			reg.Vacancies = append(reg.Vacancies, models.RegistrationVacancy{VacancyID: v.ID})
			vacancies = append(vacancies, v)
		}
		if err := s.tx.RegisterEmployer(s.ctx, s.jc.ID, &reg); err != nil {
			return err
		}
		b := models.TableBooking{EventID: ev.ID, TableID: ev.Tables[i].ID, RegistrationID: reg.ID,
			StartsAt: s.at(d, 10, 0), EndsAt: end}
		if err := s.tx.BookTable(s.ctx, s.jc.ID, &b); err != nil {
			return err
		}
		s.res.Registrations++
		s.res.Windows += len(reg.Windows)
	}
	return s.seedParticipants(ev, s.applicants[:36], vacancies, false)
}

func (s *seeder) seedSpeedDating() error {
	d1 := s.day(28)
	d2 := d1.AddDate(0, 0, 1)
	token, err := randomToken()
	if err != nil {
		return err
	}
	ev := models.Event{JobCentreID: s.jc.ID, Kind: models.EventKindSpeedDating, Status: models.EventClosed,
		Title:       "Speed-Dating vor Ort: Pflege, Handwerk und Logistik",
		Description: "Kennenlerngespräche von 30 Minuten direkt in den Betrieben. Wir planen die Wege zwischen den Standorten mit ein.",
		SlotMinutes: 30, BufferMinutes: 10, PublicToken: token,
		RegistrationDeadline: ptr(s.at(s.now.In(s.loc).AddDate(0, 0, -1), 23, 59)),
		Days: []models.EventDay{
			{Date: d1, StartsAt: s.at(d1, 8, 30), EndsAt: s.at(d1, 16, 30)},
			{Date: d2, StartsAt: s.at(d2, 8, 30), EndsAt: s.at(d2, 16, 30)},
		},
	}
	hosts := []int{1, 2, 4, 10, 12, 14}
	for _, h := range hosts {
		emp := s.employers[h]
		ev.Tables = append(ev.Tables, models.EventTable{Label: "Besprechungsraum " + emp.Name, SiteID: &emp.Sites[0].ID})
		if h == 2 {
			ev.Tables = append(ev.Tables, models.EventTable{Label: "Pausenraum " + emp.Name, SiteID: &emp.Sites[0].ID})
		}
	}
	if err := s.tx.CreateEvent(s.ctx, &ev); err != nil {
		return err
	}
	s.res.Events++
	s.res.SpeedDatingID = ev.ID

	var vacancies []models.Vacancy
	for i, h := range hosts {
		emp := s.employers[h]
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
			SiteID: &emp.Sites[0].ID, Status: models.RegistrationRegistered, ParallelInterviews: 1}
		if h == 2 {
			reg.ParallelInterviews = 2
		}
		if i%2 == 0 {
			reg.Windows = []models.EmployerWindow{{StartsAt: s.at(d1, 9, 0), EndsAt: s.at(d1, 12, 30)},
				{StartsAt: s.at(d2, 13, 0), EndsAt: s.at(d2, 16, 0)}}
		} else {
			reg.Windows = []models.EmployerWindow{{StartsAt: s.at(d1, 13, 0), EndsAt: s.at(d1, 16, 0)},
				{StartsAt: s.at(d2, 9, 0), EndsAt: s.at(d2, 12, 0)}}
		}
		for _, v := range emp.Vacancies {
			reg.Vacancies = append(reg.Vacancies, models.RegistrationVacancy{VacancyID: v.ID})
			vacancies = append(vacancies, v)
		}
		if err := s.tx.RegisterEmployer(s.ctx, s.jc.ID, &reg); err != nil {
			return err
		}
		s.res.Registrations++
		s.res.Windows += len(reg.Windows)
	}
	// A waiting-list registration shows that state on the board.
	late := s.employers[5]
	wait := models.EventRegistration{EventID: ev.ID, EmployerID: late.ID, ContactPersonID: late.Contacts[0].ID,
		SiteID: &late.Sites[0].ID, Status: models.RegistrationWaiting, ParallelInterviews: 1,
		Vacancies: []models.RegistrationVacancy{{VacancyID: late.Vacancies[0].ID}},
		Windows:   []models.EmployerWindow{{StartsAt: s.at(d1, 9, 0), EndsAt: s.at(d1, 12, 0)}}}
	if err := s.tx.RegisterEmployer(s.ctx, s.jc.ID, &wait); err != nil {
		return err
	}
	s.res.Registrations++
	s.res.Windows += len(wait.Windows)
	return s.seedParticipants(ev, s.applicants[20:48], vacancies, true)
}

// seedParticipants adds the applicants to the event with availability
// windows (childcare hours for many) and builds a shortlist against the
// vacancies. withOverride adds one pair below the language minimum.
func (s *seeder) seedParticipants(ev models.Event, as []models.Applicant, vacancies []models.Vacancy, withOverride bool) error {
	var eas []models.EventApplicant
	var windows []models.AvailabilityWindow
	for i, a := range as {
		eas = append(eas, models.EventApplicant{ApplicantID: a.ID, MaxInterviews: a.MaxInterviewsPerDay})
		for _, d := range ev.Days {
			day := d.StartsAt.In(s.loc)
			w := models.AvailabilityWindow{ApplicantID: a.ID, StartsAt: d.StartsAt, EndsAt: d.EndsAt}
			switch {
			case strings.Contains(a.Notes, "Kita"):
				w.StartsAt, w.EndsAt = s.at(day, 8, 30), s.at(day, 13, 30)
			case strings.Contains(a.Notes, "Integrationskurs"):
				w.StartsAt = s.at(day, 13, 30)
			case i%5 == 1:
				w.EndsAt = s.at(day, 14, 0) // picks the children up from school
			}
			if w.EndsAt.After(w.StartsAt) {
				windows = append(windows, w)
			}
		}
	}
	if err := s.tx.AddEventApplicants(s.ctx, s.jc.ID, ev.ID, eas, windows); err != nil {
		return err
	}
	s.res.EventApplicants += len(eas)
	s.res.Windows += len(windows)

	var cs []models.Candidate
	perApplicant := map[int64]int{}
	for vi, v := range vacancies {
		wanted := v.CandidatesWanted
		// Walk the applicants from a different start per vacancy so the
		// shortlist spreads over many people.
		for k := 0; k < len(as) && wanted > 0; k++ {
			a := as[(vi*5+k)%len(as)]
			if perApplicant[a.ID] >= 3 ||
				(v.MinGermanLevel != nil && !a.GermanLevel.AtLeast(*v.MinGermanLevel)) ||
				(v.DrivingLicence && !a.DrivingLicence) {
				continue
			}
			cs = append(cs, models.Candidate{ApplicantID: a.ID, VacancyID: v.ID, CreatedBy: &s.staffID, Score: score(a, v)})
			perApplicant[a.ID]++
			wanted--
		}
	}
	if withOverride {
		// One pair below the language minimum, as staff accept it now and
		// then for a convincing applicant; the reason is mandatory.
	search:
		for _, v := range vacancies {
			if v.MinGermanLevel == nil || *v.MinGermanLevel != models.GermanB1 || v.DrivingLicence {
				continue
			}
			for _, a := range as {
				if a.GermanLevel == models.GermanA2 {
					cs = append(cs, models.Candidate{ApplicantID: a.ID, VacancyID: v.ID, CreatedBy: &s.staffID,
						Score: 2, Override: true, OverrideReason: "B1-Prüfung im nächsten Monat, im Gespräch sehr sicher."})
					break search
				}
			}
		}
	}
	if err := s.tx.SaveCandidates(s.ctx, s.jc.ID, ev.ID, cs); err != nil {
		return err
	}
	s.res.Candidates += len(cs)
	return nil
}

// score rates a pair from 1 to 5: language reserve above the minimum and a
// short way to the site count, as staff would judge them.
func score(a models.Applicant, v models.Vacancy) int {
	sc := 3
	if v.MinGermanLevel != nil {
		levels := models.GermanLevels()
		var have, need int
		for i, l := range levels {
			if l == a.GermanLevel {
				have = i
			}
			if l == *v.MinGermanLevel {
				need = i
			}
		}
		switch {
		case have < need:
			sc--
		case have >= need+2:
			sc++
		}
	}
	if v.Hours == models.HoursPart && strings.Contains(a.Notes, "Kita") {
		sc++ // part-time fits childcare hours
	}
	return max(1, min(5, sc))
}

func ptr[T any](v T) *T { return &v }
