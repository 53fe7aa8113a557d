package models_test

import (
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestJoinWaitlistSignup(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ev := f.event(t, f.a, "Jobmesse Waiblingen")
		testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", ev.ID).Update("status", models.EventOpen).Error)
		known := f.employer(t, f.a, "Bäckerei Maier")
		cancelled := models.EventRegistration{EventID: ev.ID, EmployerID: known.ID, ContactPersonID: known.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1}
		testdb.Must(t, f.store.RegisterEmployer(f.ctx, f.a.ID, &cancelled))
		testdb.Must(t, f.store.SetRegistrationStatus(f.ctx, f.a.ID, cancelled.ID, models.RegistrationCancelled))

		morning := ev.Days[0].StartsAt
		afternoon := morning.Add(3 * time.Hour)
		signup := func(name, email string, blocks ...time.Time) models.Signup {
			in := models.Signup{EventID: ev.ID, Employer: models.Employer{Name: name},
				Contact:            models.ContactPerson{Name: "Kontakt " + name, Email: email, Locale: models.LocaleDE},
				Site:               models.Site{Street: "Hauptstraße 1", Postcode: "71332", Town: "Waiblingen"},
				Vacancies:          []models.Vacancy{{Title: "Lagerist/in", Hours: models.HoursFull}},
				ParallelInterviews: 2}
			for i, b := range blocks {
				in.Tables = append(in.Tables, models.TableBooking{TableID: ev.Tables[i%2].ID, StartsAt: b, EndsAt: b.Add(3 * time.Hour)})
			}
			return in
		}
		boom := errors.New("mail failed")
		tests := []struct {
			name         string
			in           models.Signup
			also         error
			wantErr      error
			wantEntries  int
			wantPosition int
		}{
			{"any place, first", signup("Erste GmbH", "erste@example.org"), nil, nil, 1, 1},
			{"any place, second", signup("Zweite GmbH", "zweite@example.org"), nil, nil, 1, 2},
			{"same address again", signup("Erste GmbH", "ERSTE@example.org"), nil, models.ErrDuplicate, 0, 0},
			// Both tables of the morning are one place in the queue; the
			// two any-place waiters come first for it.
			{"two blocks", signup("Dritte AG", "dritte@example.org", morning, morning, afternoon), nil, nil, 2, 3},
			{"a cancelled registration comes back waiting", signup("Bäckerei Maier", known.Contacts[0].Email), nil, nil, 1, 3},
			{"the mail fails: nothing saved", signup("Vierte KG", "vierte@example.org"), boom, boom, 0, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w, err := f.store.JoinWaitlistSignup(f.ctx, f.a.ID, tt.in, func(tx *models.Store, w models.WaitlistSignup) error {
					return tt.also
				})
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				var contacts []models.ContactPerson
				testdb.Must(t, db.Where("lower(email) = lower(?)", tt.in.Contact.Email).Find(&contacts).Error)
				if tt.wantErr != nil {
					if tt.wantErr == boom && len(contacts) != 0 {
						t.Errorf("rolled-back signup left %d contacts", len(contacts))
					}
					return
				}
				if len(contacts) != 1 || w.Registration.EmployerID != contacts[0].EmployerID {
					t.Fatalf("contacts %+v, registration %+v", contacts, w.Registration)
				}
				var reg models.EventRegistration
				testdb.Must(t, db.Preload("Vacancies").Where("id = ?", w.Registration.ID).First(&reg).Error)
				if reg.Status != models.RegistrationWaiting || reg.ParallelInterviews != 2 || len(reg.Vacancies) != 1 {
					t.Errorf("registration = %+v", reg)
				}
				if len(w.Entries) != tt.wantEntries || w.Position != tt.wantPosition {
					t.Errorf("%d entries at position %d, want %d at %d", len(w.Entries), w.Position, tt.wantEntries, tt.wantPosition)
				}
				for _, e := range w.Entries {
					if e.ID == 0 || e.Status != models.WaitlistWaiting || e.EmployerID != reg.EmployerID {
						t.Errorf("entry = %+v", e)
					}
				}
			})
		}
		if cancelled.ID != registrationID(t, db, ev.ID, known.ID) {
			t.Errorf("the cancelled registration was not reused")
		}
		if n, err := f.store.SeatsTaken(f.ctx, ev.ID); err != nil || n != 0 {
			t.Errorf("waiting employers took %d seats (%v)", n, err)
		}

		t.Run("closed event", func(t *testing.T) {
			testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", ev.ID).Update("status", models.EventClosed).Error)
			_, err := f.store.JoinWaitlistSignup(f.ctx, f.a.ID, signup("Späte GmbH", "spaet@example.org"), nil)
			if !errors.Is(err, models.ErrRegistrationClosed) {
				t.Fatalf("err = %v, want ErrRegistrationClosed", err)
			}
		})
		t.Run("event of another job centre", func(t *testing.T) {
			_, err := f.store.JoinWaitlistSignup(f.ctx, f.b.ID, signup("Fremd GmbH", "fremd@example.org"), nil)
			if !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
		})
	})
}

func registrationID(t *testing.T, db *gorm.DB, eventID, employerID int64) int64 {
	t.Helper()
	var reg models.EventRegistration
	testdb.Must(t, db.Where("event_id = ? AND employer_id = ?", eventID, employerID).First(&reg).Error)
	return reg.ID
}
