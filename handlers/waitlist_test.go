package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

var offerLinkRE = regexp.MustCompile(`http://localhost:8080(/waitlist/[A-Za-z0-9_-]{43})`)

// offerLinks returns the waiting-list links mailed to email, oldest first.
func offerLinks(t testing.TB, f *fixture, email string) []string {
	t.Helper()
	var out []string
	for _, m := range queuedMails(t, f, email) {
		if sub := offerLinkRE.FindStringSubmatch(m.Text); sub != nil {
			out = append(out, sub[1])
		}
	}
	return out
}

// seatTaken registers e for ev through the store, so the seat counter of
// an event with a capacity counts it.
func seatTaken(t testing.TB, f *fixture, db *gorm.DB, ev models.Event, e models.Employer) models.EventRegistration {
	t.Helper()
	reg := models.EventRegistration{EventID: ev.ID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID,
		Status: models.RegistrationCancelled, ParallelInterviews: 1}
	testdb.Must(t, db.Omit(clause.Associations).Create(&reg).Error)
	testdb.Must(t, f.store.SetRegistrationStatus(context.Background(), ev.JobCentreID, reg.ID, models.RegistrationRegistered))
	return reg
}

func TestWaitlistForAFullEvent(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		one := 1
		day := time.Date(2026, 4, 21, 8, 0, 0, 0, time.UTC)
		ev := models.Event{JobCentreID: f.a.centre.ID, Kind: models.EventKindGroupSession, Title: "Gruppeninfo Lager",
			Status: models.EventOpen, SlotMinutes: 20, Capacity: &one, PublicToken: "group-session-token-a",
			Days: []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(3 * time.Hour)}}}
		testdb.Must(t, f.store.CreateEvent(ctx, &ev))
		holder := f.a.employer
		seatTaken(t, f, db, ev, holder)

		// Three employers queue, in this order.
		var queue []models.Employer
		for i, name := range []string{"Yvonne Logistik", "Zeta Lager", "Walter Spedition"} {
			e := addEmployer(t, f, f.a.centre.ID, name, fmt.Sprintf("q%d@a.example", i))
			b := f.browser(fmt.Sprintf("10.50.0.%d", i+1))
			employerLogin(t, f, b, e.Contacts[0].Email)
			expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK, []string{"Ausgebuchte Veranstaltungen", ev.Title}, nil)
			res := b.request(t, http.MethodPost, "/employer/waitlist", url.Values{"event": {fmt.Sprint(ev.ID)}, "_csrf": {b.csrf}}, nil)
			if res.status != http.StatusSeeOther {
				t.Fatalf("%s joins: status %d %.300s", name, res.status, res.body)
			}
			expect(t, b.request(t, http.MethodGet, "/employer?notice=waitlist_joined", nil, nil), http.StatusOK,
				[]string{"Sie stehen jetzt auf der Warteliste.", "wartend"}, nil)
			if i == 0 {
				// An event that is not full cannot be queued for.
				res := b.request(t, http.MethodPost, "/employer/waitlist", url.Values{"event": {fmt.Sprint(f.a.event.ID)}, "_csrf": {b.csrf}}, nil)
				expect(t, res, http.StatusConflict, nil, nil)
				res = b.request(t, http.MethodPost, "/employer/waitlist", url.Values{"event": {fmt.Sprint(f.b.event.ID)}, "_csrf": {b.csrf}}, nil)
				expect(t, res, http.StatusConflict, nil, nil)
			}
			queue = append(queue, e)
		}
		email := func(i int) string { return queue[i].Contacts[0].Email }

		// The holder cancels: the first in the queue, and only they, get an offer.
		hb := f.browser("10.50.1.1")
		employerLogin(t, f, hb, holder.Contacts[0].Email)
		reg := registrationOf(t, db, ev.ID, holder.ID)
		res := hb.request(t, http.MethodPost, fmt.Sprintf("/employer/registrations/%d/cancel", reg.ID), url.Values{"_csrf": {hb.csrf}}, nil)
		if res.status != http.StatusSeeOther || res.location != "/employer?notice=cancelled" {
			t.Fatalf("cancel: status %d location %q", res.status, res.location)
		}
		if n, _ := f.store.SeatsTaken(ctx, ev.ID); n != 0 {
			t.Errorf("seats taken after cancel = %d", n)
		}
		var audited int64
		testdb.Must(t, db.Model(&models.AuditEvent{}).Where("action = ? AND object_id = ? AND actor_kind = ?",
			"employer.registration.cancel", reg.ID, models.ActorEmployer).Count(&audited).Error)
		if audited != 1 {
			t.Errorf("%d audit events for the cancellation, want 1", audited)
		}
		first := offerLinks(t, f, email(0))
		if len(first) != 1 || len(offerLinks(t, f, email(1))) != 0 || len(offerLinks(t, f, email(2))) != 0 {
			t.Fatalf("offers: %d, %d, %d", len(first), len(offerLinks(t, f, email(1))), len(offerLinks(t, f, email(2))))
		}
		msg := queuedMails(t, f, email(0))
		if text := msg[len(msg)-1].Text; !strings.Contains(text, "Das Angebot gilt bis Freitag, 27. März 2026, 10:30 Uhr.") {
			t.Errorf("offer mail lacks the expiry (48 h, Berlin time): %s", text)
		}

		anon := f.browser("10.50.2.1")
		f.clock.advance(47 * time.Hour)
		expect(t, anon.request(t, http.MethodGet, first[0], nil, nil), http.StatusOK, []string{`id="waitlist-offer-form"`, ev.Title, queue[0].Name}, nil)

		// After 48 hours the first offer is gone; opening it passes the
		// place on at once (no worker needed), to the second in the queue.
		f.clock.advance(time.Hour + time.Second)
		expect(t, anon.request(t, http.MethodGet, first[0], nil, nil), http.StatusGone, []string{"abgelaufen"}, []string{`id="waitlist-offer-form"`})
		res = anon.request(t, http.MethodPost, first[0], url.Values{"_csrf": {anon.csrf}}, nil)
		expect(t, res, http.StatusGone, []string{"abgelaufen"}, nil)
		second := offerLinks(t, f, email(1))
		if len(second) != 1 || len(offerLinks(t, f, email(2))) != 0 {
			t.Fatalf("after the first expiry: offers to second %d, third %d", len(second), len(offerLinks(t, f, email(2))))
		}

		// The worker does the same without anybody asking.
		worker, err := NewWaitlistWorker(Deps{Options: testOptions(), Store: f.store, Now: f.clock.now,
			Logger: slog.New(slog.NewTextHandler(f.logs, nil))}, time.Minute)
		testdb.Must(t, err)
		if n, err := worker.Tick(ctx); err != nil || n != 0 {
			t.Fatalf("tick before expiry: %d, %v", n, err)
		}
		f.clock.advance(48 * time.Hour)
		if n, err := worker.Tick(ctx); err != nil || n != 1 {
			t.Fatalf("tick after expiry: %d, %v", n, err)
		}
		third := offerLinks(t, f, email(2))
		if len(third) != 1 {
			t.Fatalf("third got %d offers", len(third))
		}
		expect(t, anon.request(t, http.MethodGet, second[0], nil, nil), http.StatusGone, []string{"abgelaufen"}, nil)

		// The third takes the place, once.
		tb := f.browser("10.50.3.1")
		tb.request(t, http.MethodGet, third[0], nil, nil)
		res = tb.request(t, http.MethodPost, third[0], url.Values{"_csrf": {tb.csrf}}, nil)
		expect(t, res, http.StatusOK, []string{"Der Platz gehört Ihnen"}, nil)
		got := registrationOf(t, db, ev.ID, queue[2].ID)
		if got.Status != models.RegistrationRegistered {
			t.Errorf("registration status %s", got.Status)
		}
		if n, _ := f.store.SeatsTaken(ctx, ev.ID); n != 1 {
			t.Errorf("seats taken = %d, want 1", n)
		}
		expect(t, tb.request(t, http.MethodPost, third[0], url.Values{"_csrf": {tb.csrf}}, nil), http.StatusGone, []string{"bereits angenommen"}, nil)
		expect(t, tb.request(t, http.MethodGet, "/waitlist/"+regexp.MustCompile(`.`).ReplaceAllString(third[0][10:], "A"), nil, nil),
			http.StatusNotFound, []string{"ungültig"}, nil)
		var statuses []models.WaitlistStatus
		testdb.Must(t, db.Model(&models.WaitlistEntry{}).Where("event_id = ?", ev.ID).Order("id").Pluck("status", &statuses).Error)
		want := []models.WaitlistStatus{models.WaitlistExpired, models.WaitlistExpired, models.WaitlistAccepted}
		if fmt.Sprint(statuses) != fmt.Sprint(want) {
			t.Errorf("entries %v, want %v", statuses, want)
		}
	})
}

