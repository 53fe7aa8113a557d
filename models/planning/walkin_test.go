package planning_test

import (
	"errors"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
	"treffpunkt/scheduling"
)

// walkinDay is onSite with Ahmad's planned (not pinned, not sent) interview
// in room 1 at 9:00: on the day it must stay where it is.
func walkinDay() (planning.EventData, time.Time) {
	d := onSite()
	day := d.Event.Days[0].StartsAt
	d.Interviews = []models.Interview{{ID: 31, EventID: 1, CandidateID: 23, ApplicantID: 2, EmployerID: 3, VacancyID: 7,
		TableID: ptr(int64(11)), SiteID: ptr(int64(5)), StartsAt: day, EndsAt: day.Add(30 * time.Minute), Status: models.InterviewPlanned}}
	return d, day
}

func TestWalkinSlots(t *testing.T) {
	d, day := walkinDay()
	walker := models.Applicant{ID: 9, FirstName: "Mariam", LastName: "Haddad", GermanLevel: models.GermanB2, MaxInterviewsPerDay: 2}
	w, err := planning.NewWalkin(d, walker, 7, matching.Params{})
	if err != nil {
		t.Fatalf("NewWalkin: %v", err)
	}
	if w.Refusal != nil {
		t.Fatalf("refused a B2 applicant for a B1 vacancy: %+v", w.Refusal)
	}
	for _, tc := range []struct {
		name  string
		table string
		start time.Time
		want  scheduling.Rule // "" = free
	}{
		{"room 1 at 9:00 holds Ahmad's planned interview", "t11r4", day, scheduling.RuleTable},
		{"room 2 at 9:00 is free", "r4-2", day, ""},
		{"room 1 at 9:40 is free", "t11r4", day.Add(40 * time.Minute), ""},
		{"off the slot grid", "t11r4", day.Add(10 * time.Minute), scheduling.RuleSlotGrid},
		{"after the employer's hours", "t11r4", day.Add(3 * time.Hour), scheduling.RuleSlotGrid},
		{"unknown table", "t99r4", day, scheduling.RuleKnownIDs},
	} {
		vs := w.Check(tc.table, tc.start)
		switch {
		case tc.want == "" && len(vs) > 0:
			t.Errorf("%s: refused: %v", tc.name, vs)
		case tc.want != "" && (len(vs) == 0 || vs[0].Rule != tc.want):
			t.Errorf("%s: violations %v, want %s", tc.name, vs, tc.want)
		}
	}
	free, _ := w.FreeSlots(day)
	// Two rooms × four 40-minute slots from 9:00 to 12:00, less Ahmad's.
	if len(free) != 7 {
		t.Fatalf("free slots = %d, want 7: %+v", len(free), free)
	}
	for _, s := range free {
		if s.TableKey == "t11r4" && s.Start.Equal(day) {
			t.Errorf("offers Ahmad's slot: %+v", s)
		}
		if got := s.End.Sub(s.Start); got != 30*time.Minute {
			t.Errorf("slot %+v lasts %s, want the interview without buffer", s, got)
		}
	}
	if free[0].Table.Label == "" || free[0].Start.After(free[len(free)-1].Start) {
		t.Errorf("slots unsorted or unlabelled: %+v", free)
	}
	later, _ := w.FreeSlots(day.Add(time.Hour))
	if len(later) != 4 {
		t.Errorf("slots from 10:00 = %d, want 4", len(later))
	}
	// Not stored yet: the caller must save the shortlist pair first.
	if _, err := w.Schedule("r4-2", day); err == nil {
		t.Error("Schedule without a stored candidate succeeded")
	}
}

