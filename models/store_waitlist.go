package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// WaitlistStatus is where a waiting-list entry stands.
type WaitlistStatus string

// Waiting-list statuses.
const (
	WaitlistWaiting   WaitlistStatus = "waiting"
	WaitlistOffered   WaitlistStatus = "offered"   // a freed place was offered by mail
	WaitlistAccepted  WaitlistStatus = "accepted"  // the employer took it
	WaitlistExpired   WaitlistStatus = "expired"   // the offer ran out; the next one got it
	WaitlistWithdrawn WaitlistStatus = "withdrawn" // the employer left the list
)

// WaitlistEntry is an employer waiting for a place at an event, or for one
// block (StartsAt–EndsAt) of a job fair. Entries are served in ID order.
type WaitlistEntry struct {
	ID              int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	JobCentreID     int64
	EventID         int64
	EmployerID      int64
	ContactPersonID int64
	StartsAt        *time.Time // nil: any place at the event
	EndsAt          *time.Time
	Status          WaitlistStatus
	OfferTokenHash  *string
	OfferedAt       *time.Time
	OfferExpiresAt  *time.Time

	Event    Event         `gorm:"foreignKey:EventID"`
	Employer Employer      `gorm:"foreignKey:EmployerID"`
	Contact  ContactPerson `gorm:"foreignKey:ContactPersonID"`
}

// TableName fixes the table name.
func (WaitlistEntry) TableName() string { return "waitlist_entries" }

// JoinWaitlist queues the employer for the event or block. The event, the
// employer and the contact must belong to the job centre; ErrDuplicate if
// the employer already waits for the same place.
func (s *Store) JoinWaitlist(ctx context.Context, e *WaitlistEntry) error {
	e.Status = WaitlistWaiting
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, e.JobCentreID, e.EventID); err != nil {
			return err
		}
		var n int64
		err := tx.db.WithContext(ctx).Model(&ContactPerson{}).
			Where("id = ? AND employer_id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)",
				e.ContactPersonID, e.EmployerID, e.JobCentreID).Count(&n).Error
		if err != nil || n == 0 {
			return translate(firstErr(err, gorm.ErrRecordNotFound), "load contact %d of employer %d", e.ContactPersonID, e.EmployerID)
		}
		if e.StartsAt != nil {
			// The unique index covers "any place" entries only (see the
			// migration); a second entry for the same block is refused here.
			err := tx.db.WithContext(ctx).Model(&WaitlistEntry{}).
				Where("event_id = ? AND employer_id = ? AND starts_at = ? AND status IN ?", e.EventID, e.EmployerID,
					e.StartsAt.UTC(), []WaitlistStatus{WaitlistWaiting, WaitlistOffered}).Count(&n).Error
			if err != nil {
				return translate(err, "check waiting list of event %d", e.EventID)
			}
			if n > 0 {
				return translate(ErrDuplicate, "join waiting list of event %d", e.EventID)
			}
		}
		err = tx.db.WithContext(ctx).Omit("Event", "Employer", "Contact").Create(e).Error
		return translate(err, "join waiting list of event %d", e.EventID)
	})
}

// ListEmployerWaitlist returns the employer's open entries (waiting or
// offered) with their events and their place in the queue.
func (s *Store) ListEmployerWaitlist(ctx context.Context, jobCentreID, employerID int64) ([]WaitlistEntry, error) {
	var es []WaitlistEntry
	err := s.db.WithContext(ctx).
		Preload("Event").
		Where("employer_id = ? AND job_centre_id = ? AND status IN ?", employerID, jobCentreID,
			[]WaitlistStatus{WaitlistWaiting, WaitlistOffered}).
		Order("id").Find(&es).Error
	return es, translate(err, "list waiting list of employer %d", employerID)
}

// WithdrawWaitlistEntry takes the employer off the list; an entry of
// another employer reads as ErrNotFound.
func (s *Store) WithdrawWaitlistEntry(ctx context.Context, jobCentreID, employerID, id int64) error {
	res := s.db.WithContext(ctx).Model(&WaitlistEntry{}).
		Where("id = ? AND employer_id = ? AND job_centre_id = ? AND status IN ?", id, employerID, jobCentreID,
			[]WaitlistStatus{WaitlistWaiting, WaitlistOffered}).
		Updates(map[string]any{"status": WaitlistWithdrawn, "updated_at": s.nowUTC()})
	return rowsOrNotFound(res, "withdraw waiting-list entry %d", id)
}

// NextWaitlistEntry returns the first waiting entry for a freed place: for
// a block, entries for that block or for any place at the event; for a
// place at the event (block nil), entries for any place. ErrNotFound if
// nobody waits.
func (s *Store) NextWaitlistEntry(ctx context.Context, eventID int64, blockStart *time.Time) (WaitlistEntry, error) {
	q := s.db.WithContext(ctx).
		Preload("Event").Preload("Employer").Preload("Contact").
		Where("event_id = ? AND status = ?", eventID, WaitlistWaiting)
	if blockStart != nil {
		q = q.Where("(starts_at IS NULL OR starts_at = ?)", blockStart.UTC())
	} else {
		q = q.Where("starts_at IS NULL") // a block-waiter cannot use a place without a table
	}
	var e WaitlistEntry
	err := q.Order("id").First(&e).Error
	return e, translate(err, "next on waiting list of event %d", eventID)
}

