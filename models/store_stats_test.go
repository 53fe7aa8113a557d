package models_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// statsWorld is a hand-built job centre whose every statistic is known:
//
//	Ev1 job fair 15.01.2026: E1 (Bäckerei, V1a V1b) and E2 (Pflege, V2a)
//	    registered, E3 (Logistik, V3a) only waiting. Six pairs, interviews:
//	    A1–V1a attended (hire full-time from 01.02., 17 days),
//	    A2–V1a no-show, A3–V1b attended (internship), A4–V2a confirmed
//	    (pending, corrected to no interest), A5–V2a cancelled,
//	    A6–V2a declined.
//	Ev2 speed-dating 10.+11.03.2026: E1 (V1a) and E3 (V3a) registered.
//	    Four pairs, interviews: A1–V1a attended (apprenticeship from
//	    01.09., 175 days), A7–V1a attended (part-time hire, no date),
//	    A8–V3a attended (part-time hire from 01.04., 22 days),
//	    A2–V3a no-show (no interest).
//	Ev3 job fair 05.05.2026: E2 (V2a) registered, nothing else yet.
//
// A second job centre has an event with interviews and outcomes that must
// never show up.
type statsWorld struct {
	fixture
	ev1, ev2, ev3 models.Event
}

func newStatsWorld(t *testing.T, db *gorm.DB) statsWorld {
	t.Helper()
	w := statsWorld{fixture: newFixture(t, db)}
	jc := w.a
	mkEmployer := func(jc models.JobCentre, name, sector string, vacancies ...string) models.Employer {
		e := models.Employer{JobCentreID: jc.ID, Name: name, Sector: sector,
			Contacts: []models.ContactPerson{{Name: "Kontakt " + name, Email: fmt.Sprintf("k%d@%s.example", len(name), jc.Slug)}}}
		for _, v := range vacancies {
			e.Vacancies = append(e.Vacancies, models.Vacancy{Title: v, Hours: models.HoursFull, CandidatesWanted: 4})
		}
		testdb.Must(t, w.store.CreateEmployer(w.ctx, &e))
		return e
	}
	e1 := mkEmployer(jc, "Bäckerei Weller", "Bäckerei", "V1a", "V1b")
	e2 := mkEmployer(jc, "Pflege Remstal", "Pflege", "V2a")
	e3 := mkEmployer(jc, "Spedition Kübler", "Logistik", "V3a")
	v1a, v1b, v2a, v3a := e1.Vacancies[0], e1.Vacancies[1], e2.Vacancies[0], e3.Vacancies[0]

	var as []models.Applicant
	for i := 1; i <= 8; i++ {
		as = append(as, w.applicant(t, jc, fmt.Sprintf("A%d", i), "Muster", models.GermanB1))
	}
	a := func(n int) models.Applicant { return as[n-1] }

	mkEvent := func(jc models.JobCentre, title string, kind models.EventKind, days ...time.Time) models.Event {
		ev := models.Event{JobCentreID: jc.ID, Kind: kind, Title: title, SlotMinutes: 20,
			PublicToken: fmt.Sprintf("tok-%s-%s-0123456789", jc.Slug, title)}
		for _, d := range days {
			ev.Days = append(ev.Days, models.EventDay{Date: d, StartsAt: d.Add(9 * time.Hour), EndsAt: d.Add(15 * time.Hour)})
		}
		testdb.Must(t, w.store.CreateEvent(w.ctx, &ev))
		return ev
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, berlin) }
	register := func(jc models.JobCentre, ev models.Event, e models.Employer, status models.RegistrationStatus, vs ...models.Vacancy) {
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID, Status: status}
		for _, v := range vs {
			reg.Vacancies = append(reg.Vacancies, models.RegistrationVacancy{VacancyID: v.ID})
		}
		testdb.Must(t, w.store.RegisterEmployer(w.ctx, jc.ID, &reg))
	}
	type pair struct {
		a      models.Applicant
		v      models.Vacancy
		status models.InterviewStatus
		kinds  []models.OutcomeKind // recorded in turn; the last is current
		start  *time.Time
	}
	seq := 0
	interviews := func(jc models.JobCentre, ev models.Event, ps ...pair) {
		var cs []models.Candidate
		for _, p := range ps {
			cs = append(cs, models.Candidate{ApplicantID: p.a.ID, VacancyID: p.v.ID, Score: 3})
		}
		testdb.Must(t, w.store.SaveCandidates(w.ctx, jc.ID, ev.ID, cs))
		var ivs []models.Interview
		for i, p := range ps {
			seq++
			st := ev.Days[0].StartsAt.Add(time.Duration(i) * 30 * time.Minute)
			ivs = append(ivs, models.Interview{CandidateID: cs[i].ID, StartsAt: st, EndsAt: st.Add(20 * time.Minute),
				Status: p.status, ICalUID: fmt.Sprintf("stats-%d@test", seq), CheckinCode: fmt.Sprintf("CODE%04d", seq)})
		}
		testdb.Must(t, w.store.CreateInterviews(w.ctx, jc.ID, ev.ID, ivs))
		for i, p := range ps {
			for _, k := range p.kinds {
				_, err := w.store.RecordOutcome(w.ctx, jc.ID, ivs[i].ID, k, p.start, models.ActorStaff, nil)
				testdb.Must(t, err)
			}
		}
	}
	date := func(m time.Month, d int) *time.Time { t := time.Date(2026, m, d, 0, 0, 0, 0, time.UTC); return &t }

	w.ev1 = mkEvent(jc, "Ev1", models.EventKindJobFair, day(time.January, 15))
	register(jc, w.ev1, e1, models.RegistrationRegistered, v1a, v1b)
	register(jc, w.ev1, e2, models.RegistrationRegistered, v2a)
	register(jc, w.ev1, e3, models.RegistrationWaiting, v3a)
	interviews(jc, w.ev1,
		pair{a(1), v1a, models.InterviewAttended, []models.OutcomeKind{models.OutcomeHireFullTime}, date(time.February, 1)},
		pair{a(2), v1a, models.InterviewNoShow, nil, nil},
		pair{a(3), v1b, models.InterviewAttended, []models.OutcomeKind{models.OutcomeInternship}, nil},
		pair{a(4), v2a, models.InterviewConfirmed, []models.OutcomeKind{models.OutcomePending, models.OutcomeNoInterest}, nil},
		pair{a(5), v2a, models.InterviewCancelled, nil, nil},
		pair{a(6), v2a, models.InterviewDeclined, nil, nil},
	)
	w.ev2 = mkEvent(jc, "Ev2", models.EventKindSpeedDating, day(time.March, 10), day(time.March, 11))
	register(jc, w.ev2, e1, models.RegistrationRegistered, v1a)
	register(jc, w.ev2, e3, models.RegistrationRegistered, v3a)
	interviews(jc, w.ev2,
		pair{a(1), v1a, models.InterviewAttended, []models.OutcomeKind{models.OutcomeApprenticeship}, date(time.September, 1)},
		pair{a(7), v1a, models.InterviewAttended, []models.OutcomeKind{models.OutcomeHirePartTime}, nil},
		pair{a(8), v3a, models.InterviewAttended, []models.OutcomeKind{models.OutcomeHirePartTime}, date(time.April, 1)},
		pair{a(2), v3a, models.InterviewNoShow, []models.OutcomeKind{models.OutcomeNoInterest}, nil},
	)
	w.ev3 = mkEvent(jc, "Ev3", models.EventKindJobFair, day(time.May, 5))
	register(jc, w.ev3, e2, models.RegistrationRegistered, v2a)

	// The other job centre: same sector names, an event in the same month.
	eb := mkEmployer(w.b, "Bäckerei Ostalb", "Bäckerei", "VB")
	ab := w.applicant(t, w.b, "B1", "Anders", models.GermanB2)
	evb := mkEvent(w.b, "EvB", models.EventKindJobFair, day(time.January, 20))
	register(w.b, evb, eb, models.RegistrationRegistered, eb.Vacancies[0])
	interviews(w.b, evb, pair{ab, eb.Vacancies[0], models.InterviewAttended, []models.OutcomeKind{models.OutcomeHireFullTime}, date(time.February, 2)})
	return w
}

