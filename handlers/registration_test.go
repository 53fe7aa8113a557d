package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// registrationValues is a valid registration for the fixture's
// speed-dating (one day, 14 April 2026, 09:00–14:00 Berlin time).
func registrationValues(csrf, email string) url.Values {
	return url.Values{
		"_csrf": {csrf}, "company": {"Bäckerei Korn"}, "contact": {"Karl Korn"}, "email": {email}, "phone": {"09621 12345"},
		"street": {"Hauptstraße 5"}, "postcode": {"92224"}, "town": {"Amberg"}, "step_free": {"on"},
		"vacancy_rows": {"3"}, "v0_title": {"Bäcker/in"}, "v0_hours": {"full"}, "v0_hours_per_week": {"38"}, "v0_level": {"A2"},
		"v0_licence": {"on"}, "v0_wanted": {"3"}, "v0_ba": {"10000-1234567890-S"},
		"v1_title": {""}, "v1_hours": {"full"}, "v1_wanted": {"4"}, "v2_title": {""}, "v2_hours": {"full"}, "v2_wanted": {"4"},
		"window_rows": {"1"}, "w0_day": {"2026-04-14"}, "w0_from": {"10:00"}, "w0_to": {"13:00"},
		"parallel": {"2"},
	}
}

func (f *fixture) outboxCount(t *testing.T, jc int64) int {
	t.Helper()
	ms, err := f.store.ListOutbox(context.Background(), jc, "", 0)
	testdb.Must(t, err)
	return len(ms)
}

