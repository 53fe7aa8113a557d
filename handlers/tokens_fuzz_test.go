package handlers

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// cookieSafe drops what cannot travel in a Cookie header at all (control
// characters would end the header line); everything else, ';' and '='
// included, reaches the server's cookie parser as sent.
func cookieSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// rawRequest builds a request whose target and cookies come from the fuzzer
// unchanged by net/http's cookie sanitising; target is already escaped.
func (ff *fuzzForms) rawRequest(t *testing.T, method, target, cookie, form string) response {
	t.Helper()
	var body io.Reader
	if form != "" {
		body = strings.NewReader(form)
	}
	req, err := ff.newRequest(method, target, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	if form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	return ff.send(t, req)
}

// FuzzTokens forges what identifies a visitor: the staff or employer
// session cookie, the CSRF token (field and pre-session cookie) and the
// tokens in personal links. A forged value is never accepted: no page of a
// logged-in user, no POST past the CSRF check, no personal page. And no
// forged value causes a 500.
func FuzzTokens(f *testing.F) {
	for _, s := range [][3]string{
		{"", "", ""},
		{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x", "x"},
		{"; treffpunkt_session=", "a=b; c", "%"},
		{strings.Repeat("\xff", 64), strings.Repeat("=", 5), "\"quoted\""},
		{"../../etc/passwd", "é", "é"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	ff := newFuzzForms(f)
	sessionCookie, csrfCookie := ff.f.sessionCookieNames()
	staffCSRF := ff.staff.csrf
	f.Fuzz(func(t *testing.T, session, csrf, field string) {
		session, csrf = cookieSafe(session), cookieSafe(csrf)
		check := func(what string, res response, ok func(int) bool) {
			t.Helper()
			if res.status >= 500 || !ok(res.status) {
				t.Fatalf("%s (session %q, csrf cookie %q, field %q): status %d, location %q, body %.300s",
					what, session, csrf, field, res.status, res.location, res.body)
			}
		}
		// A forged session cookie is "not logged in": staff pages send to
		// the login page, the employer area to its login.
		res := ff.rawRequest(t, http.MethodGet, "/events", sessionCookie+"="+session, "")
		check("GET /events", res, func(s int) bool { return s == http.StatusSeeOther && strings.HasPrefix(res.location, "/login") })
		res = ff.rawRequest(t, http.MethodGet, "/employer", sessionCookie+"="+session, "")
		check("GET /employer", res, func(s int) bool { return s == http.StatusSeeOther })

		// Double submit without a session: only cookie == field passes, and
		// then the wrong password is what stops the login.
		form := url.Values{"email": {ff.f.a.admin.Email}, "password": {"falsch"}, "_csrf": {field}}.Encode()
		res = ff.rawRequest(t, http.MethodPost, "/login", csrfCookie+"="+csrf, form)
		passes := csrf != "" && csrf == field
		check("POST /login", res, func(s int) bool { return (s == http.StatusForbidden) != passes && s != http.StatusSeeOther })

		// With the real staff session, a forged field is refused.
		if field != staffCSRF {
			var cookies []string
			for name, value := range ff.staff.cookies {
				cookies = append(cookies, name+"="+value)
			}
			res = ff.rawRequest(t, http.MethodPost, "/events/"+strconv.FormatInt(ff.f.a.event.ID, 10)+"/status", strings.Join(cookies, "; "),
				url.Values{"_csrf": {field}, "version": {"1"}, "status": {"closed"}}.Encode())
			check("staff POST with forged CSRF", res, func(s int) bool { return s == http.StatusForbidden })
		}

		// Personal links: a forged token opens nothing.
		tok := url.PathEscape(session)
		if tok == "" {
			tok = "x"
		}
		for _, p := range []string{"/a/" + tok, "/a/" + tok + "/calendar.ics", "/o/" + tok, "/feed/" + tok + ".ics"} {
			res = ff.rawRequest(t, http.MethodGet, p, "", "")
			check("GET "+p, res, func(s int) bool { return s >= 400 })
		}
		for _, p := range []string{"/employer/login/" + tok, "/waitlist/" + tok, "/r/" + tok} {
			res = ff.rawRequest(t, http.MethodGet, p, "", "")
			check("GET "+p, res, func(s int) bool { return true })
		}
	})
}

// sessionCookieNames returns the names the fixture's handler uses for the
// session and the pre-session CSRF cookie (they differ under https).
func (f *fixture) sessionCookieNames() (session, csrf string) {
	h := &Handler{opts: Options{SecureCookies: false}}
	return h.sessionCookieName(), h.csrfCookieName()
}
