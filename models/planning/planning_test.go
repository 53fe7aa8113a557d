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

func seed(t *testing.T, db *gorm.DB) (*models.Store, demo.Result) {
	t.Helper()
	store := models.NewStore(db, testdb.Clock)
	res, err := demo.Seed(context.Background(), store, demo.Options{Now: testdb.Clock(),
		HashPassword: func(p string) (string, error) { return "hashed:" + p, nil }})
	testdb.Must(t, err)
	return store, res
}

func build(t *testing.T, store *models.Store, jc, eventID int64) (*scheduling.Problem, planning.Index) {
	t.Helper()
	d, err := planning.Load(context.Background(), store, jc, eventID)
	testdb.Must(t, err)
	p, idx, err := planning.BuildProblem(d, matching.Params{})
	testdb.Must(t, err)
	if err := scheduling.CheckProblem(p); err != nil {
		t.Fatalf("CheckProblem: %v", err)
	}
	return p, idx
}

var knownReasons = map[scheduling.Reason]bool{
	scheduling.ReasonLanguageLevel: true, scheduling.ReasonDrivingLicence: true, scheduling.ReasonStepFree: true,
	scheduling.ReasonNoCommonTime: true, scheduling.ReasonEmployerFull: true, scheduling.ReasonApplicantFull: true,
	scheduling.ReasonConflict: true,
}

func TestDemoEventsSolve(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		store, res := seed(t, db)
		for _, tc := range []struct {
			name  string
			event int64
			mode  planning.Mode
		}{
			{"job fair, best fit", res.JobFairID, planning.ModeBestFit},
			{"job fair, everyone first", res.JobFairID, planning.ModeEveryoneFirst},
			{"speed-dating, best fit", res.SpeedDatingID, planning.ModeBestFit},
			{"speed-dating, everyone first", res.SpeedDatingID, planning.ModeEveryoneFirst},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p, idx := build(t, store, res.JobCentreID, tc.event)
				if len(p.Candidates) == 0 || len(p.Employers) == 0 || len(p.Applicants) == 0 {
					t.Fatalf("empty problem: %d candidates, %d employers, %d applicants", len(p.Candidates), len(p.Employers), len(p.Applicants))
				}
				s, err := planning.Run(context.Background(), p, tc.mode, 1, 30*time.Second, testdb.Clock)
				testdb.Must(t, err)
				if vs := scheduling.Validate(p, s); len(vs) > 0 {
					t.Fatalf("Validate: %v", vs)
				}
				if len(s.Meetings) == 0 {
					t.Fatalf("no meetings planned")
				}
				pv := planning.NewPreview(p, s, idx)
				t.Logf("%d pairs, %d applicants: %d planned, %d unplaced, %d without interview, score %d, bound %d",
					pv.Pairs, pv.Applicants, len(pv.Planned), len(pv.Unplaced), len(pv.WithoutInterview), pv.Stats.Objective, pv.Stats.Bound)
				if got := len(pv.Planned) + len(pv.Unplaced); got != pv.Pairs {
					t.Errorf("planned %d + unplaced %d != pairs %d", len(pv.Planned), len(pv.Unplaced), pv.Pairs)
				}
				for _, u := range pv.Unplaced {
					if !knownReasons[u.Reason] || u.Applicant == "" || u.Employer == "" {
						t.Errorf("unplaced %+v", u)
					}
				}
				for _, m := range pv.Planned {
					if m.Applicant == "" || m.Employer == "" || m.Vacancy == "" || m.Table == "" || m.Score < 1 || m.Score > 5 {
						t.Errorf("planned %+v", m)
					}
				}
				ivs, err := planning.Interviews(s, idx)
				testdb.Must(t, err)
				if len(ivs) != len(s.Meetings) {
					t.Errorf("%d interviews for %d meetings", len(ivs), len(s.Meetings))
				}
				again, err := planning.Run(context.Background(), p, tc.mode, 1, 30*time.Second, testdb.Clock)
				testdb.Must(t, err)
				if again.Stats.Objective != s.Stats.Objective || len(again.Meetings) != len(s.Meetings) {
					t.Errorf("same seed, different plan: %d/%d against %d/%d", again.Stats.Objective, len(again.Meetings),
						s.Stats.Objective, len(s.Meetings))
				}
			})
		}
	})
}

// apply stores a plan the way the apply handler does.
func apply(t *testing.T, store *models.Store, jc, eventID int64, mode planning.Mode, seed int64) *scheduling.Schedule {
	t.Helper()
	p, idx := build(t, store, jc, eventID)
	s, err := planning.Run(context.Background(), p, mode, seed, 30*time.Second, testdb.Clock)
	testdb.Must(t, err)
	ivs, err := planning.Interviews(s, idx)
	testdb.Must(t, err)
	for i := range ivs {
		ivs[i].ICalUID = fmt.Sprintf("plan-%d-%d@treffpunkt.test", seed, i)
		ivs[i].CheckinCode = fmt.Sprintf("CODE%d%04d", seed, i)
	}
	_, err = store.ReplacePlannedInterviews(context.Background(), jc, eventID, ivs)
	testdb.Must(t, err)
	return s
}

