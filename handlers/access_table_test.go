package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail/outcomes"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// accessRoles are the columns of accessTable, in order. "applicant" holds
// the personal link of tenant A's applicant and no session; "employer" is
// logged in as tenant A's registered employer, "otherEmployer" as a second
// employer of the same job centre; "staff" and "admin" belong to job centre
// A; "otherStaff" is an admin of job centre B. Every object in a URL
// belongs to job centre A (and to "employer").
var accessRoles = []string{"anon", "applicant", "employer", "otherEmployer", "staff", "admin", "otherStaff"}

// accessTable is THE written access rule: every registered route and what
// each role gets when it requests it with tenant A's objects and valid
// tokens. Results:
//
//	ok      the handler ran (2xx, a 3xx that is not a login redirect, or a
//	        400/409/410/422 about the (empty) input)
//	login   303 to /login (staff pages, GET; and where logout leads)
//	elogin  303 to /employer/login (employer pages, GET)
//	403     refused (POST without the needed login or role)
//	404     not found: another tenant's or another employer's object
//
// One line per route: method, path, then one result per role in the order
// of accessRoles; "#" starts a comment. A route missing here fails
// TestAccessTableCoversEveryRoute, which prints the missing lines ready to
// paste.
var accessTable = parseAccessTable(`
#    route                                       anon   applicant employer otherEmployer staff  admin  otherStaff
GET  /healthz                                    ok     ok        ok       ok            ok     ok     ok
GET  /readyz                                     ok     ok        ok       ok            ok     ok     ok
GET  /static/:hash/*                             ok     ok        ok       ok            ok     ok     ok
GET  /a/:token                                   ok     ok        ok       ok            ok     ok     ok
GET  /a/:token/calendar.ics                      ok     ok        ok       ok            ok     ok     ok
GET  /a/:token/qr.svg                            ok     ok        ok       ok            ok     ok     ok
POST /a/:token/:answer                           ok     ok        ok       ok            ok     ok     ok
GET  /r/:token                                   ok     ok        ok       ok            ok     ok     ok
POST /r/:token                                   ok     ok        ok       ok            ok     ok     ok
GET  /r/:token/done                              ok     ok        ok       ok            ok     ok     ok
POST /r/:token/waitlist                          ok     ok        ok       ok            ok     ok     ok
GET  /r/:token/waitlist                          ok     ok        ok       ok            ok     ok     ok
GET  /                                           login  login     ok       ok            ok     ok     ok
GET  /login                                      ok     ok        ok       ok            ok     ok     ok
POST /login                                      ok     ok        ok       ok            ok     ok     ok
POST /logout                                     403    403       403      403           login  login  login
GET  /events                                     login  login     login    login         ok     ok     ok
GET  /events/new                                 login  login     login    login         ok     ok     ok
POST /events                                     403    403       403      403           ok     ok     ok
GET  /events/:id/edit                            login  login     login    login         ok     ok     404
POST /events/:id                                 403    403       403      403           ok     ok     404
POST /events/:id/status                          403    403       403      403           ok     ok     404
GET  /events/:id/qr.png                          login  login     login    login         ok     ok     404
GET  /events/:id                                 login  login     login    login         ok     ok     404
GET  /employers                                  login  login     login    login         ok     ok     ok
GET  /employers/:id                              login  login     login    login         ok     ok     404
GET  /applicants/new                             login  login     login    login         ok     ok     ok
POST /applicants                                 403    403       403      403           ok     ok     ok
GET  /applicants/import                          login  login     login    login         ok     ok     ok
POST /applicants/import                          403    403       403      403           ok     ok     ok
GET  /applicants/import/:id                      login  login     login    login         ok     404    404
POST /applicants/import/:id/confirm              403    403       403      403           ok     404    404
GET  /applicants/:id/edit                        login  login     login    login         ok     ok     404
POST /applicants/:id                             403    403       403      403           ok     ok     404
GET  /events/:id/shortlist                       login  login     login    login         ok     ok     404
GET  /events/:id/shortlist/:vacancy              login  login     login    login         ok     ok     404
POST /events/:id/shortlist/:vacancy              403    403       403      403           ok     ok     404
POST /events/:id/shortlist/:vacancy/scores       403    403       403      403           ok     ok     404
POST /events/:id/shortlist/:vacancy/remove       403    403       403      403           ok     ok     404
GET  /events/:id/plan                            login  login     login    login         ok     ok     404
POST /events/:id/plan                            403    403       403      403           ok     ok     404
POST /events/:id/plan/apply                      403    403       403      403           ok     ok     404
POST /events/:id/publish                         403    403       403      403           ok     ok     404
GET  /events/:id/print/tables                    login  login     login    login         ok     ok     404
GET  /events/:id/print/applicants                login  login     login    login         ok     ok     404
GET  /applicants                                 login  login     login    login         ok     ok     ok
GET  /applicants/:id                             login  login     login    login         ok     ok     404
GET  /employer/login                             ok     ok        ok       ok            ok     ok     ok
POST /employer/login                             ok     ok        ok       ok            ok     ok     ok
GET  /employer/login/:token                      ok     ok        ok       ok            ok     ok     ok
POST /employer/login/:token                      ok     ok        ok       ok            ok     ok     ok
POST /employer/logout                            403    403       ok       ok            403    403    403
GET  /employer                                   elogin elogin    ok       ok            elogin elogin elogin
GET  /employer/registrations/:id                 elogin elogin    ok       404           elogin elogin elogin
POST /employer/registrations/:id                 403    403       ok       404           403    403    403
POST /employer/registrations/:id/cancel          403    403       ok       404           403    403    403
POST /employer/feed                              403    403       ok       ok            403    403    403
POST /employer/feed/revoke                       403    403       ok       ok            403    403    403
POST /employer/waitlist                          403    403       ok       ok            403    403    403
POST /employer/waitlist/:id/leave                403    403       ok       404           403    403    403
GET  /feed/:token.ics                            ok     ok        ok       ok            ok     ok     ok
GET  /waitlist/:token                            ok     ok        ok       ok            ok     ok     ok
POST /waitlist/:token                            ok     ok        ok       ok            ok     ok     ok
GET  /o/:token                                   ok     ok        ok       ok            ok     ok     ok
POST /o/:token                                   ok     ok        ok       ok            ok     ok     ok
GET  /events/:id/outcomes                        login  login     login    login         ok     ok     404
POST /interviews/:id/outcome                     403    403       403      403           ok     ok     404
GET  /outbox                                     login  login     login    login         ok     ok     ok
GET  /outbox/:id                                 login  login     login    login         ok     ok     404
GET  /outbox/:id/eml                             login  login     login    login         ok     ok     404
POST /outbox/:id/retry                           403    403       403      403           ok     ok     404
GET  /staff                                      login  login     login    login         403    ok     ok
GET  /staff/new                                  login  login     login    login         403    ok     ok
POST /staff                                      403    403       403      403           403    ok     ok
GET  /staff/:id                                  login  login     login    login         403    ok     404
GET  /admin/audit                                login  login     login    login         403    ok     ok
GET  /events/:id/board                           login  login     login    login         ok     ok     404
POST /events/:id/board/move                      403    403       403      403           ok     ok     404
POST /events/:id/board/pin                       403    403       403      403           ok     ok     404
POST /events/:id/board/remove                    403    403       403      403           ok     ok     404
POST /events/:id/board/add                       403    403       403      403           ok     ok     404
GET  /events/:id/freed                           login  login     login    login         ok     ok     404
POST /events/:id/freed/:interview                403    403       403      403           ok     ok     404
GET  /events/:id/checkin                         login  login     login    login         ok     ok     404
GET  /events/:id/checkin/scan                    login  login     login    login         ok     ok     404
GET  /events/:id/checkin/walkin                  login  login     login    login         ok     ok     404
POST /events/:id/checkin/code                    403    403       403      403           ok     ok     404
POST /events/:id/checkin/walkin                  403    403       403      403           ok     ok     404
POST /events/:id/checkin/walkin/applicant        403    403       403      403           ok     ok     404
POST /events/:id/checkin/:interview              403    403       403      403           ok     ok     404
GET  /events/:id/stats                           login  login     login    login         ok     ok     404
GET  /stats                                      login  login     login    login         ok     ok     ok
GET  /exports                                    login  login     login    login         ok     ok     ok
GET  /exports/interviews.csv                     login  login     login    login         ok     ok     ok
GET  /exports/interviews.xlsx                    login  login     login    login         ok     ok     ok
GET  /applicants/:id/export.json                 login  login     login    login         ok     ok     404
GET  /applicants/:id/export                      login  login     login    login         ok     ok     404
GET  /applicants/:id/erase                       login  login     login    login         403    ok     404
POST /applicants/:id/erase                       403    403       403      403           403    ok     404
GET  /admin/settings                             login  login     login    login         403    ok     ok
POST /admin/settings                             403    403       403      403           403    ok     ok
`)

