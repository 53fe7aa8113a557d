package planning_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
	"treffpunkt/models/testdb"
	"treffpunkt/scheduling"
)

// freedFixture is a venue event with two employers. Dana declined the
// Pflege interview at 09:50 (Berlin; slots start every 25 minutes from 09:00); the other shortlisted applicants
// each stand for one case of who may take her slot.
type freedFixture struct {
	store    *models.Store
	jc       int64
	event    models.Event
	declined models.Interview
	cands    map[string]models.Candidate // by first name, for the Pflege vacancies
}

func newFreedFixture(t *testing.T, db *gorm.DB) *freedFixture {
	t.Helper()
	ctx := context.Background()
	store := models.NewStore(db, testdb.Clock)
	jc := models.JobCentre{Name: "Jobcenter Freiberg", Slug: "freiberg", ContactEmail: "info@freiberg.example"}
	testdb.Must(t, store.CreateJobCentre(ctx, &jc))
	venue := "Stadthalle"
	day := time.Date(2026, 4, 14, 7, 0, 0, 0, time.UTC) // 09:00 in Berlin
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating", Status: models.EventClosed,
		VenueName: &venue, SlotMinutes: 20, BufferMinutes: 5, PublicToken: "freed-public-token",
		Days: []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(5 * time.Hour)}}}
	testdb.Must(t, store.CreateEvent(ctx, &ev))
	b1 := models.GermanB1
	pflege := models.Employer{JobCentreID: jc.ID, Name: "Pflegeheim Sonnenhof",
		Contacts:  []models.ContactPerson{{Name: "Clara", Email: "clara@sonnenhof.example"}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursPart, MinGermanLevel: &b1, CandidatesWanted: 4}, {Title: "Küchenhilfe", Hours: models.HoursPart, CandidatesWanted: 2}}}
	testdb.Must(t, store.CreateEmployer(ctx, &pflege))
	bau := models.Employer{JobCentreID: jc.ID, Name: "Baufirma Stein",
		Contacts:  []models.ContactPerson{{Name: "Bernd", Email: "bernd@stein.example"}},
		Vacancies: []models.Vacancy{{Title: "Helfer/in", Hours: models.HoursFull, CandidatesWanted: 4}}}
	testdb.Must(t, store.CreateEmployer(ctx, &bau))
	for _, e := range []models.Employer{pflege, bau} {
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1}
		testdb.Must(t, db.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&reg).Error)
		for _, v := range e.Vacancies {
			testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: v.ID}).Error)
		}
	}
	people := []struct {
		first        string
		level        models.GermanLevel
		availability string
	}{
		{"Dana", models.GermanB2, ""}, {"Anna", models.GermanB2, ""}, {"Boris", models.GermanB1, ""},
		{"Chen", models.GermanA2, ""}, {"Eva", models.GermanB2, "12:00-14:00"}, {"Farid", models.GermanB2, ""},
		{"Gül", models.GermanA1, ""}, {"Hans", models.GermanB2, ""}, {"Ivan", models.GermanB2, ""},
	}
	apps := map[string]models.Applicant{}
	for _, p := range people {
		a := models.Applicant{JobCentreID: jc.ID, FirstName: p.first, LastName: "Muster", Email: p.first + "@example.org",
			PreferredLanguage: models.LanguageDE, GermanLevel: p.level, Availability: p.availability, MaxInterviewsPerDay: 3,
			ConsentAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
		testdb.Must(t, store.CreateApplicant(ctx, &a))
		apps[p.first] = a
	}
	care, kitchen, helper := pflege.Vacancies[0].ID, pflege.Vacancies[1].ID, bau.Vacancies[0].ID
	shortlist := []struct {
		first   string
		vacancy int64
		score   int
	}{
		{"Dana", care, 5}, {"Anna", care, 5}, {"Boris", care, 4}, {"Chen", care, 5}, {"Eva", care, 5},
		{"Farid", care, 5}, {"Gül", kitchen, 3}, {"Hans", care, 5}, {"Ivan", care, 4},
		{"Farid", helper, 3}, {"Boris", helper, 3},
	}
	f := &freedFixture{store: store, jc: jc.ID, event: ev, cands: map[string]models.Candidate{}}
	var cs []models.Candidate
	for _, s := range shortlist {
		cs = append(cs, models.Candidate{ApplicantID: apps[s.first].ID, VacancyID: s.vacancy, Score: s.score})
	}
	testdb.Must(t, store.SaveCandidates(ctx, jc.ID, ev.ID, cs))
	for i, s := range shortlist {
		if s.vacancy != helper {
			f.cands[s.first] = cs[i]
		}
	}
	at := func(hour, minute int) time.Time { return time.Date(2026, 4, 14, hour, minute, 0, 0, time.UTC) }
	ivs := []models.Interview{
		{CandidateID: f.cands["Dana"].ID, StartsAt: at(7, 50), Status: models.InterviewInvited}, // declined below
		{CandidateID: f.cands["Hans"].ID, StartsAt: at(8, 40), Status: models.InterviewConfirmed},
		{CandidateID: cs[9].ID, StartsAt: at(7, 50), Status: models.InterviewPlanned},  // Farid at the building firm, same time
		{CandidateID: cs[10].ID, StartsAt: at(9, 30), Status: models.InterviewPlanned}, // Boris there later
	}
	for i := range ivs {
		ivs[i].EndsAt = ivs[i].StartsAt.Add(20 * time.Minute)
		ivs[i].ICalUID = fmt.Sprintf("freed-%d@treffpunkt.test", i)
		ivs[i].CheckinCode = fmt.Sprintf("FREED%04d", i)
	}
	testdb.Must(t, store.CreateInterviews(ctx, jc.ID, ev.ID, ivs))
	_, err := store.SetInterviewStatus(ctx, jc.ID, ivs[0].ID, ivs[0].Version, models.InterviewDeclined)
	testdb.Must(t, err)
	f.declined, err = store.GetInterview(ctx, jc.ID, ivs[0].ID)
	testdb.Must(t, err)
	return f
}