func TestRegistration(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		path := "/r/" + f.a.event.PublicToken
		emp := f.browser("10.3.0.1")

		res := emp.request(t, http.MethodGet, "/r/no-such-token-at-all", nil, nil)
		expect(t, res, http.StatusNotFound, nil, nil)
		res = emp.request(t, http.MethodGet, path, nil, nil)
		expect(t, res, http.StatusOK, []string{`id="registration-form"`, f.a.event.Title, `name="v2_title"`, `name="w0_from" type="time" value="09:00"`,
			`name="w0_to" type="time" value="14:00"`, `name="_csrf"`, "Di., 14.04.2026"}, []string{`name="v3_title"`, "<script", "style="})
		res = emp.request(t, http.MethodGet, path, nil, map[string]string{"Accept-Language": "en"})
		expect(t, res, http.StatusOK, []string{"Registration: ", "Add another vacancy"}, nil)

		for _, sc := range []struct {
			name     string
			form     url.Values
			status   int
			contains []string
		}{
			{"bad fields keep input", with(registrationValues(emp.csrf, "korn@"), "company", "", "postcode", "9222", "v0_level", "Z9"),
				http.StatusUnprocessableEntity, []string{"Bitte geben Sie den Namen Ihres Unternehmens ein", "gültige E-Mail-Adresse", "fünfstellige Postleitzahl",
					"Sprachniveau aus der Liste", `value="korn@"`, `value="Bäcker/in"`, `value="10000-1234567890-S"`, `value="9222"`}},
			{"unknown postcode", with(registrationValues(emp.csrf, "korn@example.org"), "postcode", "00000"), http.StatusUnprocessableEntity,
				[]string{"Diese Postleitzahl gibt es nicht"}},
			{"no vacancy", with(registrationValues(emp.csrf, "korn@example.org"), "v0_title", "", "v0_hours_per_week", "", "v0_ba", "", "v0_level", "", "v0_licence", ""),
				http.StatusUnprocessableEntity, []string{"mindestens eine Stelle"}},
			{"window outside the day", with(registrationValues(emp.csrf, "korn@example.org"), "w0_to", "18:00"), http.StatusUnprocessableEntity,
				[]string{"innerhalb der Veranstaltungszeit"}},
			{"add vacancy row keeps input", with(registrationValues(emp.csrf, "korn@example.org"), "add_vacancy", "1"), http.StatusOK,
				[]string{`name="v3_title"`, `value="Bäckerei Korn"`}},
		} {
			t.Run(sc.name, func(t *testing.T) {
				res := emp.request(t, http.MethodPost, path, sc.form, nil)
				expect(t, res, sc.status, sc.contains, nil)
			})
		}
		if n := f.outboxCount(t, f.a.centre.ID); n != 0 {
			t.Fatalf("invalid registrations queued %d mails", n)
		}

		res = emp.request(t, http.MethodPost, path, registrationValues(emp.csrf, "korn@example.org"), nil)
		if res.status != http.StatusSeeOther || res.location != path+"/done" {
			t.Fatalf("register: status %d location %q body %.500s", res.status, res.location, res.body)
		}
		res = emp.request(t, http.MethodGet, res.location, nil, nil)
		expect(t, res, http.StatusOK, []string{"Vielen Dank", f.a.event.Title, `href="/employer/login"`}, nil)

		regs, err := f.store.ListRegistrations(ctx, f.a.centre.ID, f.a.event.ID)
		testdb.Must(t, err)
		var reg *models.EventRegistration
		for i := range regs {
			if regs[i].Employer.Name == "Bäckerei Korn" {
				reg = &regs[i]
			}
		}
		if reg == nil || reg.ParallelInterviews != 2 || len(reg.Vacancies) != 1 || len(reg.Windows) != 1 || reg.SiteID != nil ||
			reg.Contact.Email != "korn@example.org" || reg.Vacancies[0].Vacancy.CandidatesWanted != 3 || !reg.Vacancies[0].Vacancy.DrivingLicence ||
			*reg.Vacancies[0].Vacancy.MinGermanLevel != models.GermanA2 || reg.Vacancies[0].Vacancy.BAReference != "10000-1234567890-S" {
			t.Fatalf("registration = %+v", reg)
		}
		mails, err := f.store.ListOutbox(ctx, f.a.centre.ID, "", 0)
		testdb.Must(t, err)
		if len(mails) != 1 || mails[0].Kind != "registration" || mails[0].Recipient != "korn@example.org" || mails[0].Locale != "de" {
			t.Fatalf("outbox = %+v", mails)
		}
		full, err := f.store.GetOutboxMail(ctx, f.a.centre.ID, mails[0].ID)
		testdb.Must(t, err)
		msg, err := outbox.Decode(full)
		testdb.Must(t, err)
		ics := string(msg.Calendar)
		for _, want := range []string{"METHOD:REQUEST", "DTSTART;TZID=Europe/Berlin:20260414T100000", "DTEND;TZID=Europe/Berlin:20260414T130000"} {
			if !strings.Contains(ics, want) {
				t.Errorf("calendar lacks %q:\n%s", want, ics)
			}
		}
		if !strings.Contains(msg.Text, "http://localhost:8080/employer/login") || !strings.Contains(msg.Text, "Bäcker/in") ||
			!strings.Contains(msg.Subject, f.a.event.Title) {
			t.Errorf("mail text = %s", msg.Text)
		}

		// The same e-mail address again: told, nothing queued.
		res = emp.request(t, http.MethodPost, path, registrationValues(emp.csrf, "KORN@example.org"), nil)
		expect(t, res, http.StatusConflict, []string{"schon angemeldet", `value="KORN@example.org"`}, nil)
		if n := f.outboxCount(t, f.a.centre.ID); n != 1 {
			t.Errorf("a refused registration queued a mail: %d in the outbox", n)
		}
		res = emp.request(t, http.MethodPost, path, registrationValues(emp.csrf, "korn@example.org"), map[string]string{"Accept": "application/json"})
		expect(t, res, http.StatusConflict, []string{`"error":"duplicate"`}, nil)

		// Without the CSRF token: refused.
		res = emp.request(t, http.MethodPost, path, with(registrationValues("", "neu@example.org"), "_csrf", "wrong"), nil)
		expect(t, res, http.StatusForbidden, nil, nil)
	})
}

func TestRegistrationClosed(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		testdb.Must(t, db.Model(&models.JobCentre{}).Where("id = ?", f.a.centre.ID).
			Updates(map[string]any{"contact_phone": "09621 4711", "street": "Kaiser-Ludwig-Ring 2", "postcode": "92224", "town": "Amberg"}).Error)
		path := "/r/" + f.a.event.PublicToken
		emp := f.browser("10.3.1.1")
		emp.request(t, http.MethodGet, path, nil, nil) // CSRF cookie while open

		deadline := testdb.Clock().Add(-time.Minute)
		testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", f.a.event.ID).Update("registration_deadline", deadline).Error)
		closedTexts := []string{"Anmeldung geschlossen", f.a.centre.ContactEmail, "09621 4711", "Kaiser-Ludwig-Ring 2"}
		res := emp.request(t, http.MethodGet, path, nil, nil)
		expect(t, res, http.StatusOK, closedTexts, []string{`id="registration-form"`})
		res = emp.request(t, http.MethodPost, path, registrationValues(emp.csrf, "spaet@example.org"), nil)
		expect(t, res, http.StatusConflict, closedTexts, nil)

		testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", f.a.event.ID).
			Updates(map[string]any{"registration_deadline": nil, "status": models.EventClosed}).Error)
		res = emp.request(t, http.MethodGet, path, nil, map[string]string{"Accept-Language": "en"})
		expect(t, res, http.StatusOK, []string{"Registration closed", f.a.centre.ContactEmail}, nil)
		res = emp.request(t, http.MethodPost, path, registrationValues(emp.csrf, "spaet@example.org"), map[string]string{"HX-Request": "true"})
		expect(t, res, http.StatusConflict, []string{`"error":"closed"`}, nil)
		if n := f.outboxCount(t, f.a.centre.ID); n != 0 {
			t.Errorf("closed event queued %d mails", n)
		}
		regs, err := f.store.ListRegistrations(ctx, f.a.centre.ID, f.a.event.ID)
		testdb.Must(t, err)
		if len(regs) != 1 {
			t.Errorf("closed event has %d registrations, want the fixture's 1", len(regs))
		}
	})
}