// accessRow is one parsed line of accessTable.
type accessRow struct {
	route string // "GET /events/:id"
	want  []string
}

func parseAccessTable(text string) []accessRow {
	var rows []accessRow
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 2 {
			panic("accessTable: short line " + line)
		}
		rows = append(rows, accessRow{route: f[0] + " " + f[1], want: f[2:]})
	}
	return rows
}

// accessFixture is the handler fixture's tenant A with published
// interviews, the applicant's personal link, a second employer, a staged
// import, a waiting-list entry and an employer calendar feed; tenant B
// supplies "otherStaff".
type accessFixture struct {
	*applicantFixture
	db            *gorm.DB
	otherEmployer models.Employer
	importID      int64
	waitlistID    int64
	staticPath    string
	stateQuery    string // see stateChecksum
	seq           atomic.Int64
}

func newAccessFixture(t *testing.T, db *gorm.DB) *accessFixture {
	t.Helper()
	ctx := context.Background()
	af := &accessFixture{applicantFixture: newApplicantFixture(t, db), db: db}
	a := af.a
	af.otherEmployer = models.Employer{JobCentreID: a.centre.ID, Name: "Bäckerei Anders",
		Contacts: []models.ContactPerson{{Name: "Otto Anders", Email: "otto@a.example"}}}
	testdb.Must(t, af.store.CreateEmployer(ctx, &af.otherEmployer))
	imp := models.ApplicantImport{JobCentreID: a.centre.ID, StaffUserID: a.staff.ID, FileName: "bewerber.csv", Payload: "{}"}
	testdb.Must(t, af.store.CreateApplicantImport(ctx, &imp, time.Hour))
	af.importID = imp.ID
	entry := models.WaitlistEntry{JobCentreID: a.centre.ID, EventID: a.event.ID, EmployerID: a.employer.ID,
		ContactPersonID: a.employer.Contacts[0].ID}
	testdb.Must(t, af.store.JoinWaitlist(ctx, &entry))
	af.waitlistID = entry.ID
	// A published event: its interviews are in the employer's feed.
	testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", a.event.ID).Update("status", models.EventPublished).Error)
	regs, err := af.store.ListEmployerRegistrations(ctx, a.centre.ID, a.employer.ID)
	testdb.Must(t, err)
	testdb.Must(t, db.Omit("Vacancy").Create(&models.RegistrationVacancy{RegistrationID: regs[0].Registration.ID,
		VacancyID: a.employer.Vacancies[0].ID}).Error)
	page := af.browser("").request(t, http.MethodGet, "/login", nil, nil)
	m := regexp.MustCompile(`href="(/static/[^"]+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("no static asset linked from the login page")
	}
	af.staticPath = m[1]
	return af
}

// next numbers requests: each gets its own client address and tokens, so
// rate limits and single-use links do not depend on the order of rows.
func (af *accessFixture) next() int64 { return af.seq.Add(1) }

// newSession gives b a session for sess, as a login would.
func (af *accessFixture) newSession(t *testing.T, b *browser, sess models.Session) {
	t.Helper()
	token := fmt.Sprintf("access-session-%d-0123456789abcdefghijklmnopqrstuv", af.next())
	now := af.clock.now().UTC()
	sess.ID, sess.CSRFToken = sessionID(token), "csrf-"+token
	sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt = now, now, now.Add(time.Hour)
	testdb.Must(t, af.store.CreateSession(context.Background(), &sess))
	b.cookies["treffpunkt_session"] = token
	b.csrf = sess.CSRFToken
}

func (af *accessFixture) staffClient(t *testing.T, u models.StaffUser) *browser {
	b := af.browser(fmt.Sprintf("198.51.%d.%d", af.next()%200, af.next()%250+1))
	id := u.ID
	af.newSession(t, b, models.Session{Kind: models.SessionStaff, StaffUserID: &id, JobCentreID: u.JobCentreID})
	return b
}

func (af *accessFixture) employerClient(t *testing.T, e models.Employer) *browser {
	b := af.browser(fmt.Sprintf("198.51.%d.%d", af.next()%200, af.next()%250+1))
	id := e.Contacts[0].ID
	af.newSession(t, b, models.Session{Kind: models.SessionEmployer, EmployerContactID: &id, JobCentreID: e.JobCentreID})
	return b
}

// visitor is a browser without a session that holds the pre-session CSRF
// token, as one that has opened a public form.
func (af *accessFixture) visitor(t *testing.T, firstPage string) *browser {
	b := af.browser(fmt.Sprintf("203.0.%d.%d", af.next()%200, af.next()%250+1))
	b.request(t, http.MethodGet, "/employer/login", nil, nil)
	if firstPage != "" {
		b.request(t, http.MethodGet, firstPage, nil, nil)
	}
	if b.csrf == "" {
		t.Fatal("visitor got no CSRF token")
	}
	return b
}

// client returns a fresh client of role, logged in where the role is.
func (af *accessFixture) client(t *testing.T, role string) *browser {
	t.Helper()
	switch role {
	case "anon":
		return af.visitor(t, "")
	case "applicant":
		return af.visitor(t, "/a/"+af.token)
	case "employer":
		return af.employerClient(t, af.a.employer)
	case "otherEmployer":
		return af.employerClient(t, af.otherEmployer)
	case "staff":
		return af.staffClient(t, af.a.staff)
	case "admin":
		return af.staffClient(t, af.a.admin)
	case "otherStaff":
		return af.staffClient(t, af.b.admin)
	}
	t.Fatalf("unknown role %q", role)
	return nil
}

// mintLink stores a fresh single-use link of kind for tenant A and returns
// its token.
func (af *accessFixture) mintLink(t *testing.T, kind models.LinkKind) string {
	t.Helper()
	token := fmt.Sprintf("%s-link-%06d-0123456789abcdefghijklmnopqrstuvwxyz", kind, af.next())[:43]
	contact := af.a.employer.Contacts[0].ID
	lt := models.LinkToken{Kind: kind, TokenHash: sessionID(token), JobCentreID: af.a.centre.ID,
		EmployerContactID: &contact, ExpiresAt: af.clock.now().Add(time.Hour)}
	if kind == models.LinkOutcome {
		iv, ev := af.mine.ID, af.mine.EventID
		lt.TokenHash, lt.InterviewID, lt.EventID = outcomes.HashToken(token), &iv, &ev
	}
	testdb.Must(t, af.store.CreateLinkToken(context.Background(), &lt))
	return token
}

// mintOffer offers the waiting-list entry afresh and returns the token.
func (af *accessFixture) mintOffer(t *testing.T) string {
	t.Helper()
	token := fmt.Sprintf("offer-%06d-0123456789abcdefghijklmnopqrstuvwxyz", af.next())[:43]
	testdb.Must(t, af.db.Model(&models.WaitlistEntry{}).Where("id = ?", af.waitlistID).
		Update("status", models.WaitlistWaiting).Error)
	testdb.Must(t, af.store.OfferWaitlistEntry(context.Background(), af.waitlistID, sessionID(token), af.clock.now().Add(time.Hour), nil))
	return token
}

// path turns a route pattern into a URL of tenant A's objects.
func (af *accessFixture) path(t *testing.T, method, pattern string) string {
	t.Helper()
	a := af.a
	switch pattern {
	case "/static/:hash/*":
		return af.staticPath
	case "/employer/login/:token":
		return "/employer/login/" + af.mintLink(t, models.LinkEmployerLogin)
	case "/o/:token":
		return "/o/" + af.mintLink(t, models.LinkOutcome)
	case "/waitlist/:token":
		return "/waitlist/" + af.mintOffer(t)
	case "/feed/:token.ics":
		token := fmt.Sprintf("feed-%06d-0123456789abcdefghijklmnopqrstuvwxyz", af.next())[:43]
		testdb.Must(t, af.store.CreateEmployerFeed(context.Background(), &models.EmployerFeed{JobCentreID: a.centre.ID,
			EmployerID: a.employer.ID, TokenHash: sessionID(token)}))
		return "/feed/" + token + ".ics"
	case "/applicants/import/:id", "/applicants/import/:id/confirm":
		return strings.Replace(pattern, ":id", fmt.Sprint(af.importID), 1)
	case "/employer/waitlist/:id/leave":
		return strings.Replace(pattern, ":id", fmt.Sprint(af.waitlistID), 1)
	case "/employer/registrations/:id", "/employer/registrations/:id/cancel":
		reg, err := af.store.ListEmployerRegistrations(context.Background(), a.centre.ID, a.employer.ID)
		testdb.Must(t, err)
		return strings.Replace(pattern, ":id", fmt.Sprint(reg[0].Registration.ID), 1)
	}
	p := pattern
	p = strings.Replace(p, ":token/:answer", af.token+"/confirm", 1)
	if strings.HasPrefix(p, "/a/") {
		p = strings.Replace(p, ":token", af.token, 1)
	}
	if strings.HasPrefix(p, "/r/") {
		p = strings.Replace(p, ":token", a.event.PublicToken, 1)
	}
	var id int64
	switch {
	case strings.HasPrefix(p, "/events/"):
		id = a.event.ID
	case strings.HasPrefix(p, "/employers/"):
		id = a.employer.ID
	case strings.HasPrefix(p, "/applicants/"):
		id = a.applicant.ID
	case strings.HasPrefix(p, "/interviews/"):
		id = af.mine.ID
	case strings.HasPrefix(p, "/staff/"):
		id = a.staff.ID
	case strings.HasPrefix(p, "/outbox/"):
		mails, err := af.store.ListOutbox(context.Background(), a.centre.ID, "", 1)
		testdb.Must(t, err)
		id = mails[0].ID
	}
	p = strings.Replace(p, ":id", fmt.Sprint(id), 1)
	p = strings.Replace(p, ":vacancy", fmt.Sprint(a.employer.Vacancies[0].ID), 1)
	p = strings.Replace(p, ":interview", fmt.Sprint(af.mine.ID), 1)
	if strings.Contains(p, ":") {
		t.Fatalf("%s %s: no value for a parameter in %s", method, pattern, p)
	}
	return p
}

// accessForm is the body of a POST: the CSRF token and fields that keep
// login rate limits per address and e-mail apart between requests.
func (af *accessFixture) accessForm(pattern, csrf string) url.Values {
	n := af.next()
	form := url.Values{}
	if csrf != "" {
		form.Set("_csrf", csrf)
	}
	switch pattern {
	case "/a/:token/:answer":
		form.Set("interview", fmt.Sprint(af.mine.ID))
	case "/events/:id/shortlist/:vacancy/remove":
		cands, err := af.store.ListCandidates(context.Background(), af.a.centre.ID, af.a.event.ID)
		if err == nil && len(cands) > 0 {
			form.Set("candidate_id", fmt.Sprint(cands[0].ID))
		}
	case "/login", "/employer/login":
		form.Set("email", fmt.Sprintf("nobody%d@example.org", n))
		form.Set("password", "wrong")
	}
	return form
}

// classifyAccess names a response in the vocabulary of accessTable.
func classifyAccess(res response) string {
	switch {
	case res.status == http.StatusSeeOther && res.location == "/login":
		return "login"
	case res.status == http.StatusSeeOther && res.location == "/employer/login":
		return "elogin"
	case res.status == http.StatusForbidden:
		return "403"
	case res.status == http.StatusNotFound:
		return "404"
	case res.status < 400, res.status == http.StatusBadRequest, res.status == http.StatusConflict,
		res.status == http.StatusGone, res.status == http.StatusUnprocessableEntity:
		return "ok"
	}
	return fmt.Sprint(res.status)
}

// stateChecksum is the content of every table a request could change,
// except session and rate-limit bookkeeping, which every request touches.
// It is one query (built once per database): the tables are many and the
// test asks before and after every refused request.
func (af *accessFixture) stateChecksum(t *testing.T) string {
	t.Helper()
	if af.stateQuery == "" {
		af.stateQuery = stateQuery(t, af.db)
	}
	rows, err := af.db.Raw(af.stateQuery).Rows()
	testdb.Must(t, err)
	defer rows.Close()
	var sb strings.Builder
	for rows.Next() {
		var name string
		var content *string
		testdb.Must(t, rows.Scan(&name, &content))
		if content != nil {
			fmt.Fprintf(&sb, "%s:%s\n", name, *content)
		}
	}
	testdb.Must(t, rows.Err())
	return sb.String()
}

// stateQuery selects each table's rows as one text per table: PostgreSQL
// hashes whole rows; SQLite, which has no row-to-text cast, quotes each
// column.
func stateQuery(t *testing.T, db *gorm.DB) string {
	t.Helper()
	tables, err := db.Migrator().GetTables()
	testdb.Must(t, err)
	sort.Strings(tables)
	var parts []string
	for _, name := range tables {
		switch name {
		case "sessions", "login_attempts", "goose_db_version", "sqlite_sequence":
			continue
		}
		if models.Dialect(db) == models.DialectPostgres {
			parts = append(parts, fmt.Sprintf(`SELECT '%[1]s' AS name, (SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) FROM %[1]s r) AS content`, name))
			continue
		}
		cols, err := db.Migrator().ColumnTypes(name)
		testdb.Must(t, err)
		var quoted []string
		for _, c := range cols {
			quoted = append(quoted, fmt.Sprintf(`quote("%s")`, c.Name()))
		}
		parts = append(parts, fmt.Sprintf(`SELECT '%[1]s' AS name, (SELECT group_concat(r, '|') FROM (SELECT %[2]s AS r FROM "%[1]s" ORDER BY 1)) AS content`,
			name, strings.Join(quoted, " || ',' || ")))
	}
	return strings.Join(parts, " UNION ALL ")
}

// registeredRoutes lists "METHOD path" of every route of the app; HEAD is
// Fiber's twin of each GET.
func registeredRoutes(af *accessFixture) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range af.app.GetRoutes(true) {
		if r.Method == http.MethodHead || r.Method == "USE" {
			continue
		}
		key := r.Method + " " + r.Path
		if !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	return out
}

func TestAccessTableCoversEveryRoute(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		af := newAccessFixture(t, db)
		inTable := map[string]bool{}
		for _, row := range accessTable {
			if inTable[row.route] {
				t.Errorf("accessTable lists %q twice", row.route)
			}
			inTable[row.route] = true
			if n := len(row.want); n != len(accessRoles) {
				t.Errorf("accessTable row %q has %d results, want %d", row.route, n, len(accessRoles))
			}
		}
		registered := map[string]bool{}
		var missing []string
		for _, r := range registeredRoutes(af) {
			registered[r] = true
			if !inTable[r] {
				method, path, _ := strings.Cut(r, " ")
				missing = append(missing, fmt.Sprintf("%-5s%-44s?      ?         ?        ?             ?      ?      ?", method, path))
			}
		}
		if len(missing) > 0 {
			t.Errorf("routes missing from accessTable (paste and replace each ? by ok, login, elogin, 403 or 404):\n%s",
				strings.Join(missing, "\n"))
		}
		for _, row := range accessTable {
			if !registered[row.route] {
				t.Errorf("accessTable lists %q, which is not registered", row.route)
			}
		}
	})
}

// TestAccessTable requests every route of accessTable as every role and
// checks the answer; a refused POST must change nothing, and without the
// CSRF token every POST is refused and changes nothing. GETs share one
// fixture; each POST row gets a fresh database, because an allowed POST
// (cancel, apply a plan) changes what later rows would see.
func TestAccessTable(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		shared := newAccessFixture(t, db)
		registered := map[string]bool{}
		for _, r := range registeredRoutes(shared) {
			registered[r] = true
		}
		for _, post := range []bool{false, true} {
			for _, row := range accessTable {
				method, pattern, _ := strings.Cut(row.route, " ")
				if !registered[row.route] || (method == http.MethodPost) != post {
					continue // unregistered rows: reported by TestAccessTableCoversEveryRoute
				}
				af := shared
				if post {
					af = newAccessFixture(t, testdb.Open(t, models.Dialect(db)))
				}
				checkAccessRow(t, af, method, pattern, row.want)
			}
		}
	})
}

// checkAccessRow requests one route as every role.
func checkAccessRow(t *testing.T, af *accessFixture, method, pattern string, want []string) {
	t.Helper()
	route := method + " " + pattern
	for i, role := range accessRoles {
		b := af.client(t, role)
		target := af.path(t, method, pattern)
		var form url.Values
		before := ""
		if method == http.MethodPost {
			form = af.accessForm(pattern, b.csrf)
			if want[i] == "403" || want[i] == "404" { // refused
				before = af.stateChecksum(t)
			}
		}
		res := b.request(t, method, target, form, nil)
		if got := classifyAccess(res); got != want[i] {
			t.Errorf("%s as %s (%s): got %s (status %d, location %q), want %s",
				route, role, target, got, res.status, res.location, want[i])
		}
		if before != "" && af.stateChecksum(t) != before {
			t.Errorf("%s as %s was refused but changed data", route, role)
		}
	}
	if method != http.MethodPost {
		return
	}
	// The same request without the CSRF token: refused for every role, and
	// nothing changed (checked once for all roles: the check runs before
	// any handler). Clients and URLs are made first, as minting a link is
	// a change of its own.
	clients, targets := make([]*browser, len(accessRoles)), make([]string, len(accessRoles))
	for i, role := range accessRoles {
		clients[i], targets[i] = af.client(t, role), af.path(t, method, pattern)
	}
	before := af.stateChecksum(t)
	for i, role := range accessRoles {
		res := clients[i].request(t, method, targets[i], af.accessForm(pattern, ""), nil)
		if res.status != http.StatusForbidden {
			t.Errorf("%s as %s without CSRF token: status %d, want 403", route, role, res.status)
		}
	}
	if af.stateChecksum(t) != before {
		t.Errorf("%s without CSRF token changed data", route)
	}
}

// TestForgedAndReplayedLinks: a made-up token on every link route is a 404
// and changes nothing; a single-use link (employer login, outcome) works
// once and is refused when replayed.
func TestForgedAndReplayedLinks(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		af := newAccessFixture(t, db)
		forged := "forged-token-0123456789abcdefghijklmnopqrstu"
		for _, route := range []string{"GET /a/:token", "GET /a/:token/calendar.ics", "GET /a/:token/qr.svg", "POST /a/:token/confirm",
			"GET /r/:token", "POST /r/:token", "POST /r/:token/waitlist", "GET /employer/login/:token", "POST /employer/login/:token",
			"GET /feed/:token.ics", "GET /waitlist/:token", "POST /waitlist/:token", "GET /o/:token", "POST /o/:token"} {
			method, pattern, _ := strings.Cut(route, " ")
			b := af.client(t, "anon")
			before := af.stateChecksum(t)
			var form url.Values
			if method == http.MethodPost {
				form = url.Values{"_csrf": {b.csrf}}
			}
			res := b.request(t, method, strings.Replace(pattern, ":token", forged, 1), form, nil)
			if res.status != http.StatusNotFound {
				t.Errorf("%s with a forged token: status %d, want 404", route, res.status)
			}
			if af.stateChecksum(t) != before {
				t.Errorf("%s with a forged token changed data", route)
			}
		}

		// Employer login link: the second use is refused and starts no session.
		token := af.mintLink(t, models.LinkEmployerLogin)
		first := af.client(t, "anon")
		res := first.request(t, http.MethodPost, "/employer/login/"+token, url.Values{"_csrf": {first.csrf}}, nil)
		if res.status != http.StatusSeeOther || res.location != "/employer" {
			t.Fatalf("first use of the login link: %d %q", res.status, res.location)
		}
		replay := af.client(t, "anon")
		sessions := countSessions(t, af.fixture)
		res = replay.request(t, http.MethodPost, "/employer/login/"+token, url.Values{"_csrf": {replay.csrf}}, nil)
		if res.status != http.StatusGone || countSessions(t, af.fixture) != sessions {
			t.Errorf("replayed login link: status %d, sessions %d → %d; want 410 and no new session",
				res.status, sessions, countSessions(t, af.fixture))
		}
		if got := replay.request(t, http.MethodGet, "/employer", nil, nil); got.location != "/employer/login" {
			t.Errorf("replayed login link logged in: GET /employer → %d %q", got.status, got.location)
		}

		// Outcome link: deliberately reusable until it expires, so that an
		// employer can correct an outcome (each change is kept in the
		// history); replaying the same answer records nothing new.
		token = af.mintLink(t, models.LinkOutcome)
		first = af.client(t, "anon")
		res = first.request(t, http.MethodPost, "/o/"+token, url.Values{"_csrf": {first.csrf}, "kind": {string(models.OutcomeInternship)}}, nil)
		if res.status != http.StatusOK {
			t.Fatalf("first use of the outcome link: %d %.300s", res.status, res.body)
		}
		replay = af.client(t, "anon")
		before := af.stateChecksum(t)
		res = replay.request(t, http.MethodPost, "/o/"+token, url.Values{"_csrf": {replay.csrf}, "kind": {string(models.OutcomeInternship)}}, nil)
		if res.status != http.StatusOK {
			t.Errorf("replayed outcome link: status %d", res.status)
		}
		if af.stateChecksum(t) != before {
			t.Error("replayed outcome link changed data")
		}
	})
}
