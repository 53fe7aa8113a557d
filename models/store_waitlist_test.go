package models_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestWaitlistQueue(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ev := f.event(t, f.a, "Speed-Dating Lager")
		block := time.Date(2026, 4, 14, 7, 0, 0, 0, time.UTC)
		blockEnd := block.Add(3 * time.Hour)
		var entries []models.WaitlistEntry
		for i, name := range []string{"Erste GmbH", "Zweite KG", "Dritte AG"} {
			e := f.employer(t, f.a, name)
			w := models.WaitlistEntry{JobCentreID: f.a.ID, EventID: ev.ID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID}
			if i == 1 { // the second waits for one block only
				w.StartsAt, w.EndsAt = &block, &blockEnd
			}
			testdb.Must(t, f.store.JoinWaitlist(f.ctx, &w))
			entries = append(entries, w)
		}

		t.Run("joining twice is a duplicate", func(t *testing.T) {
			again := entries[0]
			again.ID = 0
			if err := f.store.JoinWaitlist(f.ctx, &again); !errors.Is(err, models.ErrDuplicate) {
				t.Fatalf("err = %v, want ErrDuplicate", err)
			}
		})
		t.Run("joining the same block twice is a duplicate", func(t *testing.T) {
			again := entries[1]
			again.ID = 0
			if err := f.store.JoinWaitlist(f.ctx, &again); !errors.Is(err, models.ErrDuplicate) {
				t.Fatalf("err = %v, want ErrDuplicate", err)
			}
		})
		t.Run("foreign job centre or contact is not found", func(t *testing.T) {
			other := f.employer(t, f.b, "Fremd GmbH")
			w := models.WaitlistEntry{JobCentreID: f.a.ID, EventID: ev.ID, EmployerID: other.ID, ContactPersonID: other.Contacts[0].ID}
			if err := f.store.JoinWaitlist(f.ctx, &w); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
		})

		later := block.Add(3 * time.Hour)
		tests := []struct {
			name  string
			block *time.Time
			want  int64
		}{
			{"a place at the event goes to the first", nil, entries[0].ID},
			{"a block goes to the first who takes any place", &block, entries[0].ID},
			{"another block too", &later, entries[0].ID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := f.store.NextWaitlistEntry(f.ctx, ev.ID, tt.block)
				testdb.Must(t, err)
				if got.ID != tt.want || got.Contact.ID == 0 || got.Event.ID != ev.ID {
					t.Errorf("next = %d (contact %d), want %d", got.ID, got.Contact.ID, tt.want)
				}
			})
		}

		now := testdb.Clock()
		hash := func(c string) string { return strings.Repeat(c, 64) }
		testdb.Must(t, f.store.OfferWaitlistEntry(f.ctx, entries[0].ID, hash("a"), now.Add(48*time.Hour), &[2]time.Time{block, blockEnd}))
		if err := f.store.OfferWaitlistEntry(f.ctx, entries[0].ID, hash("b"), now.Add(48*time.Hour), nil); !errors.Is(err, models.ErrConflict) {
			t.Errorf("offering twice: %v, want ErrConflict", err)
		}
		// With the first offered, a block goes to whoever waits for it or for any place.
		if got, err := f.store.NextWaitlistEntry(f.ctx, ev.ID, &later); err != nil || got.ID != entries[2].ID {
			t.Errorf("another block: %d, %v; want the third (the second waits for another block)", got.ID, err)
		}
		if got, err := f.store.NextWaitlistEntry(f.ctx, ev.ID, &block); err != nil || got.ID != entries[1].ID {
			t.Errorf("the block: %d, %v; want the second", got.ID, err)
		}
		offered, err := f.store.FindWaitlistOffer(f.ctx, hash("a"))
		testdb.Must(t, err)
		if offered.StartsAt == nil || !offered.StartsAt.Equal(block) || offered.Status != models.WaitlistOffered {
			t.Errorf("offer: %+v", offered)
		}

		if exp, err := f.store.ExpireWaitlistOffers(f.ctx, now.Add(48*time.Hour-time.Second)); err != nil || len(exp) != 0 {
			t.Fatalf("expired early: %d, %v", len(exp), err)
		}
		if err := f.store.AcceptWaitlistOffer(f.ctx, entries[0].ID, now.Add(48*time.Hour)); !errors.Is(err, models.ErrConflict) {
			t.Errorf("accept at expiry: %v, want ErrConflict", err)
		}
		exp, err := f.store.ExpireWaitlistOffers(f.ctx, now.Add(48*time.Hour))
		if err != nil || len(exp) != 1 || exp[0].ID != entries[0].ID {
			t.Fatalf("expire: %+v, %v", exp, err)
		}
		if exp, _ := f.store.ExpireWaitlistOffers(f.ctx, now.Add(49*time.Hour)); len(exp) != 0 {
			t.Errorf("expired twice: %d", len(exp))
		}

		testdb.Must(t, f.store.WithdrawWaitlistEntry(f.ctx, f.a.ID, entries[1].EmployerID, entries[1].ID))
		if err := f.store.WithdrawWaitlistEntry(f.ctx, f.a.ID, entries[0].EmployerID, entries[2].ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("withdraw another employer's entry: %v, want ErrNotFound", err)
		}
		if got, err := f.store.NextWaitlistEntry(f.ctx, ev.ID, nil); err != nil || got.ID != entries[2].ID {
			t.Errorf("after expiry and withdrawal: %d, %v; want the third", got.ID, err)
		}
	})
}