// OfferWaitlistEntry marks a waiting entry as offered until expires, with
// the hash of the link's token. A block (start, end) pins an entry that
// waited for any place to the freed block. ErrConflict if it is no longer
// waiting.
func (s *Store) OfferWaitlistEntry(ctx context.Context, id int64, tokenHash string, expires time.Time, block *[2]time.Time) error {
	now := s.nowUTC()
	cols := map[string]any{"status": WaitlistOffered, "offer_token_hash": tokenHash, "offered_at": now,
		"offer_expires_at": expires.UTC(), "updated_at": now}
	if block != nil {
		cols["starts_at"], cols["ends_at"] = block[0].UTC(), block[1].UTC()
	}
	res := s.db.WithContext(ctx).Model(&WaitlistEntry{}).
		Where("id = ? AND status = ?", id, WaitlistWaiting).
		Updates(cols)
	if res.Error != nil {
		return translate(res.Error, "offer waiting-list entry %d", id)
	}
	if res.RowsAffected == 0 {
		return translate(ErrConflict, "offer waiting-list entry %d", id)
	}
	return nil
}

// FindWaitlistOffer loads an entry by the hash of its offer token, in any
// status, with event, employer and contact, so the caller can tell the
// visitor whether the offer was taken, expired or withdrawn.
func (s *Store) FindWaitlistOffer(ctx context.Context, tokenHash string) (WaitlistEntry, error) {
	var e WaitlistEntry
	err := s.db.WithContext(ctx).
		Preload("Event").Preload("Employer").Preload("Contact").
		Where("offer_token_hash = ?", tokenHash).First(&e).Error
	return e, translate(err, "load waiting-list offer")
}

// AcceptWaitlistOffer marks an offered entry accepted if its offer still
// runs at now. ErrConflict if it is no longer offered or has run out.
func (s *Store) AcceptWaitlistOffer(ctx context.Context, id int64, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&WaitlistEntry{}).
		Where("id = ? AND status = ? AND offer_expires_at > ?", id, WaitlistOffered, now.UTC()).
		Updates(map[string]any{"status": WaitlistAccepted, "updated_at": s.nowUTC()})
	if res.Error != nil {
		return translate(res.Error, "accept waiting-list offer %d", id)
	}
	if res.RowsAffected == 0 {
		return translate(ErrConflict, "accept waiting-list offer %d", id)
	}
	return nil
}

// ExpireWaitlistOffers marks offers that ran out by now as expired and
// returns them, so the caller can offer each freed place to the next one.
// Call it in a transaction together with the new offers.
func (s *Store) ExpireWaitlistOffers(ctx context.Context, now time.Time) ([]WaitlistEntry, error) {
	var es []WaitlistEntry
	err := s.db.WithContext(ctx).
		Where("status = ? AND offer_expires_at <= ?", WaitlistOffered, now.UTC()).
		Order("id").Find(&es).Error
	if err != nil {
		return nil, translate(err, "find expired waiting-list offers")
	}
	if len(es) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	err = s.db.WithContext(ctx).Model(&WaitlistEntry{}).
		Where("id IN ? AND status = ?", ids, WaitlistOffered).
		Updates(map[string]any{"status": WaitlistExpired, "updated_at": s.nowUTC()}).Error
	return es, translate(err, "expire waiting-list offers")
}

// TakeWaitlistPlace gives the place of an offered entry to its employer at
// now: the entry becomes accepted, the employer registered (a cancelled
// registration comes back, taking a seat where the event has a capacity)
// and, for a block, a free venue table of that block is booked. ErrConflict
// if the offer is no longer open, ErrTaken if the place is gone after all.
// It returns the registration.
func (s *Store) TakeWaitlistPlace(ctx context.Context, e WaitlistEntry, now time.Time) (EventRegistration, error) {
	var reg EventRegistration
	err := s.Transaction(ctx, func(tx *Store) error {
		if err := tx.AcceptWaitlistOffer(ctx, e.ID, now); err != nil {
			return err
		}
		db := tx.db.WithContext(ctx)
		var ev Event
		if err := db.Preload("Days").Preload("Tables").
			Where("id = ? AND job_centre_id = ?", e.EventID, e.JobCentreID).First(&ev).Error; err != nil {
			return translate(err, "load event %d", e.EventID)
		}
		err := db.Where("event_id = ? AND employer_id = ?", e.EventID, e.EmployerID).First(&reg).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			reg = EventRegistration{EventID: e.EventID, EmployerID: e.EmployerID, ContactPersonID: e.ContactPersonID,
				Status: RegistrationRegistered, ParallelInterviews: 1}
			if err := db.Omit(clause.Associations).Create(&reg).Error; err != nil {
				return translate(err, "register employer %d for event %d", e.EmployerID, e.EventID)
			}
			if ev.Capacity != nil {
				if err := tx.takeSeat(ctx, ev.ID); err != nil {
					return err
				}
			}
		case err != nil:
			return translate(err, "load registration of employer %d", e.EmployerID)
		case reg.Status != RegistrationRegistered:
			if err := tx.SetRegistrationStatus(ctx, e.JobCentreID, reg.ID, RegistrationRegistered); err != nil {
				return err
			}
			reg.Status = RegistrationRegistered
		}
		if e.StartsAt == nil {
			return nil
		}
		blocks, err := tx.EventBlocks(ctx, ev)
		if err != nil {
			return err
		}
		for _, b := range blocks {
			if !b.Taken && b.StartsAt.Equal(*e.StartsAt) {
				return tx.bookTables(ctx, ev, reg.ID, []TableBooking{{TableID: b.TableID, StartsAt: b.StartsAt, EndsAt: b.EndsAt}})
			}
		}
		return translate(ErrTaken, "book block of event %d", e.EventID)
	})
	if err != nil {
		return EventRegistration{}, err
	}
	return reg, nil
}
