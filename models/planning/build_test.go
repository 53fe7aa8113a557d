package planning_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
	"treffpunkt/scheduling"
)

func ptr[T any](v T) *T { return &v }

// onSite is a speed-dating at one employer's site with two rooms wanted
// but one room stored: the second becomes a virtual room.
func onSite() planning.EventData {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := time.Date(2026, 3, 30, 9, 0, 0, 0, berlin) // the Monday after the switch to summer time
	b1 := models.GermanB1
	vac := models.Vacancy{ID: 7, EmployerID: 3, Title: "Lagerhelfer/in", MinGermanLevel: &b1, DrivingLicence: false, CandidatesWanted: 2}
	truck := models.Vacancy{ID: 8, EmployerID: 3, Title: "Fahrer/in", DrivingLicence: true, CandidatesWanted: 1}
	home := func(id int64, lvl models.GermanLevel, lat float64) models.Applicant {
		return models.Applicant{ID: id, FirstName: "A", LastName: string(rune('A' + id)), GermanLevel: lvl, MaxInterviewsPerDay: 2,
			Lat: ptr(lat), Lon: ptr(9.3)}
	}
	olena, ahmad, lena := home(1, models.GermanB2, 48.80), home(2, models.GermanA2, 48.85), home(3, models.GermanA2, 48.80)
	return planning.EventData{
		Timezone: "Europe/Berlin",
		Event: models.Event{ID: 1, Title: "Vor Ort", SlotMinutes: 30, BufferMinutes: 10,
			Days:   []models.EventDay{{StartsAt: day, EndsAt: day.Add(4 * time.Hour)}},
			Tables: []models.EventTable{{ID: 11, Label: "Raum 1", SiteID: ptr(int64(5))}}},
		Registrations: []models.EventRegistration{{ID: 4, EmployerID: 3, SiteID: ptr(int64(5)), Status: models.RegistrationRegistered,
			ParallelInterviews: 2, Employer: models.Employer{ID: 3, Name: "Logistik Maier"},
			Vacancies: []models.RegistrationVacancy{{VacancyID: 7, Vacancy: vac}, {VacancyID: 8, Vacancy: truck}},
			Windows: []models.EmployerWindow{{StartsAt: day, EndsAt: day.Add(2 * time.Hour)},
				{StartsAt: day.Add(time.Hour), EndsAt: day.Add(3 * time.Hour)}}}}, // overlapping windows are merged
		Sites: []models.Site{{ID: 5, Name: "Lager", Lat: ptr(48.83), Lon: ptr(9.31), StepFree: true}},
		Applicants: []models.EventApplicant{{ApplicantID: 1, MaxInterviews: 2, Applicant: olena},
			{ApplicantID: 2, MaxInterviews: 1, Applicant: ahmad}, {ApplicantID: 3, MaxInterviews: 1, Applicant: lena}},
		Candidates: []models.Candidate{
			{ID: 21, ApplicantID: 1, VacancyID: 7, Score: 3, Applicant: olena, Vacancy: vac},
			{ID: 22, ApplicantID: 1, VacancyID: 8, Score: 5, Applicant: olena, Vacancy: truck}, // no licence: vacancy 7 is the pair
			{ID: 23, ApplicantID: 2, VacancyID: 7, Score: 4, Override: true, Applicant: ahmad, Vacancy: vac},
			{ID: 24, ApplicantID: 3, VacancyID: 7, Score: 2, Applicant: lena, Vacancy: vac}, // below B1, no exception
		},
	}
}

