package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// waitlistEntriesOf returns the waiting-list entries of employer at event.
func waitlistEntriesOf(t testing.TB, db *gorm.DB, eventID, employerID int64) []models.WaitlistEntry {
	t.Helper()
	var es []models.WaitlistEntry
	testdb.Must(t, db.Where("event_id = ? AND employer_id = ?", eventID, employerID).Order("id").Find(&es).Error)
	return es
}

// employerByEmail finds the employer a public signup created.
func employerByEmail(t testing.TB, db *gorm.DB, email string) models.ContactPerson {
	t.Helper()
	var c models.ContactPerson
	testdb.Must(t, db.Where("lower(email) = lower(?)", email).First(&c).Error)
	return c
}

// TestRegistrationWaitlistFullEvent: a group session is full; a new
// employer joins the waiting list from the public page, a registered
// employer cancels, the waiting one gets the 48-hour offer and takes the
// place, keeping what it entered.
func TestRegistrationWaitlistFullEvent(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		one := 1
		ev := f.openJobFair(t, f.a, "Gruppeninfo Pflege", &one)
		holder := f.a.employer
		seatTaken(t, f, db, ev, holder)
		path := "/r/" + ev.PublicToken
		emp := f.browser("10.60.0.1")

		res := emp.request(t, http.MethodGet, path, nil, nil)
		expect(t, res, http.StatusOK, []string{"Noch 0 Plätze frei", "Kein Platz mehr frei?", `formaction="` + path + `/waitlist"`, "Auf die Warteliste"},
			[]string{"<script", "style="})
		expect(t, emp.request(t, http.MethodGet, path, nil, map[string]string{"Accept-Language": "en"}), http.StatusOK,
			[]string{"No place left?", "Join the waiting list"}, nil)
		// The normal submit is refused as taken, and the refusal offers the list.
		res = emp.request(t, http.MethodPost, path, registrationValues(emp.csrf, "neu@example.org"), nil)
		expect(t, res, http.StatusConflict, []string{"Gerade eben vergeben", "Auf die Warteliste", `value="Bäckerei Korn"`}, nil)

		for _, sc := range []struct {
			name     string
			form     url.Values
			status   int
			contains []string
		}{
			{"bad fields keep input", with(registrationValues(emp.csrf, "neu@"), "company", ""), http.StatusUnprocessableEntity,
				[]string{"Bitte geben Sie den Namen Ihres Unternehmens ein", "gültige E-Mail-Adresse", `value="neu@"`, `value="Bäcker/in"`}},
			{"no vacancy", with(registrationValues(emp.csrf, "neu@example.org"), "v0_title", "", "v0_hours_per_week", "", "v0_ba", "", "v0_level", "", "v0_licence", ""),
				http.StatusUnprocessableEntity, []string{"mindestens eine Stelle"}},
			{"without CSRF", with(registrationValues(emp.csrf, "neu@example.org"), "_csrf", "wrong"), http.StatusForbidden, nil},
		} {
			t.Run(sc.name, func(t *testing.T) {
				expect(t, emp.request(t, http.MethodPost, path+"/waitlist", sc.form, nil), sc.status, sc.contains, nil)
			})
		}
		if n := f.outboxCount(t, f.a.centre.ID); n != 0 {
			t.Fatalf("refused joins queued %d mails", n)
		}

		res = emp.request(t, http.MethodPost, path+"/waitlist", registrationValues(emp.csrf, "neu@example.org"), nil)
		if res.status != http.StatusSeeOther || res.location != path+"/waitlist?position=1" {
			t.Fatalf("join: status %d location %q body %.500s", res.status, res.location, res.body)
		}
		expect(t, emp.request(t, http.MethodGet, res.location, nil, nil), http.StatusOK,
			[]string{"Sie stehen auf der Warteliste für „Gruppeninfo Pflege“", "Platz 1 der Warteliste", "48 Stunden", `href="/employer/login"`}, nil)

		contact := employerByEmail(t, db, "neu@example.org")
		reg := registrationOf(t, db, ev.ID, contact.EmployerID)
		var vacancies int64
		testdb.Must(t, db.Model(&models.RegistrationVacancy{}).Where("registration_id = ?", reg.ID).Count(&vacancies).Error)
		if reg.Status != models.RegistrationWaiting || reg.ContactPersonID != contact.ID || vacancies != 1 {
			t.Fatalf("waiting registration = %+v with %d vacancies", reg, vacancies)
		}
		entries := waitlistEntriesOf(t, db, ev.ID, contact.EmployerID)
		if len(entries) != 1 || entries[0].Status != models.WaitlistWaiting || entries[0].StartsAt != nil {
			t.Fatalf("entries = %+v", entries)
		}
		if n, _ := f.store.SeatsTaken(ctx, ev.ID); n != 1 {
			t.Errorf("a waiting employer took a seat: %d taken", n)
		}
		mails := queuedMails(t, f, "neu@example.org")
		if len(mails) != 1 || !strings.Contains(mails[0].Subject, "Sie stehen auf der Warteliste: Gruppeninfo Pflege") ||
			!strings.Contains(mails[0].Text, "Platz 1 der Warteliste") || !strings.Contains(mails[0].Text, "http://localhost:8080/employer/login") {
			t.Fatalf("confirmation mails = %+v", mails)
		}

		// Again with the same address: told, nothing queued.
		res = emp.request(t, http.MethodPost, path+"/waitlist", registrationValues(emp.csrf, "NEU@example.org"), nil)
		expect(t, res, http.StatusConflict, []string{"schon angemeldet"}, nil)
		// A second newcomer, by script, in English: second place.
		other := f.browser("10.60.0.2")
		other.request(t, http.MethodGet, path, nil, nil)
		res = other.request(t, http.MethodPost, path+"/waitlist", with(registrationValues(other.csrf, "zwei@example.org"), "company", "Zwei GmbH"),
			map[string]string{"Accept": "application/json", "Accept-Language": "en"})
		var answer struct{ Position int }
		if res.status != http.StatusCreated || json.Unmarshal([]byte(res.body), &answer) != nil || answer.Position != 2 {
			t.Fatalf("second join: %d %s", res.status, res.body)
		}
		if m := queuedMails(t, f, "zwei@example.org"); len(m) != 1 || !strings.Contains(m[0].Text, "number 2 on the waiting list") {
			t.Fatalf("second confirmation = %+v", m)
		}

		// The second withdraws its waiting registration in the employer area:
		// it held no place, so nobody is offered one, and it leaves the queue.
		employerLogin(t, f, other, "zwei@example.org")
		zwei := employerByEmail(t, db, "zwei@example.org")
		res = other.request(t, http.MethodPost, fmt.Sprintf("/employer/registrations/%d/cancel", registrationOf(t, db, ev.ID, zwei.EmployerID).ID),
			url.Values{"_csrf": {other.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("withdraw: %d %.300s", res.status, res.body)
		}
		if es := waitlistEntriesOf(t, db, ev.ID, zwei.EmployerID); len(es) != 1 || es[0].Status != models.WaitlistWithdrawn {
			t.Errorf("entries after withdrawing = %+v", es)
		}
		if n := len(offerLinks(t, f, "neu@example.org")); n != 0 {
			t.Fatalf("withdrawing a waiting registration offered %d places", n)
		}

		// The holder cancels: the first newcomer, and only they, get the offer.
		hb := f.browser("10.60.1.1")
		employerLogin(t, f, hb, holder.Contacts[0].Email)
		res = hb.request(t, http.MethodPost, fmt.Sprintf("/employer/registrations/%d/cancel", registrationOf(t, db, ev.ID, holder.ID).ID),
			url.Values{"_csrf": {hb.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.status)
		}
		links := offerLinks(t, f, "neu@example.org")
		if len(links) != 1 || len(offerLinks(t, f, "zwei@example.org")) != 0 {
			t.Fatalf("offers: first %d, second %d", len(links), len(offerLinks(t, f, "zwei@example.org")))
		}
		f.clock.advance(47 * time.Hour)
		expect(t, emp.request(t, http.MethodGet, links[0], nil, nil), http.StatusOK, []string{`id="waitlist-offer-form"`, "Bäckerei Korn"}, nil)
		expect(t, emp.request(t, http.MethodPost, links[0], url.Values{"_csrf": {emp.csrf}}, nil), http.StatusOK, []string{"Der Platz gehört Ihnen"}, nil)
		reg = registrationOf(t, db, ev.ID, contact.EmployerID)
		testdb.Must(t, db.Model(&models.RegistrationVacancy{}).Where("registration_id = ?", reg.ID).Count(&vacancies).Error)
		if reg.Status != models.RegistrationRegistered || vacancies != 1 {
			t.Errorf("after taking the place: %+v with %d vacancies", reg, vacancies)
		}
		if n, _ := f.store.SeatsTaken(ctx, ev.ID); n != 1 {
			t.Errorf("seats taken = %d, want 1", n)
		}
		// The newcomer can log in like any employer and sees the event.
		employerLogin(t, f, emp, "neu@example.org")
		expect(t, emp.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK, []string{ev.Title}, nil)
	})
}

// TestRegistrationWaitlistJobFairBlock: the wanted block of a job fair is
// taken; the refusal carries it on to the waiting list, whose offer books
// that very block when it frees up.
func TestRegistrationWaitlistJobFairBlock(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		ev := f.openJobFair(t, f.a, "Messe Nord", nil)
		ev, err := f.store.GetEvent(ctx, f.a.centre.ID, ev.ID)
		testdb.Must(t, err)
		blocks, err := f.store.EventBlocks(ctx, ev)
		testdb.Must(t, err)
		if len(blocks) < 2 {
			t.Fatalf("%d blocks", len(blocks))
		}
		holder := f.a.employer
		reg := register(t, db, ev.ID, holder)
		testdb.Must(t, f.store.BookTable(ctx, f.a.centre.ID, &models.TableBooking{EventID: ev.ID, TableID: blocks[0].TableID,
			RegistrationID: reg.ID, StartsAt: blocks[0].StartsAt, EndsAt: blocks[0].EndsAt}))
		path := "/r/" + ev.PublicToken
		emp := f.browser("10.61.0.1")

		res := emp.request(t, http.MethodGet, path, nil, nil)
		expect(t, res, http.StatusOK, nil, []string{"Auf die Warteliste"}) // free blocks left: nothing to wait for
		form := with(registrationValues(emp.csrf, "messe@example.org"), "block", blocks[0].Key())
		res = emp.request(t, http.MethodPost, path, form, nil)
		expect(t, res, http.StatusConflict, []string{"Gerade eben vergeben", "Auf die Warteliste",
			`name="want_block" value="` + blocks[0].Key() + `"`}, nil)

		for _, sc := range []struct {
			name string
			form url.Values
		}{
			{"a free block", with(registrationValues(emp.csrf, "messe@example.org"), "block", blocks[1].Key())},
			{"no block while others are free", registrationValues(emp.csrf, "messe@example.org")},
		} {
			t.Run(sc.name, func(t *testing.T) {
				expect(t, emp.request(t, http.MethodPost, path+"/waitlist", sc.form, nil), http.StatusUnprocessableEntity,
					[]string{"Es ist noch ein Platz frei", `value="Bäckerei Korn"`}, nil)
			})
		}

		form = with(registrationValues(emp.csrf, "messe@example.org"), "want_block", blocks[0].Key())
		res = emp.request(t, http.MethodPost, path+"/waitlist", form, nil)
		if res.status != http.StatusSeeOther || res.location != path+"/waitlist?position=1" {
			t.Fatalf("join: status %d location %q body %.500s", res.status, res.location, res.body)
		}
		contact := employerByEmail(t, db, "messe@example.org")
		entries := waitlistEntriesOf(t, db, ev.ID, contact.EmployerID)
		if len(entries) != 1 || entries[0].StartsAt == nil || !entries[0].StartsAt.Equal(blocks[0].StartsAt) {
			t.Fatalf("entries = %+v", entries)
		}
		if m := queuedMails(t, f, "messe@example.org"); len(m) != 1 || !strings.Contains(m[0].Text, "Gewünschte Zeit: Dienstag, 21. April 2026, 09:00") {
			t.Fatalf("confirmation = %+v", m)
		}

		hb := f.browser("10.61.1.1")
		employerLogin(t, f, hb, holder.Contacts[0].Email)
		res = hb.request(t, http.MethodPost, fmt.Sprintf("/employer/registrations/%d/cancel", reg.ID), url.Values{"_csrf": {hb.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.status)
		}
		links := offerLinks(t, f, "messe@example.org")
		if len(links) != 1 {
			t.Fatalf("%d offers", len(links))
		}
		expect(t, emp.request(t, http.MethodPost, links[0], url.Values{"_csrf": {emp.csrf}}, nil), http.StatusOK, []string{"Der Platz gehört Ihnen"}, nil)
		wreg := registrationOf(t, db, ev.ID, contact.EmployerID)
		var bookings []models.TableBooking
		testdb.Must(t, db.Where("registration_id = ?", wreg.ID).Find(&bookings).Error)
		if wreg.Status != models.RegistrationRegistered || wreg.ParallelInterviews != 2 || len(bookings) != 1 ||
			!bookings[0].StartsAt.Equal(blocks[0].StartsAt) || bookings[0].TableID != blocks[0].TableID {
			t.Errorf("after taking the place: %+v, bookings %+v", wreg, bookings)
		}

		// Every block booked: the page offers the list, and without a
		// ticked block the newcomer waits for any place.
		second := addEmployer(t, f, f.a.centre.ID, "Zweite Halle", "halle@a.example")
		reg2 := register(t, db, ev.ID, second)
		for _, b := range blocks[1:] {
			testdb.Must(t, f.store.BookTable(ctx, f.a.centre.ID, &models.TableBooking{EventID: ev.ID, TableID: b.TableID,
				RegistrationID: reg2.ID, StartsAt: b.StartsAt, EndsAt: b.EndsAt}))
		}
		late := f.browser("10.61.2.1")
		expect(t, late.request(t, http.MethodGet, path, nil, nil), http.StatusOK, []string{"Auf die Warteliste", "Kein Platz mehr frei?"}, nil)
		res = late.request(t, http.MethodPost, path+"/waitlist", registrationValues(late.csrf, "spaet@example.org"), nil)
		if res.status != http.StatusSeeOther || res.location != path+"/waitlist?position=1" {
			t.Fatalf("join without block: status %d location %q body %.500s", res.status, res.location, res.body)
		}
		lateEntries := waitlistEntriesOf(t, db, ev.ID, employerByEmail(t, db, "spaet@example.org").EmployerID)
		if len(lateEntries) != 1 || lateEntries[0].StartsAt != nil {
			t.Errorf("entries without block = %+v", lateEntries)
		}
	})
}

