package handlers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"treffpunkt/mail/outcomes"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// fuzzRoute is one POST endpoint under fuzz. path may hold "{tok}", which is
// the fuzzed path value or, when that is empty, def: so the fuzzer reaches
// both a real object and forged or hostile ids.
type fuzzRoute struct {
	path  string
	def   string
	staff bool // posted by the logged-in admin; otherwise by a visitor
}

// fuzzForms is the fixture shared by all runs of one fuzz worker: building
// it migrates a database and logs in, far too slow for each input.
type fuzzForms struct {
	f       *fixture
	staff   *browser
	visitor *browser
	routes  []fuzzRoute
	seq     atomic.Int64
	base    string       // the app listening on a loopback port
	client  *http.Client // no redirects, no cookie jar: each request says what it sends
}

func newFuzzForms(tb testing.TB) *fuzzForms {
	tb.Helper()
	// SQLite: each fuzz worker is its own process with its own fixture, and
	// the handlers' parsing does not depend on the dialect.
	opts := testOptions()
	// The fuzz requests come through a real socket from 127.0.0.1, which
	// must be a trusted proxy too for the per-input client addresses below.
	opts.TrustedProxies = append(opts.TrustedProxies, "127.0.0.1")
	f := newFixture(tb, testdb.Open(tb, models.DialectSQLite), opts)
	ctx := context.Background()
	tn := f.a
	cs := []models.Candidate{{ApplicantID: tn.applicant.ID, VacancyID: tn.employer.Vacancies[0].ID, Score: 4}}
	testdb.Must(tb, f.store.SaveCandidates(ctx, tn.centre.ID, tn.event.ID, cs))
	start := tn.event.Days[0].StartsAt.Add(time.Hour)
	ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
		Status: models.InterviewConfirmed, ICalUID: "FUZZ01@treffpunkt.example", CheckinCode: "FUZZ01"}}
	testdb.Must(tb, f.store.CreateInterviews(ctx, tn.centre.ID, tn.event.ID, ivs))
	const outcomeToken = "fuzz-outcome-token-0123456789abcdefghijklmnopq"
	contact, ivID, evID := tn.employer.Contacts[0].ID, ivs[0].ID, tn.event.ID
	testdb.Must(tb, f.store.CreateLinkToken(ctx, &models.LinkToken{Kind: models.LinkOutcome, TokenHash: outcomes.HashToken(outcomeToken),
		JobCentreID: tn.centre.ID, EmployerContactID: &contact, InterviewID: &ivID, EventID: &evID,
		ExpiresAt: f.clock.now().Add(outcomes.LinkValidity)}))

	ff := &fuzzForms{f: f, staff: f.browser("192.0.2.1"), visitor: f.browser("192.0.2.2")}
	ff.staff.login(tb, tn.admin.Email)
	// A visitor's CSRF token is the pre-session cookie the form page sets.
	if res := ff.visitor.request(tb, http.MethodGet, "/r/"+tn.event.PublicToken, nil, nil); res.status != http.StatusOK || ff.visitor.csrf == "" {
		tb.Fatalf("registration page: status %d, csrf %q", res.status, ff.visitor.csrf)
	}
	// A real listener rather than app.Test: a body fasthttp cannot read is
	// answered by fasthttp itself (400), which app.Test reports as an error
	// instead of the answer a client gets.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = f.app.Listener(ln) }()
	tb.Cleanup(func() { _ = f.app.ShutdownWithTimeout(5 * time.Second) })
	ff.base = "http://" + ln.Addr().String()
	ff.client = &http.Client{Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	ff.routes = []fuzzRoute{
		{path: "/r/{tok}", def: tn.event.PublicToken},
		{path: "/r/{tok}/waitlist", def: tn.event.PublicToken},
		{path: "/employer/login"},
		{path: "/employer/login/{tok}", def: "forged-login-token"},
		// Not /login: every attempt costs an Argon2 hash on purpose (the
		// same time for known and unknown addresses), which under coverage
		// instrumentation takes seconds; its two fields are covered by
		// FuzzTokens and TestLogin.
		{path: "/o/{tok}", def: outcomeToken},
		{path: "/a/{tok}/accept", def: "forged-applicant-token"},
		{path: "/applicants", staff: true},
		{path: "/applicants/{tok}", def: id(tn.applicant.ID), staff: true},
		{path: "/events", staff: true},
		{path: "/events/{tok}", def: id(tn.event.ID), staff: true},
		{path: "/events/{tok}/status", def: id(tn.event.ID), staff: true},
		{path: "/interviews/{tok}/outcome", def: id(ivID), staff: true},
		{path: "/staff", staff: true},
	}
	return ff
}