func TestStatistics(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		w := newStatsWorld(t, db)
		oc := func(pairs ...any) map[models.OutcomeKind]int {
			m := map[models.OutcomeKind]int{}
			for i := 0; i < len(pairs); i += 2 {
				m[pairs[i].(models.OutcomeKind)] = pairs[i+1].(int)
			}
			return m
		}
		d := func(m time.Month, day int) *time.Time { t := time.Date(2026, m, day, 0, 0, 0, 0, time.UTC); return &t }
		all := models.StatsFigures{Events: 3, EventsHeld: 2, Employers: 3, Vacancies: 4, Shortlisted: 10,
			Planned: 9, Confirmed: 8, Attended: 5, NoShows: 2, Hires: 4, HireDays: []int{17, 22, 175},
			Outcomes: oc(models.OutcomeHireFullTime, 1, models.OutcomeInternship, 1, models.OutcomeNoInterest, 2,
				models.OutcomeApprenticeship, 1, models.OutcomeHirePartTime, 2)}
		ev1 := models.StatsFigures{Events: 1, EventsHeld: 1, Employers: 2, Vacancies: 3, Shortlisted: 6,
			Planned: 5, Confirmed: 4, Attended: 2, NoShows: 1, Hires: 1, HireDays: []int{17},
			Outcomes: oc(models.OutcomeHireFullTime, 1, models.OutcomeInternship, 1, models.OutcomeNoInterest, 1)}
		ev2 := models.StatsFigures{Events: 1, EventsHeld: 1, Employers: 2, Vacancies: 2, Shortlisted: 4,
			Planned: 4, Confirmed: 4, Attended: 3, NoShows: 1, Hires: 3, HireDays: []int{22, 175},
			Outcomes: oc(models.OutcomeApprenticeship, 1, models.OutcomeHirePartTime, 2, models.OutcomeNoInterest, 1)}
		ev3 := models.StatsFigures{Events: 1, Employers: 1, Vacancies: 1, Outcomes: oc()}
		tests := []struct {
			name   string
			filter models.StatsFilter
			want   models.StatsFigures
		}{
			{"everything", models.StatsFilter{}, all},
			{"event 1", models.StatsFilter{EventID: w.ev1.ID}, ev1},
			{"event 3", models.StatsFilter{EventID: w.ev3.ID}, ev3},
			{"speed-datings", models.StatsFilter{Kind: models.EventKindSpeedDating}, ev2},
			{"group sessions", models.StatsFilter{Kind: models.EventKindGroupSession}, models.StatsFigures{Outcomes: oc()}},
			{"period up to the day before Ev2", models.StatsFilter{To: d(time.March, 9)}, ev1},
			{"period with both borders on event days", models.StatsFilter{From: d(time.March, 10), To: d(time.May, 5)},
				models.StatsFigures{Events: 2, EventsHeld: 1, Employers: 3, Vacancies: 3, Shortlisted: 4, Planned: 4,
					Confirmed: 4, Attended: 3, NoShows: 1, Hires: 3, HireDays: []int{22, 175}, Outcomes: ev2.Outcomes}},
			{"second day of Ev2 is not its date", models.StatsFilter{From: d(time.March, 11), To: d(time.March, 31)},
				models.StatsFigures{Outcomes: oc()}},
			{"sector Bäckerei", models.StatsFilter{Sector: "Bäckerei"},
				models.StatsFigures{Events: 2, EventsHeld: 2, Employers: 1, Vacancies: 2, Shortlisted: 5, Planned: 5,
					Confirmed: 5, Attended: 4, NoShows: 1, Hires: 3, HireDays: []int{17, 175},
					Outcomes: oc(models.OutcomeHireFullTime, 1, models.OutcomeInternship, 1,
						models.OutcomeApprenticeship, 1, models.OutcomeHirePartTime, 1)}},
			{"sector and kind", models.StatsFilter{Sector: "Logistik", Kind: models.EventKindSpeedDating},
				models.StatsFigures{Events: 1, EventsHeld: 1, Employers: 1, Vacancies: 1, Shortlisted: 2, Planned: 2,
					Confirmed: 2, Attended: 1, NoShows: 1, Hires: 1, HireDays: []int{22},
					Outcomes: oc(models.OutcomeHirePartTime, 1, models.OutcomeNoInterest, 1)}},
			{"unknown sector", models.StatsFilter{Sector: "Bergbau"}, models.StatsFigures{Outcomes: oc()}},
		}
		for _, tc := range tests {
			got, err := w.store.Statistics(w.ctx, w.a.ID, tc.filter)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got.Total.HireDays == nil {
				got.Total.HireDays = []int{}
			}
			if tc.want.HireDays == nil {
				tc.want.HireDays = []int{}
			}
			if !reflect.DeepEqual(got.Total, tc.want) {
				t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got.Total, tc.want)
			}
		}

		// Derived figures of everything.
		got, err := w.store.Statistics(w.ctx, w.a.ID, models.StatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := got.Total.NoShowRate(); !ok || r != 2.0/7 {
			t.Errorf("NoShowRate = %v %v, want 2/7", r, ok)
		}
		if r, ok := got.Total.HiresPerEvent(); !ok || r != 2 {
			t.Errorf("HiresPerEvent = %v %v, want 2 (4 hires, 2 events held)", r, ok)
		}
		if m, ok := got.Total.MedianDaysToHire(); !ok || m != 22 {
			t.Errorf("MedianDaysToHire = %v %v, want 22", m, ok)
		}
		if m, ok := got.Total.MeanDaysToHire(); !ok || m != 214.0/3 {
			t.Errorf("MeanDaysToHire = %v %v, want 214/3", m, ok)
		}
		// Months January to May, February and April empty.
		wantMonths := []struct {
			month                   time.Month
			events, attended, hires int
		}{{time.January, 1, 2, 1}, {time.February, 0, 0, 0}, {time.March, 1, 3, 3}, {time.April, 0, 0, 0}, {time.May, 1, 0, 0}}
		if len(got.Months) != len(wantMonths) {
			t.Fatalf("months = %+v, want %d", got.Months, len(wantMonths))
		}
		for i, wm := range wantMonths {
			m := got.Months[i]
			if !m.Month.Equal(time.Date(2026, wm.month, 1, 0, 0, 0, 0, time.UTC)) || m.Events != wm.events ||
				m.Attended != wm.attended || m.Hires != wm.hires {
				t.Errorf("month %d = %v events %d attended %d hires %d, want %v %d %d %d", i, m.Month, m.Events,
					m.Attended, m.Hires, wm.month, wm.events, wm.attended, wm.hires)
			}
		}

		// The other job centre sees only its own event, never ours.
		other, err := w.store.Statistics(w.ctx, w.b.ID, models.StatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if other.Total.Events != 1 || other.Total.Hires != 1 || other.Total.Employers != 1 || other.Total.HireDays[0] != 13 {
			t.Errorf("other job centre = %+v", other.Total)
		}
		foreign, err := w.store.Statistics(w.ctx, w.b.ID, models.StatsFilter{EventID: w.ev1.ID})
		if err != nil {
			t.Fatal(err)
		}
		if foreign.Total.Events != 0 || foreign.Total.Planned != 0 || foreign.Total.Employers != 0 {
			t.Errorf("another job centre's event counted: %+v", foreign.Total)
		}

		sectors, err := w.store.EmployerSectors(w.ctx, w.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Bäckerei", "Logistik", "Pflege"}; !reflect.DeepEqual(sectors, want) {
			t.Errorf("sectors = %v, want %v", sectors, want)
		}
	})
}

