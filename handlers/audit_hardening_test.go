package handlers

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// Tests of the hardened web defaults (issue 8, part 5) that other test files
// do not already cover: HSTS, link rate limits behind proxies, session
// renewal at login, the body size limit and tokens in logs.

func TestHSTS(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		for _, tc := range []struct {
			name    string
			secure  bool     // BASE_URL is https
			proxies []string // trusted proxies; app.Test connects from 0.0.0.0
			proto   string   // X-Forwarded-Proto sent
			want    bool
		}{
			{"https BASE_URL", true, nil, "", true},
			{"plain http", false, nil, "", false},
			{"forwarded https without trusted proxies", false, nil, "https", false},
			{"forwarded https from an untrusted address", false, []string{"192.0.2.1"}, "https", false},
			{"forwarded https from a trusted proxy", false, []string{"0.0.0.0"}, "https", true},
			{"forwarded http from a trusted proxy", false, []string{"0.0.0.0"}, "http", false},
		} {
			opts := Options{BaseURL: "http://localhost:8080", SecureCookies: tc.secure, TrustedProxies: tc.proxies}
			if tc.secure {
				opts.BaseURL = "https://treffpunkt.example"
			}
			f := newFixture(t, db, opts)
			var header map[string]string
			if tc.proto != "" {
				header = map[string]string{"X-Forwarded-Proto": tc.proto}
			}
			res := f.browser("").request(t, http.MethodGet, "/login", nil, header)
			got := res.header.Get("Strict-Transport-Security")
			if (got != "") != tc.want {
				t.Errorf("%s: Strict-Transport-Security = %q, want present: %v", tc.name, got, tc.want)
			}
			if tc.want && !strings.Contains(got, "max-age=31536000") {
				t.Errorf("%s: Strict-Transport-Security = %q", tc.name, got)
			}
			// Two fixtures in one database would collide: start afresh.
			db = testdb.Open(t, models.Dialect(db))
		}
	})
}

// TestLinkRateLimit: an address that keeps opening unknown tokens is
// refused on every link route for the window; other addresses are not, and
// a forged X-Forwarded-For from an untrusted connection does not help.
func TestLinkRateLimit(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		af := newAccessFixture(t, db)
		guesser := af.browser("198.51.100.66")
		for i := 0; i < linkGuessMax; i++ {
			route := []string{"/a/%s", "/o/%s", "/employer/login/%s", "/waitlist/%s", "/r/%s"}[i%5]
			res := guesser.request(t, http.MethodGet, fmt.Sprintf(route, fmt.Sprintf("guess-%03d-0123456789abcdefghijklmnopqrstuvwxyz", i)), nil, nil)
			if res.status != http.StatusNotFound {
				t.Fatalf("guess %d (%s): status %d, want 404", i, route, res.status)
			}
		}
		// Now even a valid link is refused for this address…
		for _, path := range []string{"/a/" + af.token, "/o/" + af.mintLink(t, "outcome"), "/employer/login/" + af.mintLink(t, "employer_login")} {
			expect(t, guesser.request(t, http.MethodGet, path, nil, nil), http.StatusTooManyRequests, nil, nil)
		}
		// … calendar feeds count apart (services poll them from shared
		// addresses): an unknown feed is still a plain 404 …
		expect(t, guesser.request(t, http.MethodGet, "/feed/unknown-feed-0123456789abcdefghijklmnopqrstu.ics", nil, nil), http.StatusNotFound, nil, nil)
		// … and have a limit of their own.
		poller := af.browser("198.51.100.99")
		for i := 0; i < feedGuessMax; i++ {
			if res := poller.request(t, http.MethodGet, fmt.Sprintf("/feed/revoked-%03d-0123456789abcdefghijklmnopqrstu.ics", i), nil, nil); res.status != http.StatusNotFound {
				t.Fatalf("feed guess %d: status %d, want 404", i, res.status)
			}
		}
		expect(t, poller.request(t, http.MethodGet, "/feed/revoked-x-0123456789abcdefghijklmnopqrstuvwx.ics", nil, nil), http.StatusTooManyRequests, nil, nil)
		expect(t, poller.request(t, http.MethodGet, "/a/"+af.token, nil, nil), http.StatusOK, nil, nil)
		// … staff pages are not link routes …
		expect(t, guesser.request(t, http.MethodGet, "/login", nil, nil), http.StatusOK, nil, nil)
		// … another address is served …
		expect(t, af.browser("198.51.100.67").request(t, http.MethodGet, "/a/"+af.token, nil, nil), http.StatusOK, nil, nil)
		// … and after the window the guesser is served again.
		af.clock.advance(linkGuessWindow + time.Second)
		expect(t, guesser.request(t, http.MethodGet, "/a/"+af.token, nil, nil), http.StatusOK, nil, nil)

		// Without trusted proxies the connection's address counts, whatever
		// X-Forwarded-For says.
		direct := newFixture(t, testdb.Open(t, models.Dialect(db)), Options{BaseURL: "http://localhost:8080"})
		for i := 0; i <= linkGuessMax; i++ {
			b := direct.browser(fmt.Sprintf("203.0.113.%d", i+1)) // a new forged address each time
			res := b.request(t, http.MethodGet, fmt.Sprintf("/a/forged-%03d-0123456789abcdefghijklmnopqrstuvwxyz", i), nil, nil)
			want := http.StatusNotFound
			if i == linkGuessMax {
				want = http.StatusTooManyRequests
			}
			if res.status != want {
				t.Fatalf("forged X-Forwarded-For, request %d: status %d, want %d", i, res.status, want)
			}
		}
	})
}

