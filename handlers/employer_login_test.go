package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// queuedMails returns the decoded outbox mails to recipient, oldest first.
func queuedMails(t testing.TB, f *fixture, recipient string) []*mail.Message {
	t.Helper()
	var rows []models.OutboxMail
	testdb.Must(t, f.store.DB().Where("lower(recipient) = ?", strings.ToLower(recipient)).Order("id").Find(&rows).Error)
	out := make([]*mail.Message, 0, len(rows))
	for _, r := range rows {
		msg, err := outbox.Decode(r)
		testdb.Must(t, err)
		out = append(out, msg)
	}
	return out
}

var loginLinkRE = regexp.MustCompile(`http://localhost:8080(/employer/login/[A-Za-z0-9_-]{43})`)

// requestLoginLink asks for a login link as b and returns the paths of the
// links in the newest mail to email (none for an unknown address).
func requestLoginLink(t testing.TB, f *fixture, b *browser, email string) (response, []string) {
	t.Helper()
	before := len(queuedMails(t, f, email))
	b.request(t, http.MethodGet, "/employer/login", nil, nil)
	res := b.request(t, http.MethodPost, "/employer/login", url.Values{"email": {email}, "_csrf": {b.csrf}}, nil)
	mails := queuedMails(t, f, email)
	if len(mails) == before {
		return res, nil
	}
	if len(mails) != before+1 {
		t.Fatalf("%d mails queued for one request", len(mails)-before)
	}
	var links []string
	for _, m := range loginLinkRE.FindAllStringSubmatch(mails[len(mails)-1].Text, -1) {
		links = append(links, m[1])
	}
	return res, links
}

// employerLogin logs b in as the contact with email through the mailed link.
func employerLogin(t testing.TB, f *fixture, b *browser, email string) {
	t.Helper()
	res, links := requestLoginLink(t, f, b, email)
	if res.status != http.StatusOK || len(links) != 1 {
		t.Fatalf("request link for %s: status %d, %d links", email, res.status, len(links))
	}
	b.request(t, http.MethodGet, links[0], nil, nil)
	res = b.request(t, http.MethodPost, links[0], url.Values{"_csrf": {b.csrf}}, nil)
	if res.status != http.StatusSeeOther || res.location != "/employer" {
		t.Fatalf("use link: status %d location %q body %.300s", res.status, res.location, res.body)
	}
	b.request(t, http.MethodGet, "/employer", nil, nil) // the session's CSRF token
}

func countSessions(t testing.TB, f *fixture) int64 {
	t.Helper()
	var n int64
	testdb.Must(t, f.store.DB().Model(&models.Session{}).Where("kind = ?", models.SessionEmployer).Count(&n).Error)
	return n
}

