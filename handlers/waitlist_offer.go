package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
)

// waitlistOfferValidity is how long the first employer on the waiting list
// may take a freed place before it goes to the next one.
const waitlistOfferValidity = 48 * time.Hour

// offerFreedPlaces offers what a cancellation freed to the waiting list:
// each freed job-fair block, or one place at the event when no block was
// booked. Call it with the transaction store of the cancellation, so the
// offer mails are queued with it or not at all.
func (h *Handler) offerFreedPlaces(ctx context.Context, tx *models.Store, ev models.Event, freed []models.TableBooking) error {
	if len(freed) == 0 {
		return h.offerNext(ctx, tx, ev.ID, nil)
	}
	for _, b := range freed {
		if err := h.offerNext(ctx, tx, ev.ID, &[2]time.Time{b.StartsAt, b.EndsAt}); err != nil {
			return err
		}
	}
	return nil
}

// offerNext offers a place to the first employer waiting for it, with a
// mailed link valid for waitlistOfferValidity. Nobody waiting is no error.
func (h *Handler) offerNext(ctx context.Context, tx *models.Store, eventID int64, block *[2]time.Time) error {
	var start *time.Time
	if block != nil {
		start = &block[0]
	}
	entry, err := tx.NextWaitlistEntry(ctx, eventID, start)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	token, err := randomToken()
	if err != nil {
		return err
	}
	expires := h.now().UTC().Add(waitlistOfferValidity)
	if block == nil && entry.StartsAt != nil {
		block = &[2]time.Time{*entry.StartsAt, *entry.EndsAt}
	}
	if err := tx.OfferWaitlistEntry(ctx, entry.ID, sessionID(token), expires, block); err != nil {
		return err
	}
	jc, err := tx.GetJobCentre(ctx, entry.JobCentreID)
	if err != nil {
		return err
	}
	d := mail.WaitlistOfferData{
		Notice:     h.notice(entry.Contact, jc),
		EventTitle: entry.Event.Title,
		Employer:   entry.Employer.Name,
		URL:        h.opts.BaseURL + "/waitlist/" + token,
		Expires:    expires,
	}
	if block != nil {
		d.BlockStart, d.BlockEnd = block[0], block[1]
	}
	msg, err := h.employerMail.BuildWaitlistOffer(d, string(entry.Contact.Locale))
	if err != nil {
		return err
	}
	return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: jc.ID, Kind: "waitlist_offer", Locale: string(entry.Contact.Locale), Message: msg})
}

// expireWaitlistOffers moves every offer that ran out to the next employer
// waiting for the same place, in one transaction. It returns how many
// offers expired.
func (h *Handler) expireWaitlistOffers(ctx context.Context) (int, error) {
	n := 0
	err := h.store.Transaction(ctx, func(tx *models.Store) error {
		expired, err := tx.ExpireWaitlistOffers(ctx, h.now())
		if err != nil {
			return err
		}
		n = len(expired)
		for _, e := range expired {
			var block *[2]time.Time
			if e.StartsAt != nil {
				block = &[2]time.Time{*e.StartsAt, *e.EndsAt}
			}
			if err := h.offerNext(ctx, tx, e.EventID, block); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("handlers: expire waiting-list offers: %w", err)
	}
	return n, nil
}

// WaitlistWorker passes expired waiting-list offers on to the next
// employer. Its state lives in the database, so several instances may run
// it at once: the conditional updates let one of them win each offer.
type WaitlistWorker struct {
	h        *Handler
	interval time.Duration
}

// NewWaitlistWorker builds the worker from the same dependencies as the
// web handlers (store, clock, logger, base URL and mail sender address).
func NewWaitlistWorker(deps Deps, interval time.Duration) (*WaitlistWorker, error) {
	h, err := newHandler(deps)
	if err != nil {
		return nil, err
	}
	if interval <= 0 {
		interval = time.Minute
	}
	return &WaitlistWorker{h: h, interval: interval}, nil
}

// Tick expires the offers that ran out and offers their places to the next
// employers; it returns how many offers expired.
func (w *WaitlistWorker) Tick(ctx context.Context) (int, error) {
	return w.h.expireWaitlistOffers(ctx)
}

// Run ticks until ctx is cancelled. A failed tick is logged and retried on
// the next one: an offer that expired late is merely late.
func (w *WaitlistWorker) Run(ctx context.Context) {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		n, err := w.Tick(tctx)
		cancel()
		switch {
		case err != nil && ctx.Err() == nil:
			w.h.log.Warn("waiting-list worker", "err", err)
		case n > 0:
			w.h.log.Info("waiting-list offers expired", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
