package models_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkRegisterSignup measures one public registration with a table
// booking (the winner's path), and one refused because the block is taken
// (the path of every loser of a race).
func BenchmarkRegisterSignup(b *testing.B) {
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		b.Run(dialect, func(b *testing.B) {
			db := testdb.Open(b, dialect)
			store := models.NewStore(db, testdb.Clock)
			ctx := context.Background()
			jc := models.JobCentre{Name: "Jobcenter Bench", Slug: "bench"}
			testdb.Must(b, store.CreateJobCentre(ctx, &jc))
			day := time.Date(2026, time.April, 20, 7, 0, 0, 0, time.UTC)
			ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindJobFair, Title: "Bench", Status: models.EventOpen,
				VenueName: ptr("Halle"), SlotMinutes: 20, PublicToken: "bench-token-0123456789",
				Days: []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(8 * time.Hour)}}}
			for i := range 2000 {
				ev.Tables = append(ev.Tables, models.EventTable{Label: fmt.Sprintf("Tisch %d", i+1)})
			}
			testdb.Must(b, store.CreateEvent(ctx, &ev))
			book := func(i int) models.TableBooking {
				return models.TableBooking{TableID: ev.Tables[i%len(ev.Tables)].ID, StartsAt: day, EndsAt: day.Add(time.Hour)}
			}
			b.Run("won", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if i >= len(ev.Tables) {
						b.Fatal("out of tables; lower -benchtime")
					}
					in := signup(ev, fmt.Sprintf("Firma %d", i), fmt.Sprintf("w%d@example.org", i), book(i))
					_, err := store.RegisterSignup(ctx, jc.ID, in, nil)
					testdb.Must(b, err)
					i++
				}
			})
			b.Run("taken", func(b *testing.B) {
				i := 0
				for b.Loop() {
					in := signup(ev, fmt.Sprintf("Firma %d", i), fmt.Sprintf("l%d@example.org", i), book(0))
					if _, err := store.RegisterSignup(ctx, jc.ID, in, nil); !errors.Is(err, models.ErrTaken) {
						b.Fatalf("want ErrTaken, got %v", err)
					}
					i++
				}
			})
		})
	}
}