func TestApplyKeepsPinned(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		store, res := seed(t, db)
		ctx := context.Background()
		ev := res.SpeedDatingID
		s := apply(t, store, res.JobCentreID, ev, planning.ModeBestFit, 1)
		stored, err := store.ListInterviews(ctx, res.JobCentreID, ev)
		testdb.Must(t, err)
		if len(stored) != len(s.Meetings) {
			t.Fatalf("%d interviews stored for %d meetings", len(stored), len(s.Meetings))
		}
		for _, iv := range stored {
			if iv.EndsAt.Sub(iv.StartsAt) != 30*time.Minute || iv.Status != models.InterviewPlanned {
				t.Errorf("interview %d: %s–%s %s", iv.ID, iv.StartsAt, iv.EndsAt, iv.Status)
			}
		}
		pinned, invited := stored[0], stored[len(stored)-1]
		testdb.Must(t, db.Model(&models.Interview{}).Where("id = ?", pinned.ID).Update("pinned", true).Error)
		testdb.Must(t, db.Model(&models.Interview{}).Where("id = ?", invited.ID).Update("status", models.InterviewInvited).Error)

		s2 := apply(t, store, res.JobCentreID, ev, planning.ModeEveryoneFirst, 7)
		after, err := store.ListInterviews(ctx, res.JobCentreID, ev)
		testdb.Must(t, err)
		if len(after) != len(s2.Meetings) {
			t.Errorf("%d interviews after re-plan for %d meetings", len(after), len(s2.Meetings))
		}
		for _, want := range []models.Interview{pinned, invited} {
			found := false
			for _, iv := range after {
				if iv.ID == want.ID {
					found = true
					if !iv.StartsAt.Equal(want.StartsAt) || !iv.EndsAt.Equal(want.EndsAt) || iv.CandidateID != want.CandidateID ||
						!equalPtr(iv.TableID, want.TableID) || iv.ICalUID != want.ICalUID {
						t.Errorf("kept interview %d changed: %+v → %+v", want.ID, want, iv)
					}
				}
			}
			if !found {
				t.Errorf("kept interview %d removed by the re-plan", want.ID)
			}
		}
	})
}

func equalPtr(a, b *int64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func TestLoadOtherJobCentre(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		store, res := seed(t, db)
		other := models.JobCentre{Name: "Jobcenter Anderswo", Slug: "anderswo", Timezone: "Europe/Berlin"}
		testdb.Must(t, store.CreateJobCentre(context.Background(), &other))
		_, err := planning.Load(context.Background(), store, other.ID, res.SpeedDatingID)
		if !errors.Is(err, models.ErrNotFound) {
			t.Errorf("Load from another job centre: %v, want ErrNotFound", err)
		}
		_, err = store.ReplacePlannedInterviews(context.Background(), other.ID, res.SpeedDatingID, nil)
		if !errors.Is(err, models.ErrNotFound) {
			t.Errorf("ReplacePlannedInterviews from another job centre: %v, want ErrNotFound", err)
		}
		err = store.Transaction(context.Background(), func(tx *models.Store) error {
			return tx.LockEventForPlanning(context.Background(), other.ID, res.SpeedDatingID)
		})
		if !errors.Is(err, models.ErrNotFound) {
			t.Errorf("LockEventForPlanning from another job centre: %v, want ErrNotFound", err)
		}
		err = store.Transaction(context.Background(), func(tx *models.Store) error {
			return tx.LockEventForPlanning(context.Background(), res.JobCentreID, res.SpeedDatingID)
		})
		if err != nil {
			t.Errorf("LockEventForPlanning own event: %v", err)
		}
	})
}

// BenchmarkDemoPlan measures what the preview page does per request on the
// demo speed-dating (SQLite): load, build and solve.
func BenchmarkDemoPlan(b *testing.B) {
	db := testdb.Open(b, "sqlite")
	store := models.NewStore(db, testdb.Clock)
	res, err := demo.Seed(context.Background(), store, demo.Options{Now: testdb.Clock(),
		HashPassword: func(p string) (string, error) { return "hashed:" + p, nil }})
	testdb.Must(b, err)
	for _, ev := range []struct {
		name string
		id   int64
	}{{"job-fair", res.JobFairID}, {"speed-dating", res.SpeedDatingID}} {
		b.Run(ev.name, func(b *testing.B) {
			for b.Loop() {
				d, err := planning.Load(context.Background(), store, res.JobCentreID, ev.id)
				testdb.Must(b, err)
				p, _, err := planning.BuildProblem(d, matching.Params{})
				testdb.Must(b, err)
				_, err = planning.Run(context.Background(), p, planning.ModeEveryoneFirst, 1, 0, time.Now)
				testdb.Must(b, err)
			}
		})
	}
}
