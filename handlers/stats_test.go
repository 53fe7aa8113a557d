package handlers

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
	"treffpunkt/views"
)

// funnelRow is how the funnel's data table shows one step.
func funnelRow(label, value string) string {
	return `<th scope="row" class="kern-table__cell">` + label + `</th><td class="kern-table__cell kern-table__cell--numeric">` + value + `</td>`
}

func TestStatsPages(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		// Tenant A: one attended interview that led to a hire 20 days after
		// the event; tenant B: one hire too, and a sector A does not have.
		iv := addOutcomeInterview(t, f, f.a, "STATSA01")
		_, err := f.store.SetInterviewStatus(ctx, f.a.centre.ID, iv.ID, iv.Version, models.InterviewAttended)
		testdb.Must(t, err)
		start := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
		_, err = f.store.RecordOutcome(ctx, f.a.centre.ID, iv.ID, models.OutcomeHireFullTime, &start, models.ActorStaff, nil)
		testdb.Must(t, err)
		ivB := addOutcomeInterview(t, f, f.b, "STATSB01")
		_, err = f.store.RecordOutcome(ctx, f.b.centre.ID, ivB.ID, models.OutcomeHirePartTime, nil, models.ActorStaff, nil)
		testdb.Must(t, err)
		testdb.Must(t, f.store.CreateEmployer(ctx, &models.Employer{JobCentreID: f.b.centre.ID, Name: "Zeche B", Sector: "Bergbau"}))

		anon := f.browser("198.51.100.20")
		if res := anon.request(t, http.MethodGet, "/stats", nil, nil); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login") {
			t.Errorf("anonymous /stats: status %d location %q, want the login", res.status, res.location)
		}

		b := f.browser("198.51.100.21")
		b.login(t, f.a.admin.Email)
		// Tenant A's figures only: one event, one hire of one, 20 days.
		res := b.request(t, http.MethodGet, "/stats", nil, nil)
		expect(t, res, http.StatusOK, []string{
			"<h1 class=\"kern-heading-large\">Statistik</h1>", `role="img"`, `aria-labelledby="chart-funnel-title chart-funnel-desc"`,
			`<title id="chart-funnel-title">`, `<desc id="chart-months-desc">`,
			funnelRow("Vorgeschlagen", "1"), funnelRow("Teilgenommen", "1"), funnelRow("Eingestellt", "1"),
			funnelRow("Einstellung Vollzeit", "1"), funnelRow("Einstellung Teilzeit", "0"),
			"<dt class=\"kern-body\">Tage bis Arbeitsbeginn (Median)</dt><dd>20</dd>",
			"<dt class=\"kern-body\">Nicht erschienen (Quote)</dt><dd>0,0\u00a0%</dd>",
			"<dt class=\"kern-body\">Einstellungen je Veranstaltung</dt><dd>1,0</dd>",
			"Apr. 2026", `<option value="Pflege">Pflege</option>`, `href="/stats" aria-current="page"`,
		}, []string{"Bergbau", "style=", "<script"})

		// Filters narrow; an unmatched one says so.
		expect(t, b.request(t, http.MethodGet, "/stats?kind=speed_dating&sector=Pflege&from=2026-04-01&to=14.04.2026", nil, nil),
			http.StatusOK, []string{funnelRow("Eingestellt", "1"), `value="2026-04-01"`, `<option value="speed_dating" selected>`}, nil)
		expect(t, b.request(t, http.MethodGet, "/stats?kind=job_fair", nil, nil),
			http.StatusOK, []string{"Keine Veranstaltung passt", funnelRow("Eingestellt", "0")}, nil)
		expect(t, b.request(t, http.MethodGet, "/stats?from=2026-04-15", nil, nil),
			http.StatusOK, []string{"Keine Veranstaltung passt"}, nil)

		// Bad values: a message next to the field, no figures, no 500.
		for _, tc := range []struct{ query, field, message string }{
			{"from=soon", "from", "Bitte geben Sie das Datum als TT.MM.JJJJ an."},
			{"to=2026-13-01", "to", "Bitte geben Sie das Datum als TT.MM.JJJJ an."},
			{"from=2026-05-01&to=2026-04-01", "to", "Das Ende liegt vor dem Anfang."},
			{"kind=boss", "kind", "Diese Art von Veranstaltung gibt es nicht."},
			{"sector=Bergbau", "sector", "Diese Branche hat keiner Ihrer Arbeitgeber."},
		} {
			res := b.request(t, http.MethodGet, "/stats?"+tc.query, nil, nil)
			expect(t, res, http.StatusUnprocessableEntity, []string{`id="` + tc.field + `-error"`, tc.message,
				`aria-describedby="` + tc.field + `-error"`, "Die Auswahl enthält Fehler"}, []string{`id="stats-figures"`})
		}

		// Per event: the event's own figures; another job centre's event is 404.
		expect(t, b.request(t, http.MethodGet, "/events/"+itoa(f.a.event.ID)+"/stats", nil, nil), http.StatusOK,
			[]string{"Statistik: " + f.a.event.Title, funnelRow("Eingestellt", "1"), `href="/events/` + itoa(f.a.event.ID) + `"`},
			[]string{`id="chart-months-title"`, `action="/stats"`})
		expect(t, b.request(t, http.MethodGet, "/events/"+itoa(f.b.event.ID)+"/stats", nil, nil), http.StatusNotFound, nil,
			[]string{f.b.event.Title})
		expect(t, b.request(t, http.MethodGet, "/events/"+itoa(f.a.event.ID), nil, nil), http.StatusOK,
			[]string{`href="/events/` + itoa(f.a.event.ID) + `/stats"`}, nil)

		// English.
		expect(t, b.request(t, http.MethodGet, "/stats?lang=en", nil, nil), http.StatusOK,
			[]string{"<h1 class=\"kern-heading-large\">Statistics</h1>", funnelRow("Hired", "1"), "<dd>0.0%</dd>", "Apr 2026"}, nil)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestStatsNumberFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{views.FormatInt("de", 0), "0"},
		{views.FormatInt("de", 999), "999"},
		{views.FormatInt("de", 1234), "1.234"},
		{views.FormatInt("de", 1234567), "1.234.567"},
		{views.FormatInt("en", 1234567), "1,234,567"},
		{views.FormatInt("de", -1234), "-1.234"},
		{views.FormatDecimal("de", 2.5, 1), "2,5"},
		{views.FormatDecimal("en", 2.5, 1), "2.5"},
		{views.FormatDecimal("de", 1234.56, 1), "1.234,6"},
		{views.FormatDecimal("de", 0.049, 1), "0,0"},
		{views.FormatDecimal("de", 71.3333, 0), "71"},
		{views.FormatDecimal("de", 2.05, 2), "2,05"},
		{views.FormatPercent("de", 2.0/7), "28,6\u00a0%"},
		{views.FormatPercent("en", 2.0/7), "28.6%"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