func TestWalkinRefusals(t *testing.T) {
	d, day := walkinDay()
	weak := models.Applicant{ID: 9, FirstName: "Mariam", GermanLevel: models.GermanA1, MaxInterviewsPerDay: 2}
	w, err := planning.NewWalkin(d, weak, 7, matching.Params{})
	if err != nil {
		t.Fatalf("NewWalkin: %v", err)
	}
	if w.Refusal == nil || scheduling.Reason(w.Refusal.Message) != scheduling.ReasonLanguageLevel {
		t.Fatalf("A1 for a B1 vacancy: refusal %+v", w.Refusal)
	}
	if free, refused := w.FreeSlots(day); len(free) != 0 || refused[scheduling.RuleEligibility] == 0 {
		t.Errorf("A1 walk-in: %d free slots, refused %v", len(free), refused)
	}
	if vs := w.Check("r4-2", day); len(vs) != 1 || vs[0].Rule != scheduling.RuleEligibility {
		t.Errorf("Check = %v", vs)
	}

	if _, err := planning.NewWalkin(d, weak, 99, matching.Params{}); !errors.Is(err, planning.ErrWalkinVacancy) {
		t.Errorf("vacancy not at the event: %v", err)
	}

	// Ahmad already meets this employer: a second meeting is refused.
	ahmad := d.Applicants[1].Applicant
	w, err = planning.NewWalkin(d, ahmad, 7, matching.Params{})
	if err != nil {
		t.Fatalf("NewWalkin: %v", err)
	}
	if vs := w.Check("r4-2", day.Add(40*time.Minute)); len(vs) == 0 || vs[0].Rule != scheduling.RuleCandidatePair {
		t.Errorf("second meeting with the same employer: %v", vs)
	}

	// The employer wants three interviews (2 + 1): with three fixed, no slot is left.
	full, _ := walkinDay()
	for i, a := range []int64{1, 3} {
		start := day.Add(time.Duration(40*(i+1)) * time.Minute)
		full.Interviews = append(full.Interviews, models.Interview{ID: int64(40 + i), EventID: 1, CandidateID: 21 + 3*int64(i),
			ApplicantID: a, EmployerID: 3, VacancyID: 7, TableID: ptr(int64(11)), StartsAt: start, EndsAt: start.Add(30 * time.Minute),
			Status: models.InterviewConfirmed})
	}
	full.Candidates[3].Override = true // Lena's interview was agreed although she is below B1
	walker := models.Applicant{ID: 9, FirstName: "Mariam", GermanLevel: models.GermanC1, MaxInterviewsPerDay: 2}
	w, err = planning.NewWalkin(full, walker, 7, matching.Params{})
	if err != nil {
		t.Fatalf("NewWalkin: %v", err)
	}
	free, refused := w.FreeSlots(day)
	if len(free) != 0 || refused[scheduling.RuleCaps] == 0 {
		t.Errorf("full employer: %d free slots, refused %v", len(free), refused)
	}
}

func TestWalkinSchedule(t *testing.T) {
	d, day := walkinDay()
	// Olena is shortlisted for both vacancies of the employer; the walk-in
	// meeting is for the one staff chose, the warehouse job (candidate 21).
	olena := d.Applicants[0].Applicant
	w, err := planning.NewWalkin(d, olena, 7, matching.Params{})
	if err != nil {
		t.Fatalf("NewWalkin: %v", err)
	}
	s, err := w.Schedule("r4-2", day)
	if err != nil {
		t.Fatalf("Schedule: %v", err)
	}
	if vs := scheduling.Validate(w.Problem, s); len(vs) > 0 {
		t.Fatalf("schedule breaks rules: %v", vs)
	}
	ivs, err := planning.Interviews(s, w.Index)
	if err != nil || len(ivs) != 1 {
		t.Fatalf("Interviews = %+v, %v", ivs, err)
	}
	iv := ivs[0]
	if iv.CandidateID != 21 || !iv.StartsAt.Equal(day) || !iv.EndsAt.Equal(day.Add(30*time.Minute)) || iv.TableID != nil || iv.SiteID == nil {
		t.Errorf("walk-in interview = %+v", iv)
	}
	if _, err := w.Schedule("t11r4", day); err == nil {
		t.Error("Schedule accepted Ahmad's slot")
	}
}