func (f *freedFixture) load(t *testing.T) planning.EventData {
	t.Helper()
	d, err := planning.Load(context.Background(), f.store, f.jc, f.event.ID)
	testdb.Must(t, err)
	return d
}

func TestReplacements(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFreedFixture(t, db)
		fr, err := planning.Replacements(f.load(t), matching.Params{}, f.declined.ID)
		testdb.Must(t, err)
		if !fr.StartsAt.Equal(f.declined.StartsAt) || !fr.EndsAt.Equal(f.declined.EndsAt) {
			t.Errorf("slot %v–%v, want that of the declined interview %v–%v", fr.StartsAt, fr.EndsAt, f.declined.StartsAt, f.declined.EndsAt)
		}
		// Best score first; of equal scores the one with fewer interviews.
		var got []string
		for _, p := range fr.Proposals {
			got = append(got, p.Candidate.Applicant.FirstName)
		}
		if fmt.Sprint(got) != "[Anna Ivan Boris]" {
			t.Errorf("proposals = %v, want [Anna Ivan Boris]", got)
		}
		want := map[string]scheduling.Reason{
			"Chen": scheduling.ReasonLanguageLevel, "Eva": scheduling.ReasonNoCommonTime,
			"Farid": planning.ReasonBusy, "Hans": planning.ReasonAlreadyMeets,
		}
		for _, r := range fr.Rejected {
			name := r.Candidate.Applicant.FirstName
			if want[name] != r.Reason {
				t.Errorf("%s rejected for %q, want %q", name, r.Reason, want[name])
			}
			delete(want, name)
		}
		for name := range want {
			t.Errorf("%s is not among the rejected", name)
		}
		for _, p := range fr.Proposals {
			if p.Candidate.Applicant.FirstName == "Dana" {
				t.Errorf("the applicant who declined is proposed again")
			}
		}

		// Without the two best, the other vacancy's shortlist comes after the same vacancy's.
		ctx := context.Background()
		testdb.Must(t, f.store.DeleteCandidate(ctx, f.jc, f.cands["Anna"].ID))
		testdb.Must(t, f.store.DeleteCandidate(ctx, f.jc, f.cands["Ivan"].ID))
		fr, err = planning.Replacements(f.load(t), matching.Params{}, f.declined.ID)
		testdb.Must(t, err)
		got = nil
		for _, p := range fr.Proposals {
			got = append(got, fmt.Sprintf("%s/%t", p.Candidate.Applicant.FirstName, p.SameVacancy))
		}
		if fmt.Sprint(got) != "[Boris/true Gül/false]" {
			t.Errorf("proposals = %v, want [Boris/true Gül/false]", got)
		}

		// Accepting Boris fills the slot: it is no longer listed, and asking
		// again says it is taken.
		slots, err := planning.FreedSlots(f.load(t), matching.Params{}, testdb.Clock())
		testdb.Must(t, err)
		if len(slots) != 1 || slots[0].Interview.ID != f.declined.ID {
			t.Fatalf("freed slots = %+v, want the declined interview", slots)
		}
		iv := fr.NewInterview(fr.Proposals[0])
		iv.ICalUID, iv.CheckinCode = "boris@treffpunkt.test", "FREEDBORIS"
		filled := []models.Interview{iv}
		testdb.Must(t, f.store.CreateInterviews(ctx, f.jc, f.event.ID, filled))
		iv = filled[0]
		if _, err := planning.Replacements(f.load(t), matching.Params{}, f.declined.ID); !errors.Is(err, planning.ErrSlotTaken) {
			t.Errorf("after filling: err = %v, want ErrSlotTaken", err)
		}
		slots, err = planning.FreedSlots(f.load(t), matching.Params{}, testdb.Clock())
		testdb.Must(t, err)
		if len(slots) != 0 {
			t.Errorf("after filling: %d freed slots", len(slots))
		}
		// The stored plan with the newcomer still keeps every rule.
		p, _, err := planning.BuildProblem(pinAll(f.load(t)), matching.Params{})
		testdb.Must(t, err)
		if vs := scheduling.Validate(p, &scheduling.Schedule{Meetings: p.FixedMeetings}); len(vs) > 0 {
			t.Errorf("plan with the newcomer breaks rules: %v", vs)
		}

		// A standing interview frees nothing; an unknown one is not found.
		if _, err := planning.Replacements(f.load(t), matching.Params{}, iv.ID); !errors.Is(err, planning.ErrNotFreed) {
			t.Errorf("standing interview: err = %v, want ErrNotFreed", err)
		}
		if _, err := planning.Replacements(f.load(t), matching.Params{}, iv.ID+1000); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("unknown interview: err = %v, want ErrNotFound", err)
		}

		// The database itself refuses a second filling of the same slot.
		again := fr.NewInterview(fr.Proposals[1])
		again.ICalUID, again.CheckinCode = "again@treffpunkt.test", "FREEDAGAIN"
		if err := f.store.CreateInterviews(ctx, f.jc, f.event.ID, []models.Interview{again}); !errors.Is(err, models.ErrDuplicate) {
			t.Errorf("second filling: err = %v, want ErrDuplicate", err)
		}
		// When the newcomer declines too, the slot is listed once more: as
		// the newcomer's.
		_, err = f.store.SetInterviewStatus(ctx, f.jc, iv.ID, iv.Version, models.InterviewDeclined)
		testdb.Must(t, err)
		slots, err = planning.FreedSlots(f.load(t), matching.Params{}, testdb.Clock())
		testdb.Must(t, err)
		if len(slots) != 1 || slots[0].Interview.ID != iv.ID {
			t.Fatalf("after the newcomer declined: slots = %+v, want the newcomer's", slots)
		}
		for _, p := range slots[0].Proposals {
			if name := p.Candidate.Applicant.FirstName; name == "Boris" || name == "Dana" {
				t.Errorf("%s, who declined this slot, is proposed again", name)
			}
		}
	})
}

