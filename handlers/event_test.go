package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// eventValues is a valid job fair as the form sends it.
func eventValues(csrf string, version int) url.Values {
	return url.Values{
		"_csrf": {csrf}, "version": {strconv.Itoa(version)}, "kind": {"job_fair"}, "title": {"Jobmesse Frühling"},
		"description": {"Für alle Branchen"}, "day_rows": {"2"},
		"d0_date": {"2026-04-28"}, "d0_from": {"09:00"}, "d0_to": {"14:00"},
		"d1_date": {""}, "d1_from": {""}, "d1_to": {""},
		"slot_minutes": {"20"}, "buffer_minutes": {"5"}, "deadline": {"2026-04-21T18:00"},
		"venue_name": {"Stadthalle"}, "venue_street": {"Marktplatz 1"}, "venue_postcode": {"92224"}, "venue_town": {"Amberg"},
		"venue_step_free": {"on"}, "tables": {"3"},
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func TestEventCreateAndEdit(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		admin := f.browser("10.2.0.1")
		admin.login(t, f.a.admin.Email)
		ctx := context.Background()

		res := admin.request(t, http.MethodGet, "/events/new", nil, nil)
		expect(t, res, http.StatusOK, []string{`id="event-form"`, `name="d0_date"`, `name="tables"`, "Neue Veranstaltung"}, nil)

		for _, sc := range []struct {
			name     string
			form     url.Values
			status   int
			contains []string
		}{
			{"missing title and bad date keep input", with(eventValues(admin.csrf, 0), "title", "", "d0_date", "28.04.2026", "description", "Behalten <b>"),
				http.StatusUnprocessableEntity, []string{"Bitte geben Sie einen Titel", "Bitte geben Sie ein gültiges Datum", `value="28.04.2026"`, "Behalten &lt;b&gt;", `aria-invalid="true"`}},
			{"end before start", with(eventValues(admin.csrf, 0), "d0_to", "08:00"), http.StatusUnprocessableEntity, []string{"Das Ende muss nach dem Beginn liegen"}},
			{"job fair needs venue and tables", with(eventValues(admin.csrf, 0), "venue_name", "", "tables", "0"), http.StatusUnprocessableEntity,
				[]string{"brauchen einen Veranstaltungsort", "1 bis 200 Tische"}},
			{"group session needs capacity", with(eventValues(admin.csrf, 0), "kind", "group_session"), http.StatusUnprocessableEntity, []string{"1 bis 1000 Plätze"}},
			{"add a day keeps input", with(eventValues(admin.csrf, 0), "add_day", "1"), http.StatusOK, []string{`name="d2_date"`, `value="Jobmesse Frühling"`}},
		} {
			t.Run(sc.name, func(t *testing.T) {
				res := admin.request(t, http.MethodPost, "/events", sc.form, nil)
				expect(t, res, sc.status, sc.contains, nil)
			})
		}

		res = admin.request(t, http.MethodPost, "/events", eventValues(admin.csrf, 0), nil)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/events/") {
			t.Fatalf("create: status %d, location %q, body %.300s", res.status, res.location, res.body)
		}
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(res.location, "/events/"), "?done=created"), 10, 64)
		testdb.Must(t, err)
		ev, err := f.store.GetEvent(ctx, f.a.centre.ID, id)
		testdb.Must(t, err)
		berlin, _ := time.LoadLocation("Europe/Berlin")
		if ev.Status != models.EventDraft || len(ev.Days) != 1 || len(ev.Tables) != 3 || len(ev.PublicToken) < 16 ||
			!ev.Days[0].StartsAt.Equal(time.Date(2026, 4, 28, 9, 0, 0, 0, berlin)) || *ev.VenueStepFree != true ||
			!ev.RegistrationDeadline.Equal(time.Date(2026, 4, 21, 18, 0, 0, 0, berlin)) {
			t.Fatalf("created event = %+v", ev)
		}
		res = admin.request(t, http.MethodGet, res.location, nil, nil)
		expect(t, res, http.StatusOK, []string{"Die Veranstaltung ist angelegt", "Anmeldung öffnen", "Bearbeiten"}, []string{"/r/" + ev.PublicToken})

		edit := fmt.Sprintf("/events/%d/edit", id)
		res = admin.request(t, http.MethodGet, edit, nil, nil)
		expect(t, res, http.StatusOK, []string{`value="2026-04-28"`, `value="09:00"`, `value="3"`, `value="2026-04-21T18:00"`, `name="version" value="1"`}, nil)

		// Two staff edit at once: the first save wins, the second is told.
		update := fmt.Sprintf("/events/%d", id)
		res = admin.request(t, http.MethodPost, update, with(eventValues(admin.csrf, 1), "title", "Jobmesse Sommer", "tables", "5", "d1_date", "2026-04-29", "d1_from", "10:00", "d1_to", "12:00"), nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
		res = admin.request(t, http.MethodPost, update, with(eventValues(admin.csrf, 1), "title", "Jobmesse Herbst"), nil)
		expect(t, res, http.StatusConflict, []string{"Jemand anderes hat die Veranstaltung inzwischen geändert", `value="Jobmesse Herbst"`, `name="version" value="2"`}, nil)
		ev, err = f.store.GetEvent(ctx, f.a.centre.ID, id)
		testdb.Must(t, err)
		if ev.Title != "Jobmesse Sommer" || ev.Version != 2 || len(ev.Days) != 2 || len(ev.Tables) != 5 {
			t.Fatalf("after update: title %q version %d days %d tables %d", ev.Title, ev.Version, len(ev.Days), len(ev.Tables))
		}
		res = admin.request(t, http.MethodPost, update, with(eventValues(admin.csrf, 2), "tables", "2"), nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
		ev, err = f.store.GetEvent(ctx, f.a.centre.ID, id)
		testdb.Must(t, err)
		if len(ev.Tables) != 2 || len(ev.Days) != 1 {
			t.Errorf("after shrinking: %d tables, %d days", len(ev.Tables), len(ev.Days))
		}

		// Open, close, open again; a stale version is reported, not applied.
		status := fmt.Sprintf("/events/%d/status", id)
		for _, step := range []struct {
			status, version string
			code            int
			location        string
			want            models.EventStatus
		}{
			{"open", "3", http.StatusSeeOther, "?done=open", models.EventOpen},
			{"closed", "3", http.StatusSeeOther, "?done=conflict", models.EventOpen},
			{"published", "4", http.StatusBadRequest, "", models.EventOpen},
			{"closed", "4", http.StatusSeeOther, "?done=closed", models.EventClosed},
			{"closed", "5", http.StatusBadRequest, "", models.EventClosed},
			{"open", "5", http.StatusSeeOther, "?done=open", models.EventOpen},
		} {
			res := admin.request(t, http.MethodPost, status, url.Values{"_csrf": {admin.csrf}, "status": {step.status}, "version": {step.version}}, nil)
			if res.status != step.code || !strings.HasSuffix(res.location, step.location) {
				t.Errorf("%s@%s: status %d location %q, want %d %q", step.status, step.version, res.status, res.location, step.code, step.location)
			}
			ev, err := f.store.GetEvent(ctx, f.a.centre.ID, id)
			testdb.Must(t, err)
			if ev.Status != step.want {
				t.Errorf("%s@%s: event is %s, want %s", step.status, step.version, ev.Status, step.want)
			}
		}
		res = admin.request(t, http.MethodGet, fmt.Sprintf("/events/%d", id), nil, nil)
		expect(t, res, http.StatusOK, []string{"http://localhost:8080/r/" + ev.PublicToken, fmt.Sprintf(`src="/events/%d/qr.png"`, id), "Anmeldung schließen"}, nil)

		res = admin.request(t, http.MethodGet, fmt.Sprintf("/events/%d/qr.png", id), nil, nil)
		if res.status != http.StatusOK || res.header.Get("Content-Type") != "image/png" || !bytes.HasPrefix([]byte(res.body), []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("qr: status %d, type %q", res.status, res.header.Get("Content-Type"))
		}
	})
}

