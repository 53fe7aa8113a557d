package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestEvents(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		fair := f.event(t, f.a, "Jobmesse")
		later := f.event(t, f.a, "Speed-Dating")
		foreign := f.event(t, f.b, "Ostalb-Messe")

		list, err := f.store.ListEvents(f.ctx, f.a.ID)
		if err != nil {
			t.Fatalf("ListEvents: %v", err)
		}
		// Same created_at (fixed clock): the newer ID comes first.
		if len(list) != 2 || list[0].ID != later.ID || list[1].ID != fair.ID || len(list[0].Days) != 1 {
			t.Fatalf("ListEvents = %+v", list)
		}

		got, err := f.store.GetEvent(f.ctx, f.a.ID, fair.ID)
		if err != nil {
			t.Fatalf("GetEvent: %v", err)
		}
		if got.Status != models.EventDraft || got.Version != 1 || !got.AtVenue() || len(got.Tables) != 2 ||
			got.Tables[0].Label != "Tisch 1" || *got.VenueTown != "Waiblingen" {
			t.Errorf("GetEvent = %+v", got)
		}
		day := got.Days[0]
		wantStart := time.Date(2026, time.April, 20, 9, 0, 0, 0, berlin)
		if !day.StartsAt.Equal(wantStart) || !day.Date.Equal(time.Date(2026, time.April, 20, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("day = %+v, want start %v", day, wantStart)
		}
		if h, _, _ := day.StartsAt.In(berlin).Clock(); h != 9 {
			t.Errorf("day starts at %d o'clock Berlin time, want 9", h)
		}

		for _, tc := range []struct {
			name string
			jc   int64
			id   int64
			err  error
		}{
			{"own", f.a.ID, fair.ID, nil},
			{"other job centre's event", f.a.ID, foreign.ID, models.ErrNotFound},
			{"own event asked by other job centre", f.b.ID, fair.ID, models.ErrNotFound},
		} {
			_, err := f.store.GetEvent(f.ctx, tc.jc, tc.id)
			wantErr(t, "GetEvent "+tc.name, err, tc.err)
			_, err = f.store.EventCounts(f.ctx, tc.jc, tc.id)
			wantErr(t, "EventCounts "+tc.name, err, tc.err)
		}

		byToken, err := f.store.FindEventByToken(f.ctx, fair.PublicToken)
		if err != nil || byToken.ID != fair.ID {
			t.Errorf("FindEventByToken = %d, %v", byToken.ID, err)
		}

		// Optimistic locking.
		edit := got
		edit.Title = "Jobmesse Frühjahr"
		edit.SlotMinutes = 15
		testdb.Must(t, f.store.UpdateEvent(f.ctx, &edit))
		if edit.Version != 2 {
			t.Errorf("version after update = %d, want 2", edit.Version)
		}
		stale := got
		stale.Title = "lost update"
		wantErr(t, "stale UpdateEvent", f.store.UpdateEvent(f.ctx, &stale), models.ErrConflict)
		foreignEdit := foreign
		foreignEdit.JobCentreID = f.a.ID
		wantErr(t, "UpdateEvent other job centre", f.store.UpdateEvent(f.ctx, &foreignEdit), models.ErrNotFound)
		v, err := f.store.SetEventStatus(f.ctx, f.a.ID, fair.ID, edit.Version, models.EventOpen)
		if err != nil || v != 3 {
			t.Errorf("SetEventStatus = %d, %v", v, err)
		}
		_, err = f.store.SetEventStatus(f.ctx, f.a.ID, fair.ID, edit.Version, models.EventClosed)
		wantErr(t, "stale SetEventStatus", err, models.ErrConflict)
		got, _ = f.store.GetEvent(f.ctx, f.a.ID, fair.ID)
		if got.Title != "Jobmesse Frühjahr" || got.SlotMinutes != 15 || got.Status != models.EventOpen || got.Version != 3 {
			t.Errorf("after updates = %+v", got)
		}

		d := time.Date(2026, time.March, 31, 0, 0, 0, 0, berlin)
		for _, tc := range []struct {
			name string
			ev   models.Event
			err  error
		}{
			{"duplicate token", models.Event{JobCentreID: f.a.ID, Kind: models.EventKindJobFair, Title: "x", SlotMinutes: 20, PublicToken: fair.PublicToken}, models.ErrDuplicate},
			{"unknown kind", models.Event{JobCentreID: f.a.ID, Kind: "party", Title: "x", SlotMinutes: 20, PublicToken: "tok-unknown-kind-0123"}, nil},
			{"unknown status", models.Event{JobCentreID: f.a.ID, Kind: models.EventKindJobFair, Status: "live", Title: "x", SlotMinutes: 20, PublicToken: "tok-unknown-status-0123"}, nil},
			{"slot too short", models.Event{JobCentreID: f.a.ID, Kind: models.EventKindJobFair, Title: "x", SlotMinutes: 1, PublicToken: "tok-slot-short-0123"}, nil},
			{"day ends before it starts", models.Event{JobCentreID: f.a.ID, Kind: models.EventKindJobFair, Title: "x", SlotMinutes: 20, PublicToken: "tok-day-reverse-0123",
				Days: []models.EventDay{{Date: d, StartsAt: d.Add(15 * time.Hour), EndsAt: d.Add(9 * time.Hour)}}}, nil},
			{"two tables with one label", models.Event{JobCentreID: f.a.ID, Kind: models.EventKindJobFair, Title: "x", SlotMinutes: 20, PublicToken: "tok-table-label-0123",
				Tables: []models.EventTable{{Label: "A"}, {Label: "A"}}}, models.ErrDuplicate},
		} {
			err := f.store.CreateEvent(f.ctx, &tc.ev)
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err)
			} else {
				wantRejected(t, tc.name, err)
			}
		}
		// A failed multi-row create leaves nothing behind.
		if _, err := f.store.FindEventByToken(f.ctx, "tok-day-reverse-0123"); err == nil {
			t.Errorf("event with a rejected day was kept")
		}

		extra := models.EventDay{EventID: foreign.ID, Date: d, StartsAt: d.Add(9 * time.Hour), EndsAt: d.Add(12 * time.Hour)}
		wantErr(t, "AddEventDay to other job centre's event", f.store.AddEventDay(f.ctx, f.a.ID, &extra), models.ErrNotFound)
		extra.EventID = fair.ID
		testdb.Must(t, f.store.AddEventDay(f.ctx, f.a.ID, &extra))
		got, _ = f.store.GetEvent(f.ctx, f.a.ID, fair.ID)
		if len(got.Days) != 2 || !got.Days[0].StartsAt.Equal(extra.StartsAt) { // ordered by start
			t.Errorf("days after AddEventDay = %+v", got.Days)
		}
	})
}