func TestStatsFiguresWithoutData(t *testing.T) {
	var f models.StatsFigures
	if _, ok := f.NoShowRate(); ok {
		t.Error("NoShowRate without anybody expected reports ok")
	}
	if _, ok := f.HiresPerEvent(); ok {
		t.Error("HiresPerEvent without events held reports ok")
	}
	if _, ok := f.MedianDaysToHire(); ok {
		t.Error("MedianDaysToHire without hires reports ok")
	}
	f.HireDays = []int{3, 10, 20, 40}
	if m, _ := f.MedianDaysToHire(); m != 15 {
		t.Errorf("median of an even count = %v, want 15", m)
	}
}

// TestStatisticsEqualPlainSQL recounts every figure of the demo data with
// plain SQL written separately from the store's queries (joins instead of
// subqueries, the dialect's own date arithmetic for days to hire).
func TestStatisticsEqualPlainSQL(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		store := models.NewStore(db, testdb.Clock)
		res, err := demo.Seed(ctx, store, demo.Options{Now: testdb.Clock(), HashPassword: func(p string) (string, error) { return "x" + p, nil }})
		testdb.Must(t, err)
		jc := res.JobCentreID
		var pastIDs []int64
		testdb.Must(t, db.Raw("SELECT id FROM events WHERE job_centre_id = ? AND status = 'done' ORDER BY id", jc).Scan(&pastIDs).Error)
		if len(pastIDs) < 3 {
			t.Fatalf("demo has %d finished events, want at least 3", len(pastIDs))
		}
		from := time.Date(2025, time.October, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(2025, time.December, 31, 0, 0, 0, 0, time.UTC)
		filters := []models.StatsFilter{
			{}, {Kind: models.EventKindJobFair}, {Kind: models.EventKindSpeedDating}, {Sector: "Logistik"},
			{Sector: "Einzelhandel", Kind: models.EventKindJobFair}, {From: &from, To: &to}, {From: &from},
			{EventID: pastIDs[0]}, {EventID: pastIDs[1]}, {EventID: pastIDs[2]},
		}
		for _, f := range filters {
			name := fmt.Sprintf("%+v", f)
			got, err := store.Statistics(ctx, jc, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			// The selected events, as plain SQL.
			evWhere := "e.job_centre_id = ?"
			evArgs := []any{jc}
			if f.EventID != 0 {
				evWhere += " AND e.id = ?"
				evArgs = append(evArgs, f.EventID)
			}
			if f.Kind != "" {
				evWhere += " AND e.kind = ?"
				evArgs = append(evArgs, string(f.Kind))
			}
			if f.From != nil {
				evWhere += " AND e.id IN (SELECT event_id FROM event_days GROUP BY event_id HAVING MIN(date) >= ?)"
				evArgs = append(evArgs, *f.From)
			}
			if f.To != nil {
				evWhere += " AND e.id IN (SELECT event_id FROM event_days GROUP BY event_id HAVING MIN(date) <= ?)"
				evArgs = append(evArgs, *f.To)
			}
			sectorWhere, sectorArgs := "", []any{}
			if f.Sector != "" {
				evWhere += " AND e.id IN (SELECT r2.event_id FROM event_registrations r2 JOIN employers m2 ON m2.id = r2.employer_id WHERE r2.status = 'registered' AND m2.sector = ?)"
				evArgs = append(evArgs, f.Sector)
				sectorWhere, sectorArgs = " AND m.sector = ?", []any{f.Sector}
			}
			args := func(extra ...any) []any { return append(append(append([]any{}, evArgs...), sectorArgs...), extra...) }
			count := func(what, query string, a []any) int {
				var n int
				testdb.Must(t, db.Raw(query, a...).Scan(&n).Error)
				return n
			}
			ivCount := func(cond string) int {
				return count(cond, "SELECT COUNT(*) FROM interviews i JOIN events e ON e.id = i.event_id JOIN employers m ON m.id = i.employer_id WHERE "+
					evWhere+sectorWhere+" AND "+cond, args())
			}
			outCount := func(kinds ...string) int {
				return count("outcomes", "SELECT COUNT(*) FROM outcomes o JOIN interviews i ON i.id = o.interview_id JOIN events e ON e.id = i.event_id JOIN employers m ON m.id = i.employer_id WHERE "+
					evWhere+sectorWhere+" AND o.kind IN ?", args(kinds))
			}
			want := map[string]int{
				"events": count("events", "SELECT COUNT(*) FROM events e WHERE "+evWhere, evArgs),
				"events held": count("held", "SELECT COUNT(DISTINCT e.id) FROM events e JOIN interviews i ON i.event_id = e.id JOIN employers m ON m.id = i.employer_id WHERE "+
					evWhere+sectorWhere+" AND i.status IN ('attended', 'no_show')", args()),
				"employers": count("employers", "SELECT COUNT(DISTINCT r.employer_id) FROM event_registrations r JOIN events e ON e.id = r.event_id JOIN employers m ON m.id = r.employer_id WHERE "+
					evWhere+sectorWhere+" AND r.status = 'registered'", args()),
				"vacancies": count("vacancies", "SELECT COUNT(DISTINCT rv.vacancy_id) FROM registration_vacancies rv JOIN event_registrations r ON r.id = rv.registration_id JOIN events e ON e.id = r.event_id JOIN employers m ON m.id = r.employer_id WHERE "+
					evWhere+sectorWhere+" AND r.status = 'registered'", args()),
				"shortlisted": count("shortlisted", "SELECT COUNT(*) FROM candidates c JOIN events e ON e.id = c.event_id JOIN vacancies v ON v.id = c.vacancy_id JOIN employers m ON m.id = v.employer_id WHERE "+
					evWhere+sectorWhere, args()),
				"planned":   ivCount("i.status <> 'cancelled'"),
				"confirmed": ivCount("i.status IN ('confirmed', 'attended', 'no_show')"),
				"attended":  ivCount("i.status = 'attended'"),
				"no-shows":  ivCount("i.status = 'no_show'"),
				"hires":     outCount("apprenticeship", "hire_full_time", "hire_part_time"),
			}
			for _, k := range models.OutcomeKinds() {
				want["outcome "+string(k)] = outCount(string(k))
			}
			daysExpr := "o.start_date - (SELECT MIN(d.date) FROM event_days d WHERE d.event_id = e.id)"
			if models.Dialect(db) == models.DialectSQLite {
				daysExpr = "CAST(julianday(o.start_date) - julianday((SELECT MIN(d.date) FROM event_days d WHERE d.event_id = e.id)) AS integer)"
			}
			var days struct{ N, Sum int }
			testdb.Must(t, db.Raw("SELECT COUNT(*) AS n, COALESCE(SUM("+daysExpr+"), 0) AS sum FROM outcomes o JOIN interviews i ON i.id = o.interview_id JOIN events e ON e.id = i.event_id JOIN employers m ON m.id = i.employer_id WHERE "+
				evWhere+sectorWhere+" AND o.kind IN ('apprenticeship', 'hire_full_time', 'hire_part_time') AND o.start_date IS NOT NULL", args()...).Scan(&days).Error)

			g := got.Total
			have := map[string]int{"events": g.Events, "events held": g.EventsHeld, "employers": g.Employers,
				"vacancies": g.Vacancies, "shortlisted": g.Shortlisted, "planned": g.Planned, "confirmed": g.Confirmed,
				"attended": g.Attended, "no-shows": g.NoShows, "hires": g.Hires}
			for _, k := range models.OutcomeKinds() {
				have["outcome "+string(k)] = g.Outcomes[k]
			}
			for k, w := range want {
				if have[k] != w {
					t.Errorf("%s: %s = %d, plain SQL says %d", name, k, have[k], w)
				}
			}
			sum := 0
			for _, d := range g.HireDays {
				sum += d
			}
			if len(g.HireDays) != days.N || sum != days.Sum {
				t.Errorf("%s: days to hire %v (n %d, sum %d), plain SQL says n %d sum %d", name, g.HireDays, len(g.HireDays), sum, days.N, days.Sum)
			}
			// The months add up to the total for events with a date.
			var mEvents, mAttended, mHires int
			for _, m := range got.Months {
				mEvents, mAttended, mHires = mEvents+m.Events, mAttended+m.Attended, mHires+m.Hires
			}
			if mEvents != g.Events || mAttended != g.Attended || mHires != g.Hires {
				t.Errorf("%s: months add up to %d events %d attended %d hires, total %d %d %d", name, mEvents, mAttended, mHires, g.Events, g.Attended, g.Hires)
			}
		}
		// The demo must make the page meaningful.
		all, err := store.Statistics(ctx, jc, models.StatsFilter{})
		testdb.Must(t, err)
		if g := all.Total; g.Attended == 0 || g.NoShows == 0 || g.Hires == 0 || len(g.HireDays) == 0 || len(all.Months) < 3 {
			t.Errorf("demo statistics too thin: %+v, %d months", g, len(all.Months))
		}
	})
}