func BenchmarkWalkinFreeSlots(b *testing.B) {
	d, day := walkinDay()
	walker := models.Applicant{ID: 9, FirstName: "Mariam", GermanLevel: models.GermanB2, MaxInterviewsPerDay: 2}
	for b.Loop() {
		w, err := planning.NewWalkin(d, walker, 7, matching.Params{})
		if err != nil {
			b.Fatal(err)
		}
		if free, _ := w.FreeSlots(day); len(free) == 0 {
			b.Fatal("no free slot")
		}
	}
}

// bigFair is a job fair of 20 employers with two booked tables each and 10
// confirmed interviews per employer (200 in all), 09:00–15:00 in
// 25-minute slots: the size of a large Jobmesse.
func bigFair() (planning.EventData, time.Time) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := time.Date(2026, 10, 20, 9, 0, 0, 0, berlin)
	d := planning.EventData{Timezone: "Europe/Berlin", Event: models.Event{ID: 1, Title: "Jobmesse", SlotMinutes: 20, BufferMinutes: 5,
		VenueName: ptr("Stadthalle"), Days: []models.EventDay{{StartsAt: day, EndsAt: day.Add(6 * time.Hour)}}}}
	slot := 25 * time.Minute
	var next int64 = 1000
	for e := int64(1); e <= 20; e++ {
		v := models.Vacancy{ID: 100 + e, EmployerID: e, Title: "Stelle", CandidatesWanted: 12}
		d.Registrations = append(d.Registrations, models.EventRegistration{ID: e, EmployerID: e, Status: models.RegistrationRegistered,
			ParallelInterviews: 2, Employer: models.Employer{ID: e, Name: "Betrieb"}, Vacancies: []models.RegistrationVacancy{{VacancyID: v.ID, Vacancy: v}}})
		for k := int64(0); k < 2; k++ {
			tid := 10*e + k
			d.Event.Tables = append(d.Event.Tables, models.EventTable{ID: tid, Label: "Tisch"})
			d.Bookings = append(d.Bookings, models.TableBooking{RegistrationID: e, TableID: tid, StartsAt: day, EndsAt: day.Add(6 * time.Hour)})
		}
		for i := 0; i < 10; i++ {
			next++
			a := models.Applicant{ID: next, FirstName: "A", GermanLevel: models.GermanB2, MaxInterviewsPerDay: 3}
			d.Applicants = append(d.Applicants, models.EventApplicant{ApplicantID: a.ID, MaxInterviews: 3, Applicant: a})
			d.Candidates = append(d.Candidates, models.Candidate{ID: next, ApplicantID: a.ID, VacancyID: v.ID, Score: 3, Applicant: a, Vacancy: v})
			start := day.Add(time.Duration(i/2) * slot)
			table := 10*e + int64(i%2)
			d.Interviews = append(d.Interviews, models.Interview{ID: next, CandidateID: next, ApplicantID: a.ID, EmployerID: e, VacancyID: v.ID,
				TableID: &table, StartsAt: start, EndsAt: start.Add(20 * time.Minute), Status: models.InterviewConfirmed})
		}
	}
	return d, day
}

func BenchmarkWalkinFreeSlotsBigFair(b *testing.B) {
	d, day := bigFair()
	walker := models.Applicant{ID: 9, FirstName: "Mariam", GermanLevel: models.GermanB2, MaxInterviewsPerDay: 2}
	for b.Loop() {
		w, err := planning.NewWalkin(d, walker, 105, matching.Params{})
		if err != nil {
			b.Fatal(err)
		}
		// 2 tables × 14 slots, 10 of them taken.
		if free, _ := w.FreeSlots(day); len(free) != 18 {
			b.Fatalf("free slots = %d, want 18", len(free))
		}
	}
}