// TestSessionRenewedAtLogin: a cookie planted before login never becomes
// a logged-in session, and each login issues a new session id; logging out
// ends the old one for good.
func TestSessionRenewedAtLogin(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		b := f.browser("198.51.100.70")
		planted := "planted-session-token-0123456789abcdefghijklmn"
		b.cookies["treffpunkt_session"] = planted
		b.login(t, f.a.staff.Email)
		first := b.cookies["treffpunkt_session"]
		if first == "" || first == planted {
			t.Fatalf("session cookie after login = %q; want a new one", first)
		}
		attacker := f.browser("198.51.100.71")
		attacker.cookies["treffpunkt_session"] = planted
		expect(t, attacker.request(t, http.MethodGet, "/events", nil, nil), http.StatusSeeOther, nil, nil)

		b.login(t, f.a.staff.Email)
		second := b.cookies["treffpunkt_session"]
		if second == first {
			t.Fatal("a second login kept the session id")
		}
		old := f.browser("198.51.100.72")
		old.cookies["treffpunkt_session"] = first
		if res := old.request(t, http.MethodGet, "/events", nil, nil); res.status != http.StatusSeeOther || res.location != "/login" {
			t.Errorf("the replaced session still works: %d %q", res.status, res.location)
		}
	})
}

// TestBodyLimit: a request body beyond the configured limit is refused
// (413) by the server before any handler reads it. app.Test reports the
// limit as an error instead of a response, so this test serves on a
// loopback port.
func TestBodyLimit(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		opts := testOptions()
		opts.ImportMaxBytes = 1 << 20
		f := newFixture(t, db, opts)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		testdb.Must(t, err)
		go func() { _ = f.app.Listener(ln) }()
		t.Cleanup(func() { _ = f.app.Shutdown() })
		// Headers only: the server judges the declared length and answers
		// before the body is sent, as it would to a real browser.
		post := func(size int) int {
			conn, err := net.Dial("tcp", ln.Addr().String())
			testdb.Must(t, err)
			defer conn.Close()
			_, err = fmt.Fprintf(conn, "POST /applicants HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", size)
			testdb.Must(t, err)
			if size <= 1<<20 {
				_, err = conn.Write([]byte("_csrf=x&" + strings.Repeat("x", size-8)))
				testdb.Must(t, err)
			}
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			testdb.Must(t, err)
			defer res.Body.Close()
			_, _ = io.Copy(io.Discard, res.Body)
			return res.StatusCode
		}
		if got := post(6 << 20); got != http.StatusRequestEntityTooLarge {
			t.Errorf("6 MiB body: status %d, want 413", got)
		}
		// Within the limit the request reaches the app (and fails CSRF).
		if got := post(1 << 20); got != http.StatusForbidden {
			t.Errorf("1 MiB body: status %d, want 403", got)
		}
	})
}

// TestTokensNotLogged: no link token of any kind reaches the access log.
func TestTokensNotLogged(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		token := "secret-link-token-0123456789abcdefghijklmnop"
		b := f.browser("198.51.100.90")
		for _, path := range []string{"/a/%s", "/a/%s/calendar.ics", "/o/%s", "/employer/login/%s", "/feed/%s.ics", "/waitlist/%s", "/r/%s"} {
			b.request(t, http.MethodGet, fmt.Sprintf(path, token)+"?t="+token, nil, nil)
		}
		logs := f.logs.String()
		if strings.Contains(logs, token) {
			t.Errorf("a token reached the log:\n%s", logs)
		}
		if strings.Count(logs, "[token]") < 7 {
			t.Errorf("expected 7 redacted paths in the log:\n%s", logs)
		}
	})
}
