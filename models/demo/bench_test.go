package demo_test

import (
	"context"
	"testing"

	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// BenchmarkStore measures the reads behind the busiest staff pages on the
// demo data set, on both databases.
func BenchmarkStore(b *testing.B) {
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			store := models.NewStore(testdb.Open(b, dialect), testdb.Clock)
			res, err := demo.Seed(ctx, store, demo.Options{Now: testdb.Clock(), HashPassword: fakeHash})
			if err != nil {
				b.Fatalf("Seed: %v", err)
			}
			jc := res.JobCentreID
			for _, bc := range []struct {
				name string
				fn   func() error
			}{
				{"ListEvents", func() error { _, err := store.ListEvents(ctx, jc); return err }},
				{"GetEvent", func() error { _, err := store.GetEvent(ctx, jc, res.JobFairID); return err }},
				{"EventCounts", func() error { _, err := store.EventCounts(ctx, jc, res.SpeedDatingID); return err }},
				{"ListEmployers", func() error { _, err := store.ListEmployers(ctx, jc); return err }},
				{"ListApplicants", func() error { _, err := store.ListApplicants(ctx, jc, models.ApplicantFilter{}); return err }},
				{"ListApplicantsFiltered", func() error {
					_, err := store.ListApplicants(ctx, jc, models.ApplicantFilter{Query: "ko", GermanLevel: models.GermanB1, Postcode: "71"})
					return err
				}},
				{"ListCandidates", func() error { _, err := store.ListCandidates(ctx, jc, res.SpeedDatingID); return err }},
				{"FindStaffUserByEmail", func() error { _, err := store.FindStaffUserByEmail(ctx, res.Logins[0].Email); return err }},
			} {
				b.Run(bc.name, func(b *testing.B) {
					for b.Loop() {
						if err := bc.fn(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
