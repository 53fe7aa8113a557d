package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"treffpunkt/models/testdb"
)

func TestPagesAndRoles(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		admin := f.browser("10.0.0.1")
		admin.login(t, f.a.admin.Email)
		staff := f.browser("10.0.0.2")
		staff.login(t, f.a.staff.Email)
		anon := f.browser("10.0.0.3")

		scenarios := []struct {
			name        string
			who         *browser
			path        string
			header      map[string]string
			status      int
			location    string
			contains    []string
			notContains []string
		}{
			{"home anonymous", anon, "/", nil, http.StatusSeeOther, "/login", nil, nil},
			{"home logged in", admin, "/", nil, http.StatusSeeOther, "/events", nil, nil},
			{"events anonymous", anon, "/events", nil, http.StatusSeeOther, "/login", nil, nil},
			{"login page de", anon, "/login", nil, http.StatusOK, "",
				[]string{`id="login-form"`, `name="email"`, `name="password"`, `name="_csrf"`, `type="submit"`, `lang="de"`, "Anmelden"}, nil},
			{"login page en by header", anon, "/login", map[string]string{"Accept-Language": "en-GB,en;q=0.8"}, http.StatusOK, "",
				[]string{`lang="en"`, "Log in"}, nil},
			{"login page logged in", admin, "/login", nil, http.StatusSeeOther, "/events", nil, nil},
			{"events list", admin, "/events", nil, http.StatusOK, "",
				[]string{"<h1", fmt.Sprintf(`href="/events/%d"`, f.a.event.ID), f.a.event.Title, "Jobcenter Amberg", "Di., 14.04.2026", "Abmelden", `href="/staff"`},
				[]string{f.b.event.Title}},
			{"event detail", admin, fmt.Sprintf("/events/%d", f.a.event.ID), nil, http.StatusOK, "",
				[]string{f.a.event.Title, "Speed-Dating", "Di., 14.04.2026, 09:00 Uhr", "14:00 Uhr", f.a.employer.Name, "Clara Kontakt", "Stadthalle"}, nil},
			{"employers list", admin, "/employers", nil, http.StatusOK, "",
				[]string{fmt.Sprintf(`href="/employers/%d"`, f.a.employer.ID), f.a.employer.Name}, []string{f.b.employer.Name}},
			{"employer detail", admin, fmt.Sprintf("/employers/%d", f.a.employer.ID), nil, http.StatusOK, "",
				[]string{f.a.employer.Name, "Lindenweg 3", "Pflegehelfer/in", "B1", "Teilzeit"}, nil},
			{"applicants list", admin, "/applicants", nil, http.StatusOK, "",
				[]string{f.a.applicant.LastName, "1 Person gefunden"}, []string{f.b.applicant.LastName}},
			{"applicants filter hit", admin, "/applicants?q=olena&level=A2&language=uk&postcode=922", nil, http.StatusOK, "",
				[]string{f.a.applicant.LastName, `value="olena"`, `<option value="A2" selected>`}, nil},
			{"applicants filter miss", admin, "/applicants?level=C1", nil, http.StatusOK, "",
				[]string{"0 Personen gefunden"}, []string{f.a.applicant.LastName}},
			{"applicants bad filter ignored", admin, "/applicants?level=Z9&language=xx", nil, http.StatusOK, "",
				[]string{f.a.applicant.LastName}, nil},
			{"applicant detail", admin, fmt.Sprintf("/applicants/%d", f.a.applicant.ID), nil, http.StatusOK, "",
				[]string{"Olena", "Ukrainisch", "So., 01.03.2026"}, nil},
			{"staff page admin", admin, "/staff", nil, http.StatusOK, "",
				[]string{f.a.admin.Name, f.a.staff.Email, "Administration"}, []string{f.b.admin.Email}},
			{"staff page staff user", staff, "/staff", nil, http.StatusForbidden, "",
				[]string{"Access denied", "Events"}, []string{f.a.admin.Email}},
			{"staff new staff user", staff, "/staff/new", nil, http.StatusForbidden, "", nil, nil},
			{"staff page anonymous", anon, "/staff", nil, http.StatusSeeOther, "/login", nil, nil},
			{"staff user detail", admin, fmt.Sprintf("/staff/%d", f.a.staff.ID), nil, http.StatusOK, "", []string{f.a.staff.Email}, nil},
			{"nav hides team from staff", staff, "/events", nil, http.StatusOK, "", []string{"Events"}, []string{`href="/staff"`}},
			{"staff locale is English", staff, "/events", nil, http.StatusOK, "", []string{`lang="en"`, "Tue, 14 Apr 2026"}, nil},
			{"unknown page de", anon, "/nirgendwo", nil, http.StatusNotFound, "", []string{"Seite nicht gefunden", `lang="de"`, "Kennung"}, nil},
			{"unknown page en", anon, "/nowhere", map[string]string{"Accept-Language": "en"}, http.StatusNotFound, "", []string{"Page not found", `lang="en"`}, nil},
			{"unknown id", admin, "/events/999999", nil, http.StatusNotFound, "", []string{"Seite nicht gefunden"}, nil},
			{"non-numeric id", admin, "/employers/abc", nil, http.StatusNotFound, "", []string{"Seite nicht gefunden"}, nil},
			{"healthz", anon, "/healthz", nil, http.StatusOK, "", []string{"ok"}, nil},
			{"readyz", anon, "/readyz", nil, http.StatusOK, "", []string{"ready"}, nil},
		}
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				res := sc.who.request(t, http.MethodGet, sc.path, nil, sc.header)
				expect(t, res, sc.status, sc.contains, sc.notContains)
				if res.location != sc.location {
					t.Errorf("location = %q, want %q", res.location, sc.location)
				}
				if strings.Contains(res.body, "style=") || strings.Contains(res.body, "<script") {
					t.Error("inline style or script in page")
				}
			})
		}
	})
}