// pinAll fixes every standing interview, as the replacement does.
func pinAll(d planning.EventData) planning.EventData {
	for i := range d.Interviews {
		d.Interviews[i].Pinned = true
	}
	return d
}

func TestFreedSlotsPastAndCancelled(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFreedFixture(t, db)
		// Once the slot has begun, it is too late to fill it.
		slots, err := planning.FreedSlots(f.load(t), matching.Params{}, f.declined.StartsAt)
		testdb.Must(t, err)
		if len(slots) != 0 {
			t.Errorf("slot that has begun is listed: %+v", slots)
		}
		// A cancelled interview frees its slot like a declined one.
		ctx := context.Background()
		d := f.load(t)
		var hans models.Interview
		for _, iv := range d.Interviews {
			if iv.ApplicantID == f.cands["Hans"].ApplicantID {
				hans = iv
			}
		}
		_, err = f.store.SetInterviewStatus(ctx, f.jc, hans.ID, hans.Version, models.InterviewCancelled)
		testdb.Must(t, err)
		slots, err = planning.FreedSlots(f.load(t), matching.Params{}, testdb.Clock())
		testdb.Must(t, err)
		if len(slots) != 2 || slots[0].Interview.ID != f.declined.ID || slots[1].Interview.ID != hans.ID {
			t.Fatalf("freed slots = %+v, want Dana's and Hans's", slots)
		}
		// Hans, who was cancelled with this employer, is not proposed for Dana's slot.
		for _, r := range slots[0].Rejected {
			if r.Candidate.ApplicantID == hans.ApplicantID && r.Reason != planning.ReasonDeclinedBefore {
				t.Errorf("Hans rejected for %q, want %q", r.Reason, planning.ReasonDeclinedBefore)
			}
		}
	})
}