func TestEmployerLoginLink(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		clara := f.a.employer.Contacts[0].Email

		t.Run("known and unknown address get the same answer", func(t *testing.T) {
			known, links := requestLoginLink(t, f, f.browser("10.20.0.1"), clara)
			unknown, none := requestLoginLink(t, f, f.browser("10.20.0.2"), "niemand@a.example")
			for _, res := range []response{known, unknown} {
				expect(t, res, http.StatusOK, []string{"Wenn die Adresse bei uns bekannt ist, ist ein Anmeldelink unterwegs.", "15 Minuten"}, []string{clara})
			}
			if len(links) != 1 || len(none) != 0 {
				t.Fatalf("links: known %d, unknown %d", len(links), len(none))
			}
			strip := regexp.MustCompile(`[0-9a-f]{16}|name="_csrf" value="[^"]*"`)
			if strip.ReplaceAllString(known.body, "") != strip.ReplaceAllString(unknown.body, "") {
				t.Error("the answers for a known and an unknown address differ")
			}
			m := queuedMails(t, f, clara)[0]
			if !strings.Contains(m.Subject, "Anmeldelink") || m.To.Email != clara || len(m.Calendar) != 0 {
				t.Errorf("mail: subject %q to %q", m.Subject, m.To.Email)
			}
			var lt models.LinkToken
			testdb.Must(t, db.Where("kind = ?", models.LinkEmployerLogin).Order("id DESC").First(&lt).Error)
			token := strings.TrimPrefix(links[0], "/employer/login/")
			if lt.TokenHash != sessionID(token) || strings.Contains(lt.TokenHash, token) {
				t.Errorf("stored %q, want the SHA-256 of the token only", lt.TokenHash)
			}
			if got := lt.ExpiresAt.Sub(f.clock.now()); got != 15*time.Minute {
				t.Errorf("link valid for %v, want 15m", got)
			}
		})

		t.Run("opening the link does not use it; the button uses it once", func(t *testing.T) {
			b := f.browser("10.21.0.1")
			_, links := requestLoginLink(t, f, b, clara)
			for i := 0; i < 3; i++ { // a mail scanner, a preview, the person
				res := b.request(t, http.MethodGet, links[0], nil, nil)
				expect(t, res, http.StatusOK, []string{`id="employer-link-form"`, "Jetzt anmelden"}, nil)
				if res.header.Get("Referrer-Policy") != "no-referrer" {
					t.Errorf("Referrer-Policy %q", res.header.Get("Referrer-Policy"))
				}
			}
			sessions := countSessions(t, f)
			res := b.request(t, http.MethodPost, links[0], url.Values{"_csrf": {b.csrf}}, nil)
			if res.status != http.StatusSeeOther || res.location != "/employer" {
				t.Fatalf("POST: status %d location %q", res.status, res.location)
			}
			if countSessions(t, f) != sessions+1 {
				t.Fatal("no employer session created")
			}
			var audited int64
			testdb.Must(t, db.Model(&models.AuditEvent{}).Where("action = ? AND actor_id = ?", "employer.login", f.a.employer.Contacts[0].ID).Count(&audited).Error)
			if audited != 1 {
				t.Errorf("%d audit events for the login, want 1", audited)
			}
			expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK,
				[]string{f.a.employer.Name, "Clara Kontakt", f.a.event.Title}, []string{f.b.employer.Name})

			again := f.browser("10.21.0.2")
			again.request(t, http.MethodGet, "/employer/login", nil, nil)
			res = again.request(t, http.MethodPost, links[0], url.Values{"_csrf": {again.csrf}}, nil)
			expect(t, res, http.StatusGone, []string{"bereits verwendet", `href="/employer/login"`}, nil)
			expect(t, again.request(t, http.MethodGet, "/employer", nil, nil), http.StatusSeeOther, nil, nil)
			if countSessions(t, f) != sessions+1 {
				t.Error("a used link created a session")
			}
		})

		t.Run("bad links: a clear page and nothing changes", func(t *testing.T) {
			b := f.browser("10.22.0.1")
			_, links := requestLoginLink(t, f, b, clara)
			f.clock.advance(15*time.Minute + time.Second)
			tests := []struct {
				name, path, text string
				status           int
			}{
				{"expired", links[0], "abgelaufen", http.StatusGone},
				{"forged", "/employer/login/" + strings.Repeat("A", 43), "ungültig", http.StatusNotFound},
				{"garbage", "/employer/login/x", "ungültig", http.StatusNotFound},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					sessions := countSessions(t, f)
					expect(t, b.request(t, http.MethodGet, tt.path, nil, nil), tt.status, []string{tt.text, "Neuen Link anfordern"}, []string{`id="employer-link-form"`})
					res := b.request(t, http.MethodPost, tt.path, url.Values{"_csrf": {b.csrf}}, nil)
					expect(t, res, tt.status, []string{tt.text}, nil)
					if countSessions(t, f) != sessions {
						t.Error("a bad link created a session")
					}
				})
			}
			var used int64
			testdb.Must(t, db.Model(&models.LinkToken{}).Where("used_at IS NOT NULL AND token_hash = ?",
				sessionID(strings.TrimPrefix(links[0], "/employer/login/"))).Count(&used).Error)
			if used != 0 {
				t.Error("the expired link was marked used")
			}
		})

		t.Run("a link needs the CSRF token", func(t *testing.T) {
			b := f.browser("10.23.0.1")
			_, links := requestLoginLink(t, f, b, clara)
			expect(t, b.request(t, http.MethodPost, links[0], url.Values{}, nil), http.StatusForbidden, nil, nil)
			res := b.request(t, http.MethodPost, links[0], url.Values{"_csrf": {b.csrf}}, nil)
			if res.status != http.StatusSeeOther {
				t.Fatalf("link unusable after a refused POST: %d", res.status)
			}
		})

		t.Run("invalid address", func(t *testing.T) {
			b := f.browser("10.24.0.1")
			b.request(t, http.MethodGet, "/employer/login", nil, nil)
			res := b.request(t, http.MethodPost, "/employer/login", url.Values{"email": {"kein-at"}, "_csrf": {b.csrf}}, nil)
			expect(t, res, http.StatusUnprocessableEntity, []string{"gültige E-Mail-Adresse", `value="kein-at"`}, nil)
		})

		t.Run("one address, two employers: one link per employer", func(t *testing.T) {
			other := models.Employer{JobCentreID: f.a.centre.ID, Name: "Bäckerei Zweitbetrieb",
				Contacts: []models.ContactPerson{{Name: "Clara Kontakt", Email: strings.ToUpper(clara)}}}
			testdb.Must(t, f.store.CreateEmployer(context.Background(), &other))
			b := f.browser("10.25.0.1")
			_, links := requestLoginLink(t, f, b, clara)
			if len(links) != 2 {
				t.Fatalf("%d links, want 2", len(links))
			}
			m := queuedMails(t, f, clara)
			if text := m[len(m)-1].Text; !strings.Contains(text, other.Name) || !strings.Contains(text, f.a.employer.Name) {
				t.Errorf("the mail does not name both employers: %s", text)
			}
			b.request(t, http.MethodGet, links[1], nil, nil)
			b.request(t, http.MethodPost, links[1], url.Values{"_csrf": {b.csrf}}, nil)
			expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK, []string{other.Name}, []string{f.a.event.Title})
		})
	})
}