// TestCrossTenant proves that staff of job centre A get 404 for every
// object URL of job centre B, admins included.
func TestCrossTenant(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		for _, who := range []string{f.a.admin.Email, f.a.staff.Email} {
			b := f.browser("10.1.0.1")
			b.login(t, who)
			paths := []string{
				fmt.Sprintf("/events/%d", f.b.event.ID),
				fmt.Sprintf("/employers/%d", f.b.employer.ID),
				fmt.Sprintf("/applicants/%d", f.b.applicant.ID),
				fmt.Sprintf("/staff/%d", f.b.admin.ID),
				fmt.Sprintf("/staff/%d", f.b.staff.ID),
			}
			for _, p := range paths {
				t.Run(who+p, func(t *testing.T) {
					res := b.request(t, http.MethodGet, p, nil, nil)
					want := http.StatusNotFound
					if strings.HasPrefix(p, "/staff/") && who == f.a.staff.Email {
						want = http.StatusForbidden // staff may not open any staff page
					}
					expect(t, res, want, nil, []string{f.b.event.Title, f.b.employer.Name, f.b.applicant.LastName, f.b.admin.Email, f.b.staff.Email})
				})
			}
		}
	})
}

func TestLogin(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		post := func(t *testing.T, b *browser, email, password string, withCSRF bool) response {
			t.Helper()
			b.request(t, http.MethodGet, "/login", nil, nil)
			form := url.Values{"email": {email}, "password": {password}}
			if withCSRF {
				form.Set("_csrf", b.csrf)
			}
			return b.request(t, http.MethodPost, "/login", form, nil)
		}

		t.Run("ok, session cookie, logout", func(t *testing.T) {
			b := f.browser("10.2.0.1")
			res := post(t, b, "  ADMIN@a.example ", testPassword, true)
			if res.status != http.StatusSeeOther || res.location != "/events" {
				t.Fatalf("status %d location %q", res.status, res.location)
			}
			var sc *http.Cookie
			for _, c := range res.cookies {
				if c.Name == "treffpunkt_session" {
					sc = c
				}
			}
			if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Path != "/" || len(sc.Value) < 40 {
				t.Fatalf("session cookie = %+v", sc)
			}
			expect(t, b.request(t, http.MethodGet, "/events", nil, nil), http.StatusOK, []string{f.a.event.Title}, nil)
			res = b.request(t, http.MethodPost, "/logout", url.Values{"_csrf": {b.csrf}}, nil)
			if res.status != http.StatusSeeOther || res.location != "/login" {
				t.Fatalf("logout: status %d location %q", res.status, res.location)
			}
			// The old cookie is worthless even if replayed.
			replay := f.browser("10.2.0.1")
			replay.cookies["treffpunkt_session"] = sc.Value
			res = replay.request(t, http.MethodGet, "/events", nil, nil)
			if res.status != http.StatusSeeOther || res.location != "/login" {
				t.Fatalf("replayed cookie after logout: status %d", res.status)
			}
		})

		tests := []struct {
			name        string
			email       string
			password    string
			csrf        bool
			status      int
			contains    []string
			notContains []string
		}{
			{"wrong password", f.a.admin.Email, "falsch-falsch-falsch", true, http.StatusUnprocessableEntity,
				[]string{"E-Mail-Adresse oder Passwort ist falsch.", `value="admin@a.example"`}, []string{"falsch-falsch"}},
			{"unknown e-mail, same message", "niemand@a.example", testPassword, true, http.StatusUnprocessableEntity,
				[]string{"E-Mail-Adresse oder Passwort ist falsch."}, nil},
			{"csrf missing", f.a.admin.Email, testPassword, false, http.StatusForbidden,
				[]string{"Formular abgelaufen", "Kennung"}, nil},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := f.browser(fmt.Sprintf("10.3.0.%d", i+1))
				res := post(t, b, tt.email, tt.password, tt.csrf)
				expect(t, res, tt.status, tt.contains, tt.notContains)
				for _, c := range res.cookies {
					if c.Name == "treffpunkt_session" && c.Value != "" {
						t.Errorf("got a session cookie")
					}
				}
			})
		}

		t.Run("forged csrf token", func(t *testing.T) {
			b := f.browser("10.4.0.1")
			b.request(t, http.MethodGet, "/login", nil, nil)
			res := b.request(t, http.MethodPost, "/login", url.Values{"email": {f.a.admin.Email}, "password": {testPassword}, "_csrf": {"forged"}}, nil)
			expect(t, res, http.StatusForbidden, []string{"Formular abgelaufen"}, nil)
		})

		t.Run("logged-in POST without session token", func(t *testing.T) {
			b := f.browser("10.4.0.2")
			b.login(t, f.a.admin.Email)
			res := b.request(t, http.MethodPost, "/logout", url.Values{}, nil)
			expect(t, res, http.StatusForbidden, nil, nil)
			expect(t, b.request(t, http.MethodGet, "/events", nil, nil), http.StatusOK, nil, nil)
		})
	})
}