// BenchmarkFreedSlots: the demo job fair, planned, with every tenth
// interview declined; listing the freed slots with all replacements (what
// the freed page and the event page's notice compute, without loading).
func BenchmarkFreedSlots(b *testing.B) {
	ctx := context.Background()
	db := testdb.Open(b, "sqlite")
	store := models.NewStore(db, testdb.Clock)
	res, err := demo.Seed(ctx, store, demo.Options{Now: testdb.Clock(),
		HashPassword: func(p string) (string, error) { return "hashed:" + p, nil }})
	testdb.Must(b, err)
	d, err := planning.Load(ctx, store, res.JobCentreID, res.JobFairID)
	testdb.Must(b, err)
	p, idx, err := planning.BuildProblem(d, matching.Params{})
	testdb.Must(b, err)
	s, err := planning.Run(ctx, p, planning.ModeBestFit, 1, 30*time.Second, testdb.Clock)
	testdb.Must(b, err)
	ivs, err := planning.Interviews(s, idx)
	testdb.Must(b, err)
	for i := range ivs {
		ivs[i].ICalUID, ivs[i].CheckinCode = fmt.Sprintf("bench-%d@treffpunkt.test", i), fmt.Sprintf("BENCH%05d", i)
	}
	_, err = store.ReplacePlannedInterviews(ctx, res.JobCentreID, res.JobFairID, ivs)
	testdb.Must(b, err)
	for i := 0; i < len(ivs); i += 10 {
		_, err := store.SetInterviewStatus(ctx, res.JobCentreID, ivs[i].ID, ivs[i].Version, models.InterviewDeclined)
		testdb.Must(b, err)
	}
	d, err = planning.Load(ctx, store, res.JobCentreID, res.JobFairID)
	testdb.Must(b, err)
	var slots []planning.Freed
	for b.Loop() {
		slots, err = planning.FreedSlots(d, matching.Params{}, testdb.Clock())
		testdb.Must(b, err)
	}
	judged := 0
	for _, f := range slots {
		judged += len(f.Proposals) + len(f.Rejected)
	}
	b.ReportMetric(float64(len(d.Interviews)), "interviews")
	b.ReportMetric(float64(len(slots)), "slots")
	b.ReportMetric(float64(judged), "judged")
}
