package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkRunRetention1000 erases 1000 applicants past the period, each
// with an event participation and a shortlist entry, in one run: the
// first run after installing on an old database. Daily runs erase far
// fewer. Setup is outside the timer.
func BenchmarkRunRetention1000(b *testing.B) {
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		b.Run(dialect, func(b *testing.B) {
			db := testdb.Open(b, dialect)
			store := models.NewStore(db, testdb.Clock)
			ctx := context.Background()
			jc := models.JobCentre{Name: "Jobcenter Bench", Slug: "bench"}
			testdb.Must(b, store.CreateJobCentre(ctx, &jc))
			emp := models.Employer{JobCentreID: jc.ID, Name: "Bäckerei Bench",
				Vacancies: []models.Vacancy{{Title: "Verkäufer/in", Hours: models.HoursPart}}}
			testdb.Must(b, store.CreateEmployer(ctx, &emp))
			round := 0
			for b.Loop() {
				b.StopTimer()
				day := time.Date(2025, time.October, 1+round%28, 9, 0, 0, 0, time.UTC)
				ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindJobFair, Title: fmt.Sprintf("Messe %d", round),
					VenueName: ptr("Halle"), SlotMinutes: 20, PublicToken: fmt.Sprintf("bench-retention-%d-0123456789", round),
					Days: []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(6 * time.Hour)}}}
				testdb.Must(b, store.CreateEvent(ctx, &ev))
				old := day.AddDate(0, -1, 0)
				as := make([]models.Applicant, 1000)
				for i := range as {
					as[i] = models.Applicant{FirstName: "Person", LastName: fmt.Sprintf("Müller-%d", i),
						Email: fmt.Sprintf("p%d-%d@mail.example", round, i), PreferredLanguage: models.LanguageDE,
						GermanLevel: models.GermanB1, ConsentAt: old, CreatedAt: old, UpdatedAt: old}
				}
				testdb.Must(b, store.CreateApplicants(ctx, jc.ID, as))
				eas := make([]models.EventApplicant, len(as))
				cs := make([]models.Candidate, len(as))
				for i, a := range as {
					eas[i] = models.EventApplicant{ApplicantID: a.ID, MaxInterviews: 2}
					cs[i] = models.Candidate{ApplicantID: a.ID, VacancyID: emp.Vacancies[0].ID, Score: 3}
				}
				testdb.Must(b, store.AddEventApplicants(ctx, jc.ID, ev.ID, eas, nil))
				testdb.Must(b, store.SaveCandidates(ctx, jc.ID, ev.ID, cs))
				round++
				b.StartTimer()
				res, err := store.RunRetention(ctx)
				testdb.Must(b, err)
				if res[0].Erased != len(as) {
					b.Fatalf("erased %d, want %d", res[0].Erased, len(as))
				}
			}
		})
	}
}
