package main

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestRetentionWorkerTwoInstances runs the retention loop of two instances
// on one database, checking every few milliseconds: the run happens once
// per interval (one audit entry per job centre), the applicant past the
// period is erased, and a run that is due again happens again.
func TestRetentionWorkerTwoInstances(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		var mu sync.Mutex
		clock := testdb.Clock()
		now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
		store := models.NewStore(db, now)
		jc := models.JobCentre{Name: "Jobcenter Hohenlohe", Slug: "hohenlohe", RetentionDays: 30}
		testdb.Must(t, store.CreateJobCentre(ctx, &jc))
		old := clock.AddDate(0, -2, 0)
		a := models.Applicant{JobCentreID: jc.ID, FirstName: "Albrecht", LastName: "Vergessen", Email: "albrecht@mail.example",
			PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanB2, ConsentAt: old, CreatedAt: old, UpdatedAt: old}
		testdb.Must(t, store.CreateApplicant(ctx, &a))
		runs := func() int {
			evs, err := store.ListAudit(ctx, jc.ID, 0)
			testdb.Must(t, err)
			n := 0
			for _, ev := range evs {
				if ev.Action == "retention.run" {
					n++
				}
			}
			return n
		}
		// instances runs two workers until want runs are recorded (or a
		// generous deadline passes on a loaded machine), then lets them go
		// on checking for a while, so a second run in the same interval
		// would show.
		instances := func(want int) {
			wctx, cancel := context.WithCancel(ctx)
			logger := slog.New(slog.NewTextHandler(io.Discard, nil))
			var wg sync.WaitGroup
			for range 2 {
				wg.Go(func() { runRetention(wctx, models.NewStore(db, now), time.Hour, 5*time.Millisecond, now, logger) })
			}
			for deadline := time.Now().Add(time.Minute); runs() < want && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond) // dozens more checks by each worker
			cancel()
			wg.Wait()
		}

		instances(1)
		if n := runs(); n != 1 {
			t.Fatalf("%d retention runs within one interval; want 1", n)
		}
		got, err := store.GetApplicant(ctx, jc.ID, a.ID)
		testdb.Must(t, err)
		if got.AnonymisedAt == nil || got.LastName != "" {
			t.Errorf("applicant past the period = %+v; want erased", got)
		}

		mu.Lock()
		clock = clock.Add(time.Hour)
		mu.Unlock()
		instances(2)
		if n := runs(); n != 2 {
			t.Errorf("%d retention runs after the interval passed; want 2", n)
		}
	})
}