func TestLoginRateLimit(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		attempt := func(t *testing.T, b *browser, email, password string) response {
			t.Helper()
			b.request(t, http.MethodGet, "/login", nil, nil)
			return b.request(t, http.MethodPost, "/login", url.Values{"email": {email}, "password": {password}, "_csrf": {b.csrf}}, nil)
		}

		t.Run("per e-mail", func(t *testing.T) {
			for i := 1; i <= 5; i++ {
				// Each try from another address: the e-mail key alone must trip.
				res := attempt(t, f.browser(fmt.Sprintf("10.5.0.%d", i)), f.a.admin.Email, "falsch-falsch-falsch")
				expect(t, res, http.StatusUnprocessableEntity, []string{"Passwort ist falsch"}, nil)
			}
			res := attempt(t, f.browser("10.5.0.99"), f.a.admin.Email, testPassword)
			expect(t, res, http.StatusTooManyRequests, []string{"Zu viele Anmeldeversuche", "15 Minuten"}, nil)
			// Another user is not affected.
			res = attempt(t, f.browser("10.5.1.1"), f.a.staff.Email, testPassword)
			if res.status != http.StatusSeeOther {
				t.Fatalf("other user: status %d", res.status)
			}
			// After the window the right password works again.
			f.clock.advance(15*time.Minute + time.Second)
			res = attempt(t, f.browser("10.5.0.100"), f.a.admin.Email, testPassword)
			if res.status != http.StatusSeeOther {
				t.Fatalf("after the window: status %d, body %.300s", res.status, res.body)
			}
		})

		t.Run("per address", func(t *testing.T) {
			b := f.browser("10.6.0.1")
			for i := 1; i <= 5; i++ {
				res := attempt(t, b, fmt.Sprintf("nobody%d@b.example", i), "falsch-falsch-falsch")
				expect(t, res, http.StatusUnprocessableEntity, nil, nil)
			}
			res := attempt(t, b, f.b.admin.Email, testPassword)
			expect(t, res, http.StatusTooManyRequests, []string{"Zu viele Anmeldeversuche"}, nil)
		})
	})
}

