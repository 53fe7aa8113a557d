package models_test

import (
	"context"
	"fmt"
	"testing"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkCreateApplicants10000 measures the store half of a confirmed
// import: 10,000 applicants in one all-or-nothing transaction.
func BenchmarkCreateApplicants10000(b *testing.B) {
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		b.Run(dialect, func(b *testing.B) {
			db := testdb.Open(b, dialect)
			store := models.NewStore(db, testdb.Clock)
			ctx := context.Background()
			jc := models.JobCentre{Name: "Jobcenter Bench", Slug: "bench"}
			testdb.Must(b, store.CreateJobCentre(ctx, &jc))
			round := 0
			for b.Loop() {
				as := make([]models.Applicant, 10000)
				for i := range as {
					as[i] = models.Applicant{FirstName: "Person", LastName: fmt.Sprintf("Müller-%d", i),
						Email: fmt.Sprintf("p%d-%d@mail.example", round, i), PreferredLanguage: models.LanguageDE,
						GermanLevel: models.GermanB1, ConsentAt: testdb.Clock()}
				}
				round++
				testdb.Must(b, store.CreateApplicants(ctx, jc.ID, as))
			}
		})
	}
}