func TestWaitlistForAJobFairBlock(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		venue := "Messehalle"
		day := time.Date(2026, 4, 22, 7, 0, 0, 0, time.UTC)
		ev := models.Event{JobCentreID: f.a.centre.ID, Kind: models.EventKindJobFair, Title: "Jobmesse Amberg",
			Status: models.EventOpen, VenueName: &venue, SlotMinutes: 20, BufferMinutes: 5, PublicToken: "job-fair-token-of-a",
			Days:   []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(6 * time.Hour)}},
			Tables: []models.EventTable{{Label: "Tisch 1"}}}
		testdb.Must(t, f.store.CreateEvent(ctx, &ev))
		ev, err := f.store.GetEvent(ctx, f.a.centre.ID, ev.ID)
		testdb.Must(t, err)
		blocks, err := f.store.EventBlocks(ctx, ev)
		testdb.Must(t, err)
		if len(blocks) != 2 {
			t.Fatalf("%d blocks", len(blocks))
		}
		holder := f.a.employer
		reg := register(t, db, ev.ID, holder)
		testdb.Must(t, f.store.BookTable(ctx, f.a.centre.ID, &models.TableBooking{EventID: ev.ID, TableID: blocks[0].TableID,
			RegistrationID: reg.ID, StartsAt: blocks[0].StartsAt, EndsAt: blocks[0].EndsAt}))

		waiter := addEmployer(t, f, f.a.centre.ID, "Yvonne Logistik", "y@a.example")
		b := f.browser("10.51.0.1")
		employerLogin(t, f, b, waiter.Contacts[0].Email)
		block := fmt.Sprint(blocks[0].StartsAt.Unix())
		expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK, []string{`name="block" value="` + block + `"`},
			[]string{fmt.Sprintf(`name="block" value="%d"`, blocks[1].StartsAt.Unix())})
		res := b.request(t, http.MethodPost, "/employer/waitlist", url.Values{"event": {fmt.Sprint(ev.ID)}, "block": {fmt.Sprint(blocks[1].StartsAt.Unix())}, "_csrf": {b.csrf}}, nil)
		expect(t, res, http.StatusConflict, nil, nil) // the afternoon is free: book it instead
		res = b.request(t, http.MethodPost, "/employer/waitlist", url.Values{"event": {fmt.Sprint(ev.ID)}, "block": {block}, "_csrf": {b.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("join block: %d", res.status)
		}

		hb := f.browser("10.51.0.2")
		employerLogin(t, f, hb, holder.Contacts[0].Email)
		res = hb.request(t, http.MethodPost, fmt.Sprintf("/employer/registrations/%d/cancel", reg.ID), url.Values{"_csrf": {hb.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.status)
		}
		links := offerLinks(t, f, waiter.Contacts[0].Email)
		if len(links) != 1 {
			t.Fatalf("%d offers", len(links))
		}
		expect(t, b.request(t, http.MethodGet, links[0], nil, nil), http.StatusOK, []string{"Mi., 22.04.2026, 09:00 Uhr"}, nil)
		expect(t, b.request(t, http.MethodPost, links[0], url.Values{"_csrf": {b.csrf}}, nil), http.StatusOK, []string{"Der Platz gehört Ihnen"}, nil)
		wreg := registrationOf(t, db, ev.ID, waiter.ID)
		var bookings []models.TableBooking
		testdb.Must(t, db.Where("registration_id = ?", wreg.ID).Find(&bookings).Error)
		if len(bookings) != 1 || !bookings[0].StartsAt.Equal(blocks[0].StartsAt) || bookings[0].TableID != blocks[0].TableID {
			t.Errorf("bookings of the waiter: %+v", bookings)
		}
		expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK, []string{ev.Title, "Tisch 1: Mi., 22.04.2026, 09:00 Uhr"}, nil)
	})
}
