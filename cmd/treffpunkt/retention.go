package main

import (
	"context"
	"log/slog"
	"time"

	"treffpunkt/models"
)

// Retention (issue 8, part 3): applicant data is erased a job centre's
// retention days after the applicant's last event (models.RunRetention).

// retentionJob names the run in scheduled_jobs.
const retentionJob = "retention"

// retentionInterval is how often the retention run happens across all
// instances; the retention period is counted in days, so daily is enough.
const retentionInterval = 24 * time.Hour

// retentionCheck is how often each instance asks whether the run is due:
// after a restart the run happens within this time, not a day later.
const retentionCheck = 10 * time.Minute

// retentionRetry is when a failed run is tried again.
const retentionRetry = 15 * time.Minute

// retentionTimeout bounds one run; a first run on years of data takes
// longer than a daily one, which erases a handful of applicants.
const retentionTimeout = 10 * time.Minute

// runRetention runs the retention job whenever it is due until ctx ends.
// Every instance runs this loop; ClaimScheduledJob lets exactly one of
// them run each interval, and the run itself is idempotent, so a crash in
// the middle is repaired by the next one.
func runRetention(ctx context.Context, store *models.Store, interval, check time.Duration, now func() time.Time, logger *slog.Logger) {
	t := time.NewTicker(check)
	defer t.Stop()
	for {
		if _, err := retentionOnce(ctx, store, interval, now, logger); err != nil && ctx.Err() == nil {
			logger.Error("retention run failed; retrying later", "err", err, "retry_in", retentionRetry.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// retentionOnce runs the job if this instance wins the claim and reports
// whether it ran.
func retentionOnce(ctx context.Context, store *models.Store, interval time.Duration, now func() time.Time, logger *slog.Logger) (bool, error) {
	rctx, cancel := context.WithTimeout(ctx, retentionTimeout)
	defer cancel()
	ok, err := store.ClaimScheduledJob(rctx, retentionJob, interval)
	if err != nil || !ok {
		return false, err
	}
	results, err := store.RunRetention(rctx)
	for _, r := range results {
		logger.Info("retention run", "job_centre_id", r.JobCentreID, "retention_days", r.RetentionDays,
			"erased", r.Erased, "mail_bodies", r.MailBodies)
	}
	if err != nil {
		// The claim moved the next run a whole interval ahead; a failed run
		// (database away) should not wait that long. Job centres done before
		// the failure are simply found clean next time.
		sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer scancel()
		if rerr := store.RescheduleJob(sctx, retentionJob, now().Add(retentionRetry)); rerr != nil {
			logger.Warn("reschedule retention run", "err", rerr)
		}
		return true, err
	}
	return true, nil
}
