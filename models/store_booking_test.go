package models_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// openEvent creates an open job fair (two tables, one day) of the fixture.
func (f fixture) openEvent(t *testing.T, jc models.JobCentre, title string) models.Event {
	t.Helper()
	ev := f.event(t, jc, title)
	v, err := f.store.SetEventStatus(f.ctx, jc.ID, ev.ID, ev.Version, models.EventOpen)
	testdb.Must(t, err)
	ev.Version, ev.Status = v, models.EventOpen
	return ev
}

func signup(ev models.Event, company, email string, tables ...models.TableBooking) models.Signup {
	day := ev.Days[0]
	return models.Signup{
		EventID:  ev.ID,
		Employer: models.Employer{Name: company},
		Contact:  models.ContactPerson{Name: "Petra Maier", Email: email, Phone: "07151 1234", Locale: models.LocaleEN},
		Site:     models.Site{Street: "Lange Straße 12", Postcode: "71332", Town: "Waiblingen"},
		Vacancies: []models.Vacancy{{Title: "Verkäufer/in", Hours: models.HoursPart, HoursPerWeek: ptr(20),
			MinGermanLevel: ptr(models.GermanA2)}},
		ParallelInterviews: 2,
		Windows:            []models.EmployerWindow{{StartsAt: day.StartsAt, EndsAt: day.StartsAt.Add(3 * time.Hour)}},
		Tables:             tables,
	}
}

func TestRegisterSignup(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		fair := f.openEvent(t, f.a, "Jobmesse")
		draft := f.event(t, f.a, "Entwurf")
		foreign := f.openEvent(t, f.b, "Ostalb-Messe")
		blocks := models.DayBlocks(fair.Days[0], fair.SlotMinutes, fair.BufferMinutes)
		if len(blocks) != 2 || !blocks[0][1].Equal(blocks[1][0]) || !blocks[0][0].Equal(fair.Days[0].StartsAt) {
			t.Fatalf("DayBlocks = %v", blocks)
		}
		morning := func(table models.EventTable) models.TableBooking {
			return models.TableBooking{TableID: table.ID, StartsAt: blocks[0][0], EndsAt: blocks[0][1]}
		}
		t1, t2 := fair.Tables[0], fair.Tables[1]
		hookErr := errors.New("mail failed")

		for _, tc := range []struct {
			name string
			jc   int64
			in   models.Signup
			hook error
			err  error
		}{
			{"first books table 1 morning", f.a.ID, signup(fair, "Bäckerei Maier", "maier@example.org", morning(t1)), nil, nil},
			{"same block of table 1 is taken", f.a.ID, signup(fair, "Metzgerei Koch", "koch@example.org", morning(t1)), nil, models.ErrTaken},
			{"overlapping range of table 1 is taken", f.a.ID, signup(fair, "Metzgerei Koch", "koch@example.org",
				models.TableBooking{TableID: t1.ID, StartsAt: blocks[0][1].Add(-time.Minute), EndsAt: blocks[1][1]}), nil, models.ErrTaken},
			{"table 2 is free", f.a.ID, signup(fair, "Metzgerei Koch", "koch@example.org", morning(t2)), nil, nil},
			{"same e-mail again is a duplicate", f.a.ID, signup(fair, "Bäckerei Maier GmbH", "MAIER@example.org"), nil, models.ErrDuplicate},
			{"draft event is closed", f.a.ID, signup(draft, "Gärtnerei Grün", "gruen@example.org"), nil, models.ErrRegistrationClosed},
			{"table of another event", f.a.ID, signup(fair, "Gärtnerei Grün", "gruen@example.org",
				models.TableBooking{TableID: foreign.Tables[0].ID, StartsAt: blocks[1][0], EndsAt: blocks[1][1]}), nil, models.ErrNotFound},
			{"event of another job centre", f.a.ID, signup(foreign, "Gärtnerei Grün", "gruen@example.org"), nil, models.ErrNotFound},
			{"failing mail saves nothing", f.a.ID, signup(fair, "Gärtnerei Grün", "gruen@example.org",
				models.TableBooking{TableID: t2.ID, StartsAt: blocks[1][0], EndsAt: blocks[1][1]}), hookErr, hookErr},
		} {
			var hooked bool
			reg, err := f.store.RegisterSignup(f.ctx, tc.jc, tc.in, func(tx *models.Store, reg models.EventRegistration) error {
				hooked = reg.ID > 0
				return tc.hook
			})
			wantErr(t, tc.name, err, tc.err)
			if tc.err == nil && (!hooked || reg.ID == 0 || len(reg.Vacancies) != 1 || len(reg.Windows) != 1) {
				t.Errorf("%s: registration %+v, hook called %v", tc.name, reg, hooked)
			}
			if tc.err != nil && reg.ID != 0 {
				t.Errorf("%s: failed but returned registration %d", tc.name, reg.ID)
			}
		}

		regs, err := f.store.ListRegistrations(f.ctx, f.a.ID, fair.ID)
		testdb.Must(t, err)
		if len(regs) != 2 || regs[0].Employer.Name != "Bäckerei Maier" || regs[1].Employer.Name != "Metzgerei Koch" ||
			regs[0].Contact.Locale != models.LocaleEN || regs[0].ParallelInterviews != 2 || regs[0].SiteID != nil ||
			regs[0].Vacancies[0].Vacancy.CandidatesWanted != 4 {
			t.Fatalf("registrations = %+v", regs)
		}
		bookings, err := f.store.ListTableBookings(f.ctx, f.a.ID, fair.ID)
		testdb.Must(t, err)
		if len(bookings) != 2 {
			t.Fatalf("bookings = %+v, want 2", bookings)
		}
		var outsiders int64
		testdb.Must(t, db.Model(&models.Employer{}).Where("name = ?", "Gärtnerei Grün").Count(&outsiders).Error)
		if outsiders != 0 {
			t.Errorf("failed signups left %d employers behind", outsiders)
		}
		got, err := f.store.EventBlocks(f.ctx, fair)
		testdb.Must(t, err)
		taken := map[string]bool{}
		for _, b := range got {
			taken[b.Key()] = b.Taken
		}
		if len(got) != 4 || !taken[models.Block{TableID: t1.ID, StartsAt: blocks[0][0]}.Key()] ||
			taken[models.Block{TableID: t1.ID, StartsAt: blocks[1][0]}.Key()] {
			t.Errorf("EventBlocks = %+v", got)
		}
	})
}