func TestRegistrationRateLimit(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		path := "/r/" + f.a.event.PublicToken
		emp := f.browser("10.3.2.1")
		emp.request(t, http.MethodGet, path, nil, nil)
		bad := with(registrationValues(emp.csrf, "x@example.org"), "company", "")
		for i := range registrationMaxPerWindow {
			if res := emp.request(t, http.MethodPost, path, bad, nil); res.status != http.StatusUnprocessableEntity {
				t.Fatalf("try %d: status %d", i, res.status)
			}
		}
		expect(t, emp.request(t, http.MethodPost, path, bad, nil), http.StatusTooManyRequests, nil, nil)
		other := f.browser("10.3.2.2")
		other.request(t, http.MethodGet, path, nil, nil)
		expect(t, other.request(t, http.MethodPost, path, with(bad, "_csrf", other.csrf), nil), http.StatusUnprocessableEntity, nil, nil)
		f.clock.advance(registrationWindow + time.Second)
		expect(t, emp.request(t, http.MethodPost, path, bad, nil), http.StatusUnprocessableEntity, nil, nil)
	})
}

// openJobFair adds an open job fair with one table to tenant tn.
func (f *fixture) openJobFair(t *testing.T, tn tenant, title string, capacity *int) models.Event {
	t.Helper()
	venue, street, plz, town := "Stadthalle", "Marktplatz 1", "92224", "Amberg"
	day := time.Date(2026, 4, 21, 7, 0, 0, 0, time.UTC)
	ev := models.Event{JobCentreID: tn.centre.ID, Kind: models.EventKindJobFair, Title: title, Status: models.EventOpen,
		VenueName: &venue, VenueStreet: &street, VenuePostcode: &plz, VenueTown: &town, SlotMinutes: 20, BufferMinutes: 5,
		PublicToken: fmt.Sprintf("public-fair-token-%d-%s", tn.centre.ID, strings.ReplaceAll(title, " ", "-")), Capacity: capacity,
		Days:   []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(6 * time.Hour)}},
		Tables: []models.EventTable{{Label: "Tisch 1"}}}
	if capacity != nil {
		ev.Kind, ev.Tables = models.EventKindGroupSession, nil
	}
	testdb.Must(t, f.store.CreateEvent(context.Background(), &ev))
	return ev
}

