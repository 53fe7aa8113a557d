package planning_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
)

// onSiteBoard is onSite with two planned interviews at 09:00: olena in the
// stored room "Raum 1" (row t11), ahmad in the virtual room r4-2.
func onSiteBoard() (planning.EventData, time.Time) {
	d := onSite()
	day := d.Event.Days[0].StartsAt
	d.Interviews = []models.Interview{
		{ID: 1, CandidateID: 21, ApplicantID: 1, VacancyID: 7, EmployerID: 3, TableID: ptr(int64(11)), SiteID: ptr(int64(5)),
			StartsAt: day, EndsAt: day.Add(30 * time.Minute), Status: models.InterviewPlanned, Version: 1,
			Applicant: d.Candidates[0].Applicant, Vacancy: d.Candidates[0].Vacancy},
		{ID: 2, CandidateID: 23, ApplicantID: 2, VacancyID: 7, EmployerID: 3, SiteID: ptr(int64(5)),
			StartsAt: day, EndsAt: day.Add(30 * time.Minute), Status: models.InterviewInvited, Version: 1,
			Applicant: d.Candidates[2].Applicant, Vacancy: d.Candidates[2].Vacancy},
	}
	return d, day
}

func TestCheck(t *testing.T) {
	d, day := onSiteBoard()
	cases := []struct {
		name string
		ch   planning.Change
		want []planning.BoardRule
	}{
		{"valid move to the next slot", planning.Change{InterviewID: 1, Row: "t11", Start: day.Add(40 * time.Minute)}, nil},
		{"table taken", planning.Change{InterviewID: 2, Row: "t11", Start: day}, []planning.BoardRule{planning.BoardRuleTableTaken}},
		{"after the employer's hours", planning.Change{InterviewID: 1, Row: "t11", Start: day.Add(3 * time.Hour)}, []planning.BoardRule{planning.BoardRuleEmployerHours}},
		{"off the slot grid", planning.Change{InterviewID: 1, Row: "t11", Start: day.Add(10 * time.Minute)}, []planning.BoardRule{planning.BoardRuleEmployerHours}},
		{"below the German level", planning.Change{CandidateID: 24, Row: "r4-2", Start: day.Add(40 * time.Minute)}, []planning.BoardRule{planning.BoardRuleGermanLevel}},
		{"no driving licence, and already meets the employer", planning.Change{CandidateID: 22, Row: "r4-2", Start: day.Add(80 * time.Minute)},
			[]planning.BoardRule{planning.BoardRuleAlreadyMeets, planning.BoardRuleDrivingLicence}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := planning.Check(d, matching.Params{}, tc.ch)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if !slices.Equal(v.Refused, tc.want) {
				t.Errorf("refused %v, want %v", v.Refused, tc.want)
			}
		})
	}
	v, err := planning.Check(d, matching.Params{}, planning.Change{InterviewID: 2, Row: "t11", Start: day.Add(40 * time.Minute)})
	if err != nil || len(v.Refused) != 0 || v.TableID == nil || *v.TableID != 11 || v.SiteID == nil || *v.SiteID != 5 ||
		!v.EndsAt.Equal(day.Add(70*time.Minute)) || v.CandidateID != 23 {
		t.Errorf("move into the stored room: %+v, %v", v, err)
	}
	if _, err := planning.Check(d, matching.Params{}, planning.Change{InterviewID: 1, Row: "t999", Start: day}); !errors.Is(err, planning.ErrUnknownRow) {
		t.Errorf("unknown row: %v", err)
	}
	if _, err := planning.Check(d, matching.Params{}, planning.Change{InterviewID: 99, Row: "t11", Start: day}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown interview: %v", err)
	}
}

func TestNewBoard(t *testing.T) {
	d, day := onSiteBoard()
	b, err := planning.NewBoard(d, matching.Params{})
	if err != nil {
		t.Fatalf("NewBoard: %v", err)
	}
	var rows []string
	for _, r := range b.Rows {
		rows = append(rows, r.Key)
	}
	// 09:00–12:00 in 40-minute slots: 09:00, 09:40, 10:20, 11:00.
	if !slices.Equal(rows, []string{"t11", "r4-2"}) || len(b.Slots) != 4 || !b.Slots[0].Start.Equal(day) || !b.Slots[0].NewDay || b.Slots[1].NewDay {
		t.Fatalf("rows %v, slots %+v", rows, b.Slots)
	}
	if got := b.Rows[0].Cells[0].Blocks; len(got) != 1 || got[0].Interview.ID != 1 || got[0].Short != "A B." {
		t.Errorf("t11 09:00 holds %+v", got)
	}
	if got := b.Rows[1].Cells[0].Blocks; len(got) != 1 || got[0].Interview.ID != 2 {
		t.Errorf("r4-2 09:00 holds %+v", got)
	}
	if b.Interviews != 2 || len(b.Addable) != 2 || b.Version != planning.PlanVersion(d.Interviews) {
		t.Errorf("interviews %d, addable %+v, version %s", b.Interviews, b.Addable, b.Version)
	}
}

func TestPlanVersion(t *testing.T) {
	d, _ := onSiteBoard()
	base := planning.PlanVersion(d.Interviews)
	if planning.PlanVersion([]models.Interview{d.Interviews[1], d.Interviews[0]}) != base {
		t.Error("the version depends on the order of the interviews")
	}
	for name, change := range map[string]func(iv *models.Interview){
		"version": func(iv *models.Interview) { iv.Version++ },
		"status":  func(iv *models.Interview) { iv.Status = models.InterviewDeclined },
		"pinned":  func(iv *models.Interview) { iv.Pinned = true },
		"id":      func(iv *models.Interview) { iv.ID = 77 },
	} {
		ivs := slices.Clone(d.Interviews)
		change(&ivs[0])
		if planning.PlanVersion(ivs) == base {
			t.Errorf("changing the %s keeps the version", name)
		}
	}
}