// TestTimeRoundTrip stores instants across the week summer time starts and
// the week it ends and reads back the same instants, in UTC.
func TestTimeRoundTrip(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ev := f.event(t, f.a, "Zeittest")
		var days []models.EventDay
		for _, start := range []time.Time{
			time.Date(2026, time.March, 28, 0, 0, 0, 0, berlin),   // Saturday before the switch to CEST
			time.Date(2026, time.October, 24, 0, 0, 0, 0, berlin), // Saturday before the switch back to CET
		} {
			for i := range 4 {
				date := start.AddDate(0, 0, i)
				days = append(days, models.EventDay{EventID: ev.ID, Date: date,
					StartsAt: time.Date(date.Year(), date.Month(), date.Day(), 8, 30, 0, 123456000, berlin),
					EndsAt:   time.Date(date.Year(), date.Month(), date.Day(), 13, 30, 0, 0, berlin)})
			}
		}
		for i := range days {
			testdb.Must(t, f.store.AddEventDay(f.ctx, f.a.ID, &days[i]))
		}
		got, err := f.store.GetEvent(f.ctx, f.a.ID, ev.ID)
		if err != nil {
			t.Fatalf("GetEvent: %v", err)
		}
		if len(got.Days) != len(days)+1 {
			t.Fatalf("got %d days, want %d", len(got.Days), len(days)+1)
		}
		byID := map[int64]models.EventDay{}
		for _, d := range got.Days {
			byID[d.ID] = d
		}
		for _, want := range days {
			d := byID[want.ID]
			if !d.StartsAt.Equal(want.StartsAt) || !d.EndsAt.Equal(want.EndsAt) {
				t.Errorf("day %v: got %v–%v, want %v–%v", want.Date, d.StartsAt, d.EndsAt, want.StartsAt, want.EndsAt)
			}
			if d.StartsAt.Location() != time.UTC {
				t.Errorf("StartsAt in %v, want UTC", d.StartsAt.Location())
			}
			if h, m, _ := d.StartsAt.In(berlin).Clock(); h != 8 || m != 30 {
				t.Errorf("day %v starts %02d:%02d Berlin time, want 08:30", want.Date.Format("2006-01-02"), h, m)
			}
			if y, mo, dd := want.StartsAt.Date(); !d.Date.Equal(time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("Date = %v, want %04d-%02d-%02d", d.Date, y, mo, dd)
			}
		}
		// Range comparisons in SQL must follow the instants, not the text.
		from := time.Date(2026, time.March, 29, 6, 0, 0, 0, time.UTC) // 08:00 CEST
		var n int64
		testdb.Must(t, db.Model(&models.EventDay{}).
			Where("event_id = ? AND starts_at >= ? AND starts_at < ?", ev.ID, from, from.Add(48*time.Hour)).
			Count(&n).Error)
		if n != 2 {
			t.Errorf("days starting within 48h of %v = %d, want 2", from, n)
		}
	})
}