func TestSessionExpiry(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		opts := testOptions()
		opts.SessionIdle = 30 * time.Minute
		opts.SessionMax = 2 * time.Hour
		f := newFixture(t, db, opts)
		b := f.browser("10.7.0.1")
		b.login(t, f.a.admin.Email)
		steps := []struct {
			name    string
			advance time.Duration
			status  int
		}{
			{"active within idle time", 29 * time.Minute, http.StatusOK},
			{"idle timer moved by the last request", 29 * time.Minute, http.StatusOK},
			{"still active", 29 * time.Minute, http.StatusOK},
			{"still active before absolute expiry", 29 * time.Minute, http.StatusOK},
			{"absolute expiry", 5 * time.Minute, http.StatusSeeOther},
		}
		for _, st := range steps {
			f.clock.advance(st.advance)
			if res := b.request(t, http.MethodGet, "/events", nil, nil); res.status != st.status {
				t.Fatalf("%s: status %d, want %d", st.name, res.status, st.status)
			}
		}
		b = f.browser("10.7.0.2")
		b.login(t, f.a.admin.Email)
		f.clock.advance(31 * time.Minute)
		if res := b.request(t, http.MethodGet, "/events", nil, nil); res.status != http.StatusSeeOther {
			t.Fatalf("idle expiry: status %d", res.status)
		}
	})
}

func TestSaveStaff(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		admin := f.browser("10.8.0.1")
		admin.login(t, f.a.admin.Email)
		tests := []struct {
			name        string
			form        url.Values
			status      int
			contains    []string
			notContains []string
		}{
			{"all fields bad", url.Values{"name": {" "}, "email": {"kein-at"}, "role": {"boss"}, "locale": {"fr"}, "password": {"kurz"}},
				http.StatusUnprocessableEntity,
				[]string{"Bitte geben Sie einen Namen ein.", "gültige E-Mail-Adresse", "Bitte wählen Sie eine Rolle.", "mindestens 12 Zeichen lang", `value="kein-at"`, `aria-invalid="true"`, "kern-form-input--error"},
				[]string{`value="kurz"`}},
			{"short password keeps input", url.Values{"name": {"Neu Person"}, "email": {"neu@a.example"}, "role": {"staff"}, "locale": {"en"}, "password": {"elf-zeichen"}},
				http.StatusUnprocessableEntity,
				[]string{"mindestens 12 Zeichen lang", `value="Neu Person"`, `value="neu@a.example"`, `<option value="en" selected>`},
				[]string{"Bitte geben Sie einen Namen ein.", "elf-zeichen"}},
			{"duplicate e-mail of another job centre", url.Values{"name": {"Doppelt"}, "email": {"ADMIN@b.example"}, "role": {"staff"}, "locale": {"de"}, "password": {"ein-langes-passwort"}},
				http.StatusUnprocessableEntity, []string{"bereits vergeben"}, nil},
			{"ok", url.Values{"name": {"Neu Person"}, "email": {"neu@a.example"}, "role": {"admin"}, "locale": {"de"}, "password": {"ein-langes-passwort"}},
				http.StatusSeeOther, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				admin.request(t, http.MethodGet, "/staff/new", nil, nil)
				tt.form.Set("_csrf", admin.csrf)
				res := admin.request(t, http.MethodPost, "/staff", tt.form, nil)
				expect(t, res, tt.status, tt.contains, tt.notContains)
			})
		}
		expect(t, admin.request(t, http.MethodGet, "/staff?created=1", nil, nil), http.StatusOK, []string{"Neu Person", "neu@a.example", "hinzugefügt"}, nil)
		// The new admin can log in with the initial password.
		nb := f.browser("10.8.0.2")
		nb.request(t, http.MethodGet, "/login", nil, nil)
		res := nb.request(t, http.MethodPost, "/login", url.Values{"email": {"neu@a.example"}, "password": {"ein-langes-passwort"}, "_csrf": {nb.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("new user login: status %d", res.status)
		}

		staff := f.browser("10.8.0.3")
		staff.login(t, f.a.staff.Email)
		res = staff.request(t, http.MethodPost, "/staff", url.Values{"name": {"X"}, "email": {"x@a.example"}, "role": {"admin"}, "locale": {"de"}, "password": {"ein-langes-passwort"}, "_csrf": {staff.csrf}}, nil)
		expect(t, res, http.StatusForbidden, nil, nil)
	})
}

func TestLanguageSwitch(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		b := f.browser("10.9.0.1")
		b.login(t, f.a.admin.Email) // locale de
		expect(t, b.request(t, http.MethodGet, "/events?lang=en", nil, nil), http.StatusOK, []string{`lang="en"`, "Events", `aria-current="true"`}, nil)
		// The cookie keeps the choice, over the user's own setting.
		expect(t, b.request(t, http.MethodGet, "/employers", nil, nil), http.StatusOK, []string{`lang="en"`, "Employers"}, nil)
		expect(t, b.request(t, http.MethodGet, "/employers?lang=de", nil, nil), http.StatusOK, []string{`lang="de"`, "Arbeitgeber"}, nil)
		expect(t, b.request(t, http.MethodGet, "/employers?lang=xx", nil, nil), http.StatusOK, []string{`lang="de"`}, nil)
	})
}

