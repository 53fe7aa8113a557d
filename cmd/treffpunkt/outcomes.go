package main

import (
	"context"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"time"

	"treffpunkt/mail"
	"treffpunkt/mail/outcomes"
	"treffpunkt/models"
)

// outcomeInterval is how often due outcome requests are queued; they go
// out hours after an event day, so a quarter of an hour late is nothing.
const outcomeInterval = 15 * time.Minute

// newOutcomeWorker returns the loop that asks employers after each event
// day what came of their interviews, and TREFFPUNKT_FOLLOWUP_WEEKS after
// the event again where the outcome was not final (mail/outcomes). Start it with the
// other workers: wg.Go(func() { outcomeWorker(wctx) }).
func newOutcomeWorker(cfg *Config, store *models.Store, now func() time.Time, logger *slog.Logger) (func(ctx context.Context), error) {
	composer, err := mail.NewOutcomeComposer()
	if err != nil {
		return nil, err
	}
	from, err := netmail.ParseAddress(cfg.MailFrom)
	if err != nil {
		return nil, fmt.Errorf("outcome requests: TREFFPUNKT_MAIL_FROM %q: %w", cfg.MailFrom, err)
	}
	sender := mail.Address{Name: from.Name, Email: from.Address}
	return func(ctx context.Context) {
		outcomes.Run(ctx, store, composer, now, cfg.BaseURL, sender, outcomeInterval, cfg.FollowUpAfter, logger.Warn)
	}, nil
}
