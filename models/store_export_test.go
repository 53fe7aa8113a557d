package models_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestEachExportRow reads in batches smaller than the result, so the keyset
// paging by ID is exercised on both databases; another job centre's
// interviews never appear.
func TestEachExportRow(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		mk := func(jc models.JobCentre, n int, starts func(i int) time.Time) ([]int64, models.Event) {
			ev := f.event(t, jc, "Jobmesse "+jc.Slug)
			emp := f.employer(t, jc, "Bäckerei "+jc.Slug)
			var ids []int64
			for i := range n {
				a := f.applicant(t, jc, fmt.Sprintf("Olena%d", i), "Koval-"+jc.Slug, models.GermanB1)
				testdb.Must(t, f.store.AddEventApplicants(f.ctx, jc.ID, ev.ID, []models.EventApplicant{{ApplicantID: a.ID, MaxInterviews: 2}}, nil))
				cs := []models.Candidate{{ApplicantID: a.ID, VacancyID: emp.Vacancies[0].ID, Score: 3}}
				testdb.Must(t, f.store.SaveCandidates(f.ctx, jc.ID, ev.ID, cs))
				s := starts(i)
				ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: s, EndsAt: s.Add(20 * time.Minute),
					Status: models.InterviewConfirmed, ICalUID: fmt.Sprintf("x-%s-%d@example", jc.Slug, i), CheckinCode: fmt.Sprintf("C%s%d", jc.Slug, i)}}
				testdb.Must(t, f.store.CreateInterviews(f.ctx, jc.ID, ev.ID, ivs))
				ids = append(ids, ivs[0].ID)
			}
			return ids, ev
		}
		day := time.Date(2026, time.April, 20, 7, 0, 0, 0, time.UTC)
		offsets := []time.Duration{4 * time.Hour, 3 * time.Hour, time.Hour, time.Hour, 0}
		idsA, evA := mk(f.a, len(offsets), func(i int) time.Time { return day.Add(offsets[i]) })
		mk(f.b, 2, func(i int) time.Time { return day.Add(time.Duration(i) * time.Hour) })
		_, err := f.store.RecordOutcome(f.ctx, f.a.ID, idsA[0], models.OutcomeInternship, ptr(day.AddDate(0, 1, 0)), models.ActorStaff, nil)
		testdb.Must(t, err)

		collect := func(filter models.ExportFilter, batch int) []models.ExportRow {
			t.Helper()
			var rows []models.ExportRow
			testdb.Must(t, f.store.EachExportRow(f.ctx, f.a.ID, filter, batch, func(r models.ExportRow) error {
				rows = append(rows, r)
				return nil
			}))
			return rows
		}
		ids := func(rows []models.ExportRow) []int64 {
			var out []int64
			for _, r := range rows {
				out = append(out, r.InterviewID)
			}
			return out
		}
		want := idsA // ID order
		for _, batch := range []int{1, 2, 5, 500} {
			if got := ids(collect(models.ExportFilter{}, batch)); !slices.Equal(got, want) {
				t.Errorf("batch %d: interviews %v, want %v", batch, got, want)
			}
		}
		rows := collect(models.ExportFilter{EventID: evA.ID}, 2)
		last := rows[0]
		if last.OutcomeKind == nil || *last.OutcomeKind != models.OutcomeInternship || last.OutcomeStartDate == nil ||
			last.ApplicantFirstName != "Olena0" || last.EmployerSector != "Bäckerei" || last.EventTitle != evA.Title ||
			last.ApplicantLevel != models.GermanB1 || last.ApplicantLanguage != models.LanguageUK || !last.StartsAt.Equal(day.Add(4*time.Hour)) {
			t.Errorf("last row = %+v", last)
		}
		if rows[1].OutcomeKind != nil {
			t.Errorf("second row has an outcome: %+v", rows[1])
		}
		filters := []struct {
			name   string
			filter models.ExportFilter
			want   []int64
		}{
			{"from", models.ExportFilter{From: day.Add(time.Hour)}, idsA[:4]},
			{"to (exclusive)", models.ExportFilter{To: day.Add(3 * time.Hour)}, idsA[2:]},
			{"window", models.ExportFilter{From: day.Add(time.Minute), To: day.Add(3*time.Hour + time.Minute)}, idsA[1:4]},
			{"another event", models.ExportFilter{EventID: evA.ID + 1000}, nil},
		}
		for _, tt := range filters {
			if got := ids(collect(tt.filter, 2)); !slices.Equal(got, tt.want) {
				t.Errorf("%s: interviews %v, want %v", tt.name, got, tt.want)
			}
		}
		stop := errors.New("client went away")
		n := 0
		err = f.store.EachExportRow(f.ctx, f.a.ID, models.ExportFilter{}, 2, func(models.ExportRow) error {
			n++
			if n == 3 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 3 {
			t.Errorf("a failing writer: err %v after %d rows, want %v after 3", err, n, stop)
		}
	})
}