func TestPanicIsRecovered(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		f.app.Get("/test/panic", func(c *fiber.Ctx) error { panic("secret internal detail") })
		b := f.browser("10.10.0.1")
		res := b.request(t, http.MethodGet, "/test/panic", nil, map[string]string{"Accept-Language": "en"})
		rid := res.header.Get("X-Request-Id")
		expect(t, res, http.StatusInternalServerError, []string{"Something went wrong", rid}, []string{"secret internal detail", "goroutine"})
		if len(rid) != 16 {
			t.Fatalf("request id %q", rid)
		}
		logs := f.logs.String()
		if !strings.Contains(logs, "secret internal detail") || !strings.Contains(logs, rid) {
			t.Errorf("the log lacks the panic or its request id: %.500s", logs)
		}
		// The process keeps serving.
		expect(t, b.request(t, http.MethodGet, "/healthz", nil, nil), http.StatusOK, []string{"ok"}, nil)
		expect(t, b.request(t, http.MethodGet, "/login", nil, nil), http.StatusOK, []string{"login-form"}, nil)
	})
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		b := f.browser("10.11.0.1")
		res := b.request(t, http.MethodGet, "/login", nil, nil)
		for name, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "same-origin",
			"Cache-Control":          "no-store",
		} {
			if got := res.header.Get(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		csp := res.header.Get("Content-Security-Policy")
		for _, part := range []string{"script-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, part) {
				t.Errorf("CSP %q lacks %q", csp, part)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP allows inline code: %q", csp)
		}
		// Every stylesheet the page links is served with immutable caching.
		links := 0
		for _, part := range strings.Split(res.body, `href="/static/`)[1:] {
			link := "/static/" + part[:strings.Index(part, `"`)]
			links++
			sres := b.request(t, http.MethodGet, link, nil, nil)
			if sres.status != http.StatusOK || sres.header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
				!strings.HasPrefix(sres.header.Get("Content-Type"), "text/css") {
				t.Errorf("%s: status %d, cache %q, type %q", link, sres.status, sres.header.Get("Cache-Control"), sres.header.Get("Content-Type"))
			}
		}
		if links != 3 {
			t.Errorf("found %d stylesheet links, want 3", links)
		}
		expect(t, b.request(t, http.MethodGet, "/static/0123456789abcdef/app.css", nil, nil), http.StatusNotFound, []string{"Seite nicht gefunden"}, nil)
	})
}

func TestReadinessWithoutDatabase(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		sqlDB, err := db.DB()
		testdb.Must(t, err)
		testdb.Must(t, sqlDB.Close())
		b := f.browser("10.12.0.1")
		expect(t, b.request(t, http.MethodGet, "/readyz", nil, nil), http.StatusServiceUnavailable, nil, []string{"sql"})
		expect(t, b.request(t, http.MethodGet, "/healthz", nil, nil), http.StatusOK, []string{"ok"}, nil)
		// A page that needs the database fails politely, without internals.
		b.cookies["treffpunkt_session"] = "whatever"
		res := b.request(t, http.MethodGet, "/events", nil, nil)
		expect(t, res, http.StatusInternalServerError, []string{"Ein Fehler ist aufgetreten", res.header.Get("X-Request-Id")}, []string{"sql", "closed"})
	})
}

func TestSecureCookies(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		opts := testOptions()
		opts.SecureCookies = true
		f := newFixture(t, db, opts)
		b := f.browser("10.13.0.1")
		res := b.request(t, http.MethodGet, "/login", nil, nil)
		if got := res.header.Get("Strict-Transport-Security"); got == "" {
			t.Error("no HSTS header over https")
		}
		res = b.request(t, http.MethodPost, "/login", url.Values{"email": {f.a.admin.Email}, "password": {testPassword}, "_csrf": {b.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("login: status %d", res.status)
		}
		var found bool
		for _, c := range res.cookies {
			if c.Name == "__Host-treffpunkt" {
				found = true
				if !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" || c.SameSite != http.SameSiteLaxMode {
					t.Errorf("session cookie %+v lacks Secure/HttpOnly/Path=/ or has a Domain", c)
				}
			}
			if c.Name == "treffpunkt_session" {
				t.Error("insecure cookie name over https")
			}
		}
		if !found {
			t.Fatal("no __Host-treffpunkt cookie")
		}
		expect(t, b.request(t, http.MethodGet, "/events", nil, nil), http.StatusOK, []string{f.a.event.Title}, nil)
	})
}