func TestEmployerLoginRateLimit(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		t.Run("per address", func(t *testing.T) {
			f := newFixture(t, db, testOptions())
			clara := f.a.employer.Contacts[0].Email
			for i := 1; i <= employerLinkMaxPerEmail; i++ {
				res, links := requestLoginLink(t, f, f.browser(fmt.Sprintf("10.30.0.%d", i)), strings.ToUpper(clara))
				if res.status != http.StatusOK || len(links) != 1 {
					t.Fatalf("request %d: status %d, %d links", i, res.status, len(links))
				}
			}
			res, links := requestLoginLink(t, f, f.browser("10.30.1.1"), clara)
			expect(t, res, http.StatusTooManyRequests, []string{"Zu viele Anfragen", "15 Minuten"}, nil)
			if len(links) != 0 {
				t.Error("a mail was queued above the limit")
			}
			// Unknown addresses are limited the same way, so the limit tells nothing.
			for i := 0; i < employerLinkMaxPerEmail; i++ {
				requestLoginLink(t, f, f.browser(fmt.Sprintf("10.30.2.%d", i)), "niemand@a.example")
			}
			res, _ = requestLoginLink(t, f, f.browser("10.30.3.1"), "niemand@a.example")
			expect(t, res, http.StatusTooManyRequests, nil, nil)
			f.clock.advance(employerLinkWindow + time.Second)
			if res, links := requestLoginLink(t, f, f.browser("10.30.4.1"), clara); res.status != http.StatusOK || len(links) != 1 {
				t.Fatalf("after the window: status %d, %d links", res.status, len(links))
			}
		})
	})
}

func TestEmployerLoginRateLimitPerIP(t *testing.T) {
	tests := []struct {
		name    string
		trusted bool
	}{
		{"trusted proxy: the forwarded address counts", true},
		{"no trusted proxy: X-Forwarded-For is ignored", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testdb.Run(t, func(t *testing.T, db *gorm.DB) {
				opts := testOptions()
				if !tt.trusted {
					opts.TrustedProxies = nil
				}
				f := newFixture(t, db, opts)
				ip := func(i int) string {
					if tt.trusted {
						return "10.31.0.9" // one client behind the proxy
					}
					return fmt.Sprintf("10.31.%d.1", i) // a forged header every time
				}
				for i := 1; i <= employerLinkMaxPerIP; i++ {
					res, _ := requestLoginLink(t, f, f.browser(ip(i)), fmt.Sprintf("person%d@x.example", i))
					expect(t, res, http.StatusOK, nil, nil)
				}
				res, _ := requestLoginLink(t, f, f.browser(ip(100)), "one-more@x.example")
				expect(t, res, http.StatusTooManyRequests, []string{"Zu viele Anfragen"}, nil)
				res, _ = requestLoginLink(t, f, f.browser("10.31.99.1"), "yet-another@x.example")
				want := http.StatusOK // another client behind the trusted proxy
				if !tt.trusted {
					want = http.StatusTooManyRequests // one connection address, whatever the header says
				}
				expect(t, res, want, nil, nil)
			})
		})
	}
}

func TestEmployerAndStaffSessionsAreSeparate(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		emp := f.browser("10.32.0.1")
		employerLogin(t, f, emp, f.a.employer.Contacts[0].Email)
		staff := f.browser("10.32.0.2")
		staff.login(t, f.a.admin.Email)
		anon := f.browser("10.32.0.3")
		tests := []struct {
			name     string
			who      *browser
			path     string
			status   int
			location string
		}{
			{"employer on a staff page", emp, "/events", http.StatusSeeOther, "/login"},
			{"employer on staff employer page", emp, fmt.Sprintf("/employers/%d", f.a.employer.ID), http.StatusSeeOther, "/login"},
			{"staff in the employer area", staff, "/employer", http.StatusSeeOther, "/employer/login"},
			{"anonymous in the employer area", anon, "/employer", http.StatusSeeOther, "/employer/login"},
			{"employer login page when logged in", emp, "/employer/login", http.StatusSeeOther, "/employer"},
			{"employer on the home page", emp, "/", http.StatusSeeOther, "/employer"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := tt.who.request(t, http.MethodGet, tt.path, nil, nil)
				if res.status != tt.status || res.location != tt.location {
					t.Errorf("status %d location %q, want %d %q", res.status, res.location, tt.status, tt.location)
				}
			})
		}
		res := emp.request(t, http.MethodPost, "/employer/logout", url.Values{"_csrf": {emp.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.status)
		}
		if res := emp.request(t, http.MethodGet, "/employer", nil, nil); res.location != "/employer/login" {
			t.Errorf("after logout: status %d location %q", res.status, res.location)
		}
		if countSessions(t, f) != 0 {
			t.Error("logout left the employer session")
		}
	})
}
