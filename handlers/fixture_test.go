package handlers

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"treffpunkt/handlers/auth"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// testPassword is the password of every fixture user.
const testPassword = "sehr-geheimes-passwort"

// clock is a settable clock for one test; the rate-limit and session tests
// move it forward.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// fixture is two job centres, A and B, each with an admin, a staff user, an
// event, an employer and an applicant.
type fixture struct {
	app   *fiber.App
	store *models.Store
	clock *clock
	logs  *syncBuffer
	a, b  tenant
}

type tenant struct {
	centre    models.JobCentre
	admin     models.StaffUser
	staff     models.StaffUser
	event     models.Event
	employer  models.Employer
	applicant models.Applicant
}

// syncBuffer collects log output from parallel requests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

func newFixture(t testing.TB, db *gorm.DB, opts Options) *fixture {
	t.Helper()
	clk := &clock{t: testdb.Clock()}
	store := models.NewStore(db, clk.now)
	logs := &syncBuffer{}
	app, err := New(Deps{Options: opts, Store: store, Now: clk.now, Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	hash, err := auth.HashPassword(testPassword)
	testdb.Must(t, err)
	f := &fixture{app: app, store: store, clock: clk, logs: logs}
	t.Cleanup(func() {
		if t.Failed() {
			for _, line := range strings.Split(logs.String(), "\n") {
				if strings.Contains(line, "level=ERROR") {
					t.Log(line)
				}
			}
		}
	})
	f.a = makeTenant(t, store, db, "a", "Jobcenter Amberg", hash)
	f.b = makeTenant(t, store, db, "b", "Jobcenter Bamberg", hash)
	return f
}

func makeTenant(t testing.TB, store *models.Store, db *gorm.DB, slug, name, hash string) tenant {
	t.Helper()
	ctx := context.Background()
	var tn tenant
	tn.centre = models.JobCentre{Name: name, Slug: slug, ContactEmail: "info@" + slug + ".example"}
	testdb.Must(t, store.CreateJobCentre(ctx, &tn.centre))
	tn.admin = models.StaffUser{JobCentreID: tn.centre.ID, Email: "admin@" + slug + ".example", Name: "Ada Admin " + strings.ToUpper(slug),
		PasswordHash: hash, Role: models.RoleAdmin, Locale: models.LocaleDE, Active: true}
	testdb.Must(t, store.CreateStaffUser(ctx, &tn.admin))
	tn.staff = models.StaffUser{JobCentreID: tn.centre.ID, Email: "staff@" + slug + ".example", Name: "Sam Staff " + strings.ToUpper(slug),
		PasswordHash: hash, Role: models.RoleStaff, Locale: models.LocaleEN, Active: true}
	testdb.Must(t, store.CreateStaffUser(ctx, &tn.staff))
	venue, town := "Stadthalle "+name, "Amberg"
	day := time.Date(2026, 4, 14, 7, 0, 0, 0, time.UTC)
	tn.event = models.Event{JobCentreID: tn.centre.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege " + name,
		Status: models.EventOpen, VenueName: &venue, VenueTown: &town, SlotMinutes: 20, BufferMinutes: 5, PublicToken: "public-token-of-" + slug,
		Days: []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(5 * time.Hour)}}}
	testdb.Must(t, store.CreateEvent(ctx, &tn.event))
	level := models.GermanB1
	tn.employer = models.Employer{JobCentreID: tn.centre.ID, Name: "Pflegeheim Sonnenhof " + strings.ToUpper(slug), Sector: "Pflege",
		Sites:     []models.Site{{Name: "Haus 1", Street: "Lindenweg 3", Postcode: "92224", Town: "Amberg", StepFree: true}},
		Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: "clara@" + slug + ".example"}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursPart, MinGermanLevel: &level, CandidatesWanted: 4}}}
	testdb.Must(t, store.CreateEmployer(ctx, &tn.employer))
	reg := models.EventRegistration{EventID: tn.event.ID, EmployerID: tn.employer.ID, ContactPersonID: tn.employer.Contacts[0].ID,
		Status: models.RegistrationRegistered, ParallelInterviews: 2}
	testdb.Must(t, db.WithContext(ctx).Omit("Employer", "Contact", "Vacancies", "Windows").Create(&reg).Error)
	tn.applicant = models.Applicant{JobCentreID: tn.centre.ID, FirstName: "Olena", LastName: "Koval-" + strings.ToUpper(slug),
		Email: "olena@" + slug + ".example", PreferredLanguage: models.LanguageUK, GermanLevel: models.GermanB1,
		Postcode: "92224", Town: "Amberg", ConsentAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	testdb.Must(t, store.CreateApplicant(ctx, &tn.applicant))
	return tn
}

// testOptions trust the fake connection of app.Test as a proxy, so each
// test browser can have its own client address via X-Forwarded-For.
func testOptions() Options {
	return Options{BaseURL: "http://localhost:8080", TrustedProxies: []string{"0.0.0.0"}, Version: "test"}
}

// response is what a test needs of an answer.
type response struct {
	status   int
	body     string
	location string
	cookies  []*http.Cookie
	header   http.Header
}

// do sends req through the app without a network; -1 disables Fiber's
// one-second test timeout, which flakes on a busy machine.
func (f *fixture) do(t testing.TB, req *http.Request) response {
	t.Helper()
	res, err := f.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), cookies: res.Cookies(), header: res.Header}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// browser is a cookie jar plus the last CSRF token seen in a form.
type browser struct {
	f       *fixture
	cookies map[string]string
	csrf    string
	ip      string
}

func (f *fixture) browser(ip string) *browser {
	return &browser{f: f, cookies: map[string]string{}, ip: ip}
}

func (b *browser) request(t testing.TB, method, target string, form url.Values, header map[string]string) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.ip != "" {
		// app.Test connects from 0.0.0.0, which testOptions trusts as a proxy.
		req.Header.Set("X-Forwarded-For", b.ip)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for name, value := range b.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	res := b.f.do(t, req)
	for _, c := range res.cookies {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	if m := csrfField.FindStringSubmatch(res.body); m != nil {
		b.csrf = m[1]
	}
	return res
}

// login logs the browser in as email and fails the test otherwise.
func (b *browser) login(t testing.TB, email string) {
	t.Helper()
	b.request(t, http.MethodGet, "/login", nil, nil)
	res := b.request(t, http.MethodPost, "/login", url.Values{"email": {email}, "password": {testPassword}, "_csrf": {b.csrf}}, nil)
	if res.status != http.StatusSeeOther || res.location != "/events" {
		t.Fatalf("login as %s: status %d, location %q, body %.300s", email, res.status, res.location, res.body)
	}
	// Pick up the session's CSRF token from a page with a form.
	b.request(t, http.MethodGet, "/events", nil, nil)
}

// expect checks status and texts of a response.
func expect(t testing.TB, res response, status int, contains, notContains []string) {
	t.Helper()
	if res.status != status {
		t.Errorf("status = %d, want %d; body: %.400s", res.status, status, res.body)
	}
	for _, s := range contains {
		if !strings.Contains(res.body, s) {
			t.Errorf("body lacks %q; body: %.400s", s, res.body)
		}
	}
	for _, s := range notContains {
		if strings.Contains(res.body, s) {
			t.Errorf("body contains %q but must not", s)
		}
	}
}