// TestRegistrationWaitlistClosed: a closed event takes nobody on its list.
func TestRegistrationWaitlistClosed(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		one := 1
		ev := f.openJobFair(t, f.a, "Gruppeninfo Lager", &one)
		seatTaken(t, f, db, ev, f.a.employer)
		path := "/r/" + ev.PublicToken
		emp := f.browser("10.62.0.1")
		emp.request(t, http.MethodGet, path, nil, nil)
		testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", ev.ID).Update("status", models.EventClosed).Error)
		expect(t, emp.request(t, http.MethodPost, path+"/waitlist", registrationValues(emp.csrf, "spaet@example.org"), nil),
			http.StatusConflict, []string{"Anmeldung geschlossen"}, nil)
		expect(t, emp.request(t, http.MethodPost, path+"/waitlist", registrationValues(emp.csrf, "spaet@example.org"),
			map[string]string{"Accept": "application/json"}), http.StatusConflict, []string{`"error":"closed"`}, nil)
		if n := f.outboxCount(t, f.a.centre.ID); n != 0 {
			t.Errorf("closed event queued %d mails", n)
		}
		var n int64
		testdb.Must(t, db.Model(&models.WaitlistEntry{}).Where("event_id = ?", ev.ID).Count(&n).Error)
		if n != 0 {
			t.Errorf("%d waiting-list entries for a closed event", n)
		}
	})
}