func TestRegistrationClosedRules(t *testing.T) {
	t.Parallel()
	now := testdb.Clock()
	day := models.EventDay{StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(54 * time.Hour)}
	past := models.EventDay{StartsAt: now.Add(-54 * time.Hour), EndsAt: now.Add(-48 * time.Hour)}
	for _, tc := range []struct {
		name string
		ev   models.Event
		want bool
	}{
		{"open, future day", models.Event{Status: models.EventOpen, Days: []models.EventDay{day}}, true},
		{"draft", models.Event{Status: models.EventDraft, Days: []models.EventDay{day}}, false},
		{"closed", models.Event{Status: models.EventClosed, Days: []models.EventDay{day}}, false},
		{"deadline passed", models.Event{Status: models.EventOpen, Days: []models.EventDay{day}, RegistrationDeadline: ptr(now)}, false},
		{"deadline ahead", models.Event{Status: models.EventOpen, Days: []models.EventDay{day}, RegistrationDeadline: ptr(now.Add(time.Hour))}, true},
		{"last day over", models.Event{Status: models.EventOpen, Days: []models.EventDay{past}}, false},
	} {
		if got := models.RegistrationOpen(tc.ev, now); got != tc.want {
			t.Errorf("%s: RegistrationOpen = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestGroupSessionCapacity(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ev := f.openEvent(t, f.a, "Infoveranstaltung")
		testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", ev.ID).
			Updates(map[string]any{"kind": models.EventKindGroupSession, "capacity": 2}).Error)
		var ids []int64
		for i, want := range []error{nil, nil, models.ErrTaken} {
			reg, err := f.store.RegisterSignup(f.ctx, f.a.ID, signup(ev, fmt.Sprintf("Firma %d", i), fmt.Sprintf("f%d@example.org", i)), nil)
			wantErr(t, fmt.Sprintf("signup %d", i), err, want)
			ids = append(ids, reg.ID)
		}
		seats, err := f.store.SeatsTaken(f.ctx, ev.ID)
		testdb.Must(t, err)
		if seats != 2 {
			t.Fatalf("seats taken = %d, want 2", seats)
		}
		// Cancelling frees the seat; taking it back fails while it is gone again.
		steps := []struct {
			id     int64
			status models.RegistrationStatus
			err    error
			seats  int
		}{
			{ids[0], models.RegistrationCancelled, nil, 1},
			{ids[0], models.RegistrationCancelled, nil, 1},
			{ids[1], models.RegistrationWaiting, nil, 0},
			{ids[0], models.RegistrationRegistered, nil, 1},
			{ids[1], models.RegistrationRegistered, nil, 2},
		}
		for i, s := range steps {
			wantErr(t, fmt.Sprintf("step %d", i), f.store.SetRegistrationStatus(f.ctx, f.a.ID, s.id, s.status), s.err)
			got, err := f.store.SeatsTaken(f.ctx, ev.ID)
			testdb.Must(t, err)
			if got != s.seats {
				t.Errorf("step %d: seats taken = %d, want %d", i, got, s.seats)
			}
		}
		_, err = f.store.RegisterSignup(f.ctx, f.a.ID, signup(ev, "Firma X", "x@example.org"), nil)
		wantErr(t, "signup when full", err, models.ErrTaken)
		wantErr(t, "other job centre", f.store.SetRegistrationStatus(f.ctx, f.b.ID, ids[0], models.RegistrationCancelled), models.ErrNotFound)
	})
}