// TestRegistrationRace lets 200 employers press "register" at once for the
// last free table block (job fair) or the last seat (group session):
// exactly one gets it, every other gets a clear "just taken" (409), none a
// 500, and only the winner's mail is queued. Scripts get JSON; a browser
// gets the form with the message. Run with -race.
//
// The rounds share one job fair and one group session: between rounds only
// the contested place is given back (the winner cancels its seat, the
// block's booking is removed), so 50 rounds fit in about a minute. Each
// round's racers come from their own addresses, as the rate limit counts
// per address.
func TestRegistrationRace(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		rounds, racers := 50, 200
		if db.Dialector.Name() == models.DialectSQLite {
			rounds = 2 // one writer: the race is decided by the driver's lock, not by the database's checks
		}
		one := 1
		fair := f.openJobFair(t, f.a, "Messe", nil)
		session := f.openJobFair(t, f.a, "Info", &one)
		first := f.browser("10.4.0.1")
		first.request(t, http.MethodGet, "/r/"+fair.PublicToken, nil, nil)
		csrfName := csrfCookieNameForTest(first)
		csrf, cookie := first.csrf, first.cookies[csrfName]
		blocks := models.DayBlocks(fair.Days[0], fair.SlotMinutes, fair.BufferMinutes)
		contested := models.Block{TableID: fair.Tables[0].ID, StartsAt: blocks[0][0].UTC()}
		outboxCount := func() int64 {
			var n int64
			testdb.Must(t, db.Model(&models.OutboxMail{}).Where("job_centre_id = ?", f.a.centre.ID).Count(&n).Error)
			return n
		}

		for r := range rounds {
			ev, blockKey := fair, contested.Key()
			if r%2 == 1 {
				ev, blockKey = session, models.Block{TableID: 0, StartsAt: session.Days[0].StartsAt}.Key()
			}
			path := "/r/" + ev.PublicToken
			before := outboxCount()

			statuses := make([]int, racers)
			bodies := make([]string, racers)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range racers {
				wg.Go(func() {
					form := registrationValues(csrf, fmt.Sprintf("r%d-%d@example.org", r, i))
					form.Set("company", fmt.Sprintf("Firma %d-%d", r, i))
					form.Set("block", blockKey)
					form.Del("window_rows")
					req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", 100+r, i/250, i%250+1))
					req.AddCookie(&http.Cookie{Name: csrfName, Value: cookie})
					if i%10 != 0 {
						req.Header.Set("Accept", "application/json") // every tenth racer is a browser
					}
					<-start
					res, err := f.app.Test(req, -1)
					if err != nil {
						statuses[i] = -1
						bodies[i] = err.Error()
						return
					}
					defer res.Body.Close()
					var sb strings.Builder
					buf := make([]byte, 4096)
					for {
						n, err := res.Body.Read(buf)
						sb.Write(buf[:n])
						if err != nil {
							break
						}
					}
					statuses[i], bodies[i] = res.StatusCode, sb.String()
				})
			}
			close(start)
			wg.Wait()
			won, winner := 0, -1
			for i, st := range statuses {
				switch {
				case st == http.StatusCreated || st == http.StatusSeeOther:
					won++
					winner = i
				case st == http.StatusConflict && i%10 != 0:
					var answer struct{ Error string }
					if err := json.Unmarshal([]byte(bodies[i]), &answer); err != nil || answer.Error != "taken" {
						t.Fatalf("round %d racer %d: 409 body %q", r, i, bodies[i])
					}
				case st == http.StatusConflict:
					if !strings.Contains(bodies[i], "Gerade eben vergeben") || !strings.Contains(bodies[i], fmt.Sprintf(`value="Firma %d-%d"`, r, i)) {
						t.Fatalf("round %d browser %d: 409 page lacks the message or the input: %.300s", r, i, bodies[i])
					}
				default:
					t.Fatalf("round %d racer %d: status %d, body %.300s", r, i, st, bodies[i])
				}
			}
			if won != 1 {
				t.Fatalf("round %d: %d winners, want exactly 1", r, won)
			}
			if n := outboxCount() - before; n != 1 {
				t.Fatalf("round %d: %d mails queued, want 1 (the winner's)", r, n)
			}
			var mailed int64
			testdb.Must(t, db.Model(&models.OutboxMail{}).Where("recipient = ?", fmt.Sprintf("r%d-%d@example.org", r, winner)).Count(&mailed).Error)
			if mailed != 1 {
				t.Fatalf("round %d: the winner %d got %d mails", r, winner, mailed)
			}
			f.giveBackPlace(t, ev, fmt.Sprintf("r%d-%d@example.org", r, winner))
		}
	})
}

// giveBackPlace frees what the winner of a race round got: its
// registration is cancelled (the seat counter follows) and its table
// bookings removed, so the next round contests the same place.
func (f *fixture) giveBackPlace(t *testing.T, ev models.Event, email string) {
	t.Helper()
	ctx := context.Background()
	db := f.store.DB()
	var reg models.EventRegistration
	testdb.Must(t, db.Joins("JOIN contact_persons c ON c.id = event_registrations.contact_person_id").
		Where("event_registrations.event_id = ? AND lower(c.email) = ?", ev.ID, email).First(&reg).Error)
	testdb.Must(t, f.store.SetRegistrationStatus(ctx, ev.JobCentreID, reg.ID, models.RegistrationCancelled))
	testdb.Must(t, db.Where("registration_id = ?", reg.ID).Delete(&models.TableBooking{}).Error)
	if taken, err := f.store.SeatsTaken(ctx, ev.ID); err != nil || taken != 0 {
		t.Fatalf("after giving back: %d seats taken, %v", taken, err)
	}
	blocks, err := f.store.EventBlocks(ctx, ev)
	testdb.Must(t, err)
	for _, b := range blocks {
		if b.Taken {
			t.Fatalf("after giving back: block %s still taken", b.Key())
		}
	}
}

func csrfCookieNameForTest(b *browser) string {
	for name := range b.cookies {
		if strings.Contains(name, "csrf") {
			return name
		}
	}
	return ""
}