// post sends body to route r as the staff or the visitor browser; kind picks
// how the body travels: as it is (url-encoded), re-encoded as multipart, or
// as a raw multipart body the fuzzer wrote itself. The right CSRF token is
// always added, so the input reaches the handler behind the CSRF check.
func (ff *fuzzForms) post(t *testing.T, r fuzzRoute, tok, body string, kind uint8) response {
	t.Helper()
	b := ff.visitor
	if r.staff {
		b = ff.staff
	}
	if tok == "" {
		tok = r.def
	}
	target := strings.ReplaceAll(r.path, "{tok}", url.PathEscape(tok))
	var payload []byte
	ctype := "application/x-www-form-urlencoded"
	switch kind % 3 {
	case 0:
		payload = []byte(body + "&_csrf=" + url.QueryEscape(b.csrf))
	case 1:
		values, _ := url.ParseQuery(body) // what parses is sent; a broken pair is dropped
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range values {
			for _, v := range vs {
				if err := mw.WriteField(k, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := mw.WriteField("_csrf", b.csrf); err != nil {
			t.Fatal(err)
		}
		if err := mw.Close(); err != nil {
			t.Fatal(err)
		}
		payload, ctype = buf.Bytes(), mw.FormDataContentType()
	default:
		payload = []byte("--B\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + b.csrf + "\r\n" + body)
		ctype = "multipart/form-data; boundary=B"
	}
	req, err := ff.newRequest(http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		t.Fatalf("POST %s: %v", target, err)
	}
	req.Header.Set("Content-Type", ctype)
	for name, value := range b.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	return ff.send(t, req)
}

// newRequest addresses target (already escaped) on the listening app, from
// a fresh client address per input, so rate limits do not turn every later
// input into a 429 that never reaches the form parsing.
func (ff *fuzzForms) newRequest(method, target string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequest(method, ff.base+target, body)
	if err != nil {
		return nil, err
	}
	n := ff.seq.Add(1)
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.18.%d.%d", (n>>8)&255, n&255))
	return req, nil
}

// send sends req over the socket and reads the whole answer.
func (ff *fuzzForms) send(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := ff.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return response{status: res.StatusCode, body: string(body), location: res.Header.Get("Location"), cookies: res.Cookies(), header: res.Header}
}

// FuzzFormPosts posts hostile form bodies to the main POST handlers: public
// registration and waiting list, employer login and login link, the outcome link,
// the applicant's answer, and the staff forms for applicants, events, event
// status, outcomes and staff users. Bad input is the user's mistake: it must
// be answered with a page or a 4xx, never a 500 and never a panic (which
// recoverPanics turns into a 500).
func FuzzFormPosts(f *testing.F) {
	seeds := []struct {
		route uint8
		tok   string
		body  string
	}{
		{0, "", "company=B%C3%A4ckerei&contact=Eva&email=eva%40b.example&phone=0961+1&street=Markt+1&postcode=92224&town=Amberg&parallel=1&vacancy_rows=1&v0_title=Verk%C3%A4ufer&v0_hours=full&v0_level=B1&v0_wanted=3&window_rows=1&w0_day=2026-04-14&w0_from=09%3A00&w0_to=12%3A00"},
		{0, "", "vacancy_rows=99999999999999999999&window_rows=-1&add_vacancy=1&add_window=1&block=x&block=%00"},
		{1, "", "company=A&email=a%40b&block=2026-04-14T09:00"},
		{2, "", "email=clara%40a.example"},
		{3, "%2e%2e", ""},
		{4, "", "kind=hired&start_date=31.02.2026"},
		{4, "", "kind=internship&start_date=2026-04-20"},
		{5, "../../x", "interview=-9223372036854775808&lang=ar"},
		{6, "", "first_name=%E2%80%AE&last_name=x&german_level=c2&consent_date=01.01.0001&max_interviews_per_day=1e9&availability=Mo-So+25%3A00-24%3A00"},
		{7, "", "version=abc&first_name=A&last_name=B&german_level=B1&consent_date=2026-01-01"},
		{8, "", "kind=fair&title=T&slot_minutes=0&buffer_minutes=-1&day_rows=500&d0_date=2026-13-01&d0_from=25%3A61&d0_to=09%3A00&capacity=99999999999999999999&tables=-3"},
		{9, "", "version=1&kind=speed_dating&title=&add_day=1&deadline=gestern"},
		{9, "9223372036854775808", "version=1"},
		{10, "", "version=1&status=closed"},
		{10, "", "version=99999999999&status=%3Cscript%3E"},
		{11, "", "kind=trial_work&start_date=2026-04-14"},
		{11, "0", "kind="},
		{12, "", "email=neu%40a.example&name=Neu&role=admin&locale=xx"},
	}
	for _, s := range seeds {
		for kind := uint8(0); kind < 3; kind++ {
			f.Add(s.route, s.tok, s.body, kind)
		}
	}
	ff := newFuzzForms(f)
	f.Fuzz(func(t *testing.T, route uint8, tok, body string, kind uint8) {
		r := ff.routes[int(route)%len(ff.routes)]
		res := ff.post(t, r, tok, body, kind)
		if res.status >= 500 {
			t.Fatalf("POST %s (tok %q, kind %d, body %q): status %d; body %.300s", r.path, tok, kind%3, body, res.status, res.body)
		}
	})
}