// TestConcurrentBookings lets many employers race for the last free table
// block and the last seat: exactly one wins each round, every other gets
// ErrTaken, never another error. Run it with -race.
func TestConcurrentBookings(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		rounds, racers := 50, 200
		if db.Dialector.Name() == models.DialectSQLite {
			rounds = 5 // one writer: the rounds only queue; five prove the same
		}
		if testing.Short() {
			rounds = 2
		}
		f := newFixture(t, db)
		for r := range rounds {
			ev := f.openEvent(t, f.a, fmt.Sprintf("Messe %d", r))
			if r%2 == 1 {
				testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", ev.ID).Update("capacity", 1).Error)
			}
			block := models.TableBooking{TableID: ev.Tables[0].ID, StartsAt: ev.Days[0].StartsAt, EndsAt: ev.Days[0].EndsAt}
			var wg sync.WaitGroup
			errs := make([]error, racers)
			start := make(chan struct{})
			for i := range racers {
				wg.Go(func() {
					<-start
					in := signup(ev, fmt.Sprintf("Firma %d-%d", r, i), fmt.Sprintf("f%d-%d@example.org", r, i))
					if r%2 == 0 {
						in.Tables = []models.TableBooking{block}
					}
					_, errs[i] = f.store.RegisterSignup(f.ctx, f.a.ID, in, nil)
				})
			}
			close(start)
			wg.Wait()
			won := 0
			for i, err := range errs {
				switch {
				case err == nil:
					won++
				case !errors.Is(err, models.ErrTaken):
					t.Fatalf("round %d racer %d: %v, want nil or ErrTaken", r, i, err)
				}
			}
			if won != 1 {
				t.Fatalf("round %d: %d winners, want exactly 1", r, won)
			}
		}
	})
}

// TestNoOverlapInDatabase proves the database itself refuses overlapping
// bookings of one table (exclusion constraint on PostgreSQL, trigger on
// SQLite), whatever code inserts them, and that BookTable reports ErrTaken.
func TestNoOverlapInDatabase(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ev := f.openEvent(t, f.a, "Jobmesse")
		reg, err := f.store.RegisterSignup(f.ctx, f.a.ID, signup(ev, "Bäckerei Maier", "maier@example.org"), nil)
		testdb.Must(t, err)
		start := ev.Days[0].StartsAt
		book := func(table int, from, to time.Duration) models.TableBooking {
			return models.TableBooking{EventID: ev.ID, TableID: ev.Tables[table].ID, RegistrationID: reg.ID,
				StartsAt: start.Add(from), EndsAt: start.Add(to)}
		}
		first := book(0, 0, time.Hour)
		testdb.Must(t, db.Create(&first).Error)
		for _, tc := range []struct {
			name string
			b    models.TableBooking
			ok   bool
		}{
			{"same range", book(0, 0, time.Hour), false},
			{"inside", book(0, 10*time.Minute, 20*time.Minute), false},
			{"overlapping end", book(0, 59*time.Minute, 2*time.Hour), false},
			{"adjacent", book(0, time.Hour, 2*time.Hour), true},
			{"other table same time", book(1, 0, time.Hour), true},
		} {
			b := tc.b
			err := db.Create(&b).Error
			if tc.ok && err != nil {
				t.Errorf("%s: refused: %v", tc.name, err)
			}
			if !tc.ok {
				wantRejected(t, tc.name, err)
			}
		}
		b := book(1, 30*time.Minute, 90*time.Minute)
		wantErr(t, "BookTable overlapping", f.store.BookTable(f.ctx, f.a.ID, &b), models.ErrTaken)
		var moved models.TableBooking
		testdb.Must(t, db.Where("table_id = ? AND starts_at = ?", ev.Tables[0].ID, start.Add(time.Hour)).First(&moved).Error)
		wantRejected(t, "moving a booking onto another", db.Model(&moved).Update("starts_at", start.Add(30*time.Minute)).Error)
	})
}