func TestBuildProblemOnSite(t *testing.T) {
	p, idx, err := planning.BuildProblem(onSite(), matching.Params{})
	if err != nil {
		t.Fatalf("BuildProblem: %v", err)
	}
	if err := scheduling.CheckProblem(p); err != nil {
		t.Fatalf("CheckProblem: %v", err)
	}
	if len(p.Employers) != 1 {
		t.Fatalf("employers = %+v", p.Employers)
	}
	e := p.Employers[0]
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := time.Date(2026, 3, 30, 9, 0, 0, 0, berlin)
	for _, tc := range []struct {
		what      string
		got, want any
	}{
		{"employer id", e.ID, "r4"},
		{"max interviews = sum of candidates wanted", e.MaxInterviews, 3},
		{"tables: the stored room and one virtual room", len(e.Tables), 2},
		{"stored room id", e.Tables[0].ID, "t11r4"},
		{"virtual room id", e.Tables[1].ID, "r4-2"},
		{"slot includes the buffer", e.Tables[0].SlotMinutes, 40},
		{"merged windows", len(e.Tables[0].Windows), 1},
		{"merged window end", e.Tables[0].Windows[0].End.Equal(day.Add(3 * time.Hour)), true},
		{"room at the site", e.Tables[0].LocationID, "s5"},
		{"no requirement left for the solver", e.Requirements.MinGermanLevel, ""},
		{"pairs given to the solver", len(p.Candidates), 2},
		{"olena's pair stands for the vacancy she is eligible for", idx.Pairs[[2]string{"a1", "r4"}].ID, int64(21)},
		{"score 3 → 60", p.Candidates[0].Score + p.Candidates[1].Score, 60 + 80},
		{"override keeps ahmad", idx.Pairs[[2]string{"a2", "r4"}].ID, int64(23)},
		{"lena is ineligible", len(idx.Ineligible), 1},
		{"lena's reason", idx.Ineligible[0].Reason, scheduling.ReasonLanguageLevel},
		{"two applicants share a home zone", p.Applicants[0].HomeLocationID == p.Applicants[2].HomeLocationID, true},
		{"locations: site and two zones", len(p.Locations), 3},
		{"interview length without buffer", idx.InterviewMinutes, 30},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.what, tc.got, tc.want)
		}
	}
	for i, row := range p.Travel.Minutes {
		for j, m := range row {
			if (i == j) != (m == 0) || m < 0 {
				t.Errorf("travel[%d][%d] = %d", i, j, m)
			}
		}
	}

	s, err := planning.Run(context.Background(), p, planning.ModeEveryoneFirst, 1, 10*time.Second, func() time.Time { return day })
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	ivs, err := planning.Interviews(s, idx)
	if err != nil {
		t.Fatalf("Interviews: %v", err)
	}
	if len(ivs) != 2 {
		t.Fatalf("interviews = %+v (schedule %+v)", ivs, s)
	}
	for _, iv := range ivs {
		if iv.EndsAt.Sub(iv.StartsAt) != 30*time.Minute || iv.SiteID == nil || *iv.SiteID != 5 {
			t.Errorf("interview %+v", iv)
		}
	}
}

func TestBuildProblemKeptInterviews(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := time.Date(2026, 3, 30, 9, 0, 0, 0, berlin)
	for _, tc := range []struct {
		name    string
		iv      models.Interview
		fixed   int
		wantErr error
	}{
		{"pinned planned interview is fixed", models.Interview{ID: 1, CandidateID: 23, ApplicantID: 2, VacancyID: 7, TableID: ptr(int64(11)),
			StartsAt: day.Add(40 * time.Minute), Status: models.InterviewPlanned, Pinned: true}, 1, nil},
		{"invited interview is fixed", models.Interview{ID: 2, CandidateID: 23, ApplicantID: 2, VacancyID: 7,
			StartsAt: day.Add(80 * time.Minute), Status: models.InterviewInvited}, 1, nil},
		{"kept interview of an ineligible pair stays", models.Interview{ID: 5, CandidateID: 24, ApplicantID: 3, VacancyID: 7,
			StartsAt: day.Add(40 * time.Minute), Status: models.InterviewConfirmed}, 1, nil},
		{"two kept interviews at once take both rooms", models.Interview{ID: 7, CandidateID: 23, ApplicantID: 2, VacancyID: 7,
			StartsAt: day.Add(40 * time.Minute), Status: models.InterviewConfirmed}, 2, nil},
		{"unpinned planned interview is replaced", models.Interview{ID: 3, CandidateID: 23, ApplicantID: 2, VacancyID: 7,
			StartsAt: day, Status: models.InterviewPlanned}, 0, nil},
		{"declined interview frees its slot", models.Interview{ID: 4, CandidateID: 23, ApplicantID: 2, VacancyID: 7,
			StartsAt: day, Status: models.InterviewDeclined, Pinned: true}, 0, nil},
		{"kept interview of a vacancy no longer at the event", models.Interview{ID: 6, CandidateID: 99, ApplicantID: 2, VacancyID: 99,
			StartsAt: day, Status: models.InterviewConfirmed}, 0, planning.ErrUnmappedInterview},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := onSite()
			d.Interviews = []models.Interview{tc.iv}
			if tc.fixed == 2 { // olena at the same time in the other room
				d.Interviews = append(d.Interviews, models.Interview{ID: 8, CandidateID: 21, ApplicantID: 1, VacancyID: 7,
					StartsAt: tc.iv.StartsAt, Status: models.InterviewInvited})
			}
			p, idx, err := planning.BuildProblem(d, matching.Params{})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("BuildProblem: %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if len(p.FixedMeetings) != tc.fixed {
				t.Fatalf("fixed = %+v", p.FixedMeetings)
			}
			s, err := planning.Run(context.Background(), p, planning.ModeBestFit, 1, 10*time.Second, func() time.Time { return day })
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			ivs, err := planning.Interviews(s, idx)
			if err != nil {
				t.Fatalf("Interviews: %v", err)
			}
			if len(ivs)+tc.fixed != len(s.Meetings) {
				t.Errorf("%d new interviews + %d kept != %d meetings", len(ivs), tc.fixed, len(s.Meetings))
			}
			for _, m := range p.FixedMeetings {
				if !m.Start.Equal(tc.iv.StartsAt) || m.End.Sub(m.Start) != 40*time.Minute {
					t.Errorf("fixed meeting %+v", m)
				}
			}
		})
	}
}