// TestEventCrossTenant proves that staff of job centre A cannot read or
// change job centre B's events through the new routes.
func TestEventCrossTenant(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		b := f.browser("10.2.1.1")
		b.login(t, f.a.staff.Email)
		id := f.b.event.ID
		for _, sc := range []struct {
			method, path string
			form         url.Values
		}{
			{http.MethodGet, fmt.Sprintf("/events/%d/edit", id), nil},
			{http.MethodGet, fmt.Sprintf("/events/%d/qr.png", id), nil},
			{http.MethodPost, fmt.Sprintf("/events/%d", id), eventValues(b.csrf, 1)},
			{http.MethodPost, fmt.Sprintf("/events/%d/status", id), url.Values{"_csrf": {b.csrf}, "status": {"closed"}, "version": {"1"}}},
		} {
			res := b.request(t, sc.method, sc.path, sc.form, nil)
			expect(t, res, http.StatusNotFound, nil, []string{f.b.event.Title})
		}
		ev, err := f.store.GetEvent(context.Background(), f.b.centre.ID, id)
		testdb.Must(t, err)
		if ev.Version != 1 || ev.Status != models.EventOpen || ev.Title != f.b.event.Title {
			t.Errorf("B's event was changed: %+v", ev)
		}
		anon := f.browser("10.2.1.2")
		res := anon.request(t, http.MethodGet, "/events/new", nil, nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
		res = anon.request(t, http.MethodGet, fmt.Sprintf("/events/%d/qr.png", f.a.event.ID), nil, nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
	})
}
