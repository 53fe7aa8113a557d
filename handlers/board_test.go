package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/models/planning"
	"treffpunkt/models/testdb"
	"treffpunkt/views"
)

// boardFixture is an on-site speed-dating of tenant A at two employers'
// sites about 12 km apart (so travel time counts), with four applicants
// and four planned interviews:
//
//	E1 (Amberg, one room, open 07:00–10:00 UTC): olena 07:00
//	E2 (Sulzbach, two rooms, all day, wants 2): pavlo 07:00 room 1, ahmad 10:00 room 2
//	lena is on the shortlist only; she can come 08:30–11:00 (Berlin) and is below B1.
type boardFixture struct {
	*fixture
	event                   int64
	rowE1, rowE2a, rowE2b   string
	day                     time.Time // 00:00 UTC of the event day
	cand                    map[string]int64
	olenaIV, pavloIV, ahmIV int64
}

func newBoardFixture(t *testing.T, db *gorm.DB) *boardFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, db, testOptions())
	withInvites(t, f)
	a := f.a
	bf := &boardFixture{fixture: f, cand: map[string]int64{}, day: time.Date(2026, 4, 14, 0, 0, 0, 0, time.UTC)}
	at := func(h, m int) time.Time { return bf.day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }

	ev := models.Event{JobCentreID: a.centre.ID, Kind: models.EventKindSpeedDating, Title: "Vor Ort Amberg-Sulzbach",
		Status: models.EventClosed, SlotMinutes: 20, BufferMinutes: 10, PublicToken: "board-public-token-a",
		Days: []models.EventDay{{Date: bf.day, StartsAt: at(7, 0), EndsAt: at(12, 0)}}}
	testdb.Must(t, f.store.CreateEvent(ctx, &ev))
	bf.event = ev.ID

	e1 := a.employer
	testdb.Must(t, db.Model(&models.Site{}).Where("id = ?", e1.Sites[0].ID).Updates(map[string]any{"lat": 49.445, "lon": 11.858}).Error)
	lat, lon := 49.507, 11.745
	e2 := models.Employer{JobCentreID: a.centre.ID, Name: "Logistik Sulzbach", Sector: "Logistik",
		Sites:     []models.Site{{Name: "Lager", Street: "Hafenstraße 2", Postcode: "92237", Town: "Sulzbach-Rosenberg", Lat: &lat, Lon: &lon, StepFree: true}},
		Contacts:  []models.ContactPerson{{Name: "Lars Lager", Email: "lars@sulzbach.example"}},
		Vacancies: []models.Vacancy{{Title: "Lagerhelfer/in", Hours: models.HoursFull, CandidatesWanted: 2}}}
	testdb.Must(t, f.store.CreateEmployer(ctx, &e2))

	register := func(e models.Employer, parallel int, windows ...models.EmployerWindow) models.EventRegistration {
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID, SiteID: &e.Sites[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: parallel}
		testdb.Must(t, db.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&reg).Error)
		testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: e.Vacancies[0].ID}).Error)
		for _, w := range windows {
			w.RegistrationID = reg.ID
			testdb.Must(t, db.Create(&w).Error)
		}
		return reg
	}
	r1 := register(e1, 1, models.EmployerWindow{StartsAt: at(7, 0), EndsAt: at(10, 0)})
	r2 := register(e2, 2)
	bf.rowE1, bf.rowE2a, bf.rowE2b = fmt.Sprintf("r%d-1", r1.ID), fmt.Sprintf("r%d-1", r2.ID), fmt.Sprintf("r%d-2", r2.ID)

	olena := a.applicant
	testdb.Must(t, db.Model(&models.Applicant{}).Where("id = ?", olena.ID).Update("max_interviews_per_day", 2).Error)
	person := func(first string, level models.GermanLevel, perDay int, availability string) models.Applicant {
		p := models.Applicant{JobCentreID: a.centre.ID, FirstName: first, LastName: "Test", Email: strings.ToLower(first) + "@a.example",
			PreferredLanguage: models.LanguageDE, GermanLevel: level, MaxInterviewsPerDay: perDay, Availability: availability,
			ConsentAt: olena.ConsentAt}
		testdb.Must(t, f.store.CreateApplicant(ctx, &p))
		return p
	}
	pavlo := person("Pavlo", models.GermanB2, 2, "")
	ahmad := person("Ahmad", models.GermanB1, 1, "")
	lena := person("Lena", models.GermanA2, 2, "08:30-11:00") // Berlin: 06:30–09:00 UTC, childcare
	// olena may have one interview in total, the others several.
	for _, ea := range []models.EventApplicant{{EventID: ev.ID, ApplicantID: olena.ID, MaxInterviews: 1},
		{EventID: ev.ID, ApplicantID: pavlo.ID, MaxInterviews: 3}, {EventID: ev.ID, ApplicantID: ahmad.ID, MaxInterviews: 3},
		{EventID: ev.ID, ApplicantID: lena.ID, MaxInterviews: 3}} {
		testdb.Must(t, db.Omit("Applicant").Create(&ea).Error)
	}
	v1, v2 := e1.Vacancies[0].ID, e2.Vacancies[0].ID
	pairs := map[string][2]int64{"olena-v1": {olena.ID, v1}, "olena-v2": {olena.ID, v2}, "pavlo-v1": {pavlo.ID, v1},
		"pavlo-v2": {pavlo.ID, v2}, "ahmad-v1": {ahmad.ID, v1}, "ahmad-v2": {ahmad.ID, v2}, "lena-v1": {lena.ID, v1}, "lena-v2": {lena.ID, v2}}
	var cs []models.Candidate
	for _, p := range pairs {
		cs = append(cs, models.Candidate{ApplicantID: p[0], VacancyID: p[1], Score: 3})
	}
	testdb.Must(t, f.store.SaveCandidates(ctx, a.centre.ID, ev.ID, cs))
	stored, err := f.store.ListCandidates(ctx, a.centre.ID, ev.ID)
	testdb.Must(t, err)
	for name, p := range pairs {
		for _, c := range stored {
			if c.ApplicantID == p[0] && c.VacancyID == p[1] {
				bf.cand[name] = c.ID
			}
		}
	}
	ivs := []models.Interview{
		{CandidateID: bf.cand["olena-v1"], SiteID: &e1.Sites[0].ID, StartsAt: at(7, 0), EndsAt: at(7, 20)},
		{CandidateID: bf.cand["pavlo-v2"], SiteID: &e2.Sites[0].ID, StartsAt: at(7, 0), EndsAt: at(7, 20)},
		{CandidateID: bf.cand["ahmad-v2"], SiteID: &e2.Sites[0].ID, StartsAt: at(10, 0), EndsAt: at(10, 20)},
	}
	for i := range ivs {
		ivs[i].ICalUID = fmt.Sprintf("board-%d@treffpunkt.test", i)
		ivs[i].CheckinCode = fmt.Sprintf("BOARD%d", i)
	}
	testdb.Must(t, f.store.CreateInterviews(ctx, a.centre.ID, ev.ID, ivs))
	bf.olenaIV, bf.pavloIV, bf.ahmIV = ivs[0].ID, ivs[1].ID, ivs[2].ID
	return bf
}

var planVersionField = regexp.MustCompile(`name="plan_version" value="([^"]+)"`)

// snapshot is what a refused change must leave exactly as it was.
func (bf *boardFixture) snapshot(t *testing.T) string {
	t.Helper()
	ivs, err := bf.store.ListInterviews(context.Background(), bf.a.centre.ID, bf.event)
	testdb.Must(t, err)
	var b strings.Builder
	for _, iv := range ivs {
		fmt.Fprintf(&b, "%d %d %s %v %v %s %t %d|", iv.ID, iv.Version, iv.StartsAt.UTC().Format(time.RFC3339),
			boardDeref(iv.TableID), boardDeref(iv.SiteID), iv.Status, iv.Pinned, iv.ICalSequence)
	}
	return b.String()
}

func boardDeref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func TestBoardRefusesEveryRule(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		bf := newBoardFixture(t, db)
		staff := bf.browser("10.0.0.1")
		staff.login(t, bf.a.staff.Email) // English UI
		board := fmt.Sprintf("/events/%d/board", bf.event)
		page := staff.request(t, http.MethodGet, board, nil, nil)
		expect(t, page, http.StatusOK, []string{"Planning board", "Olena K.", "Pavlo T.", "Ahmad T.", "Pflegehelfer/in"}, nil)
		m := planVersionField.FindStringSubmatch(page.body)
		if m == nil {
			t.Fatalf("board has no plan_version field")
		}
		version := m[1]
		at := func(h, mm int) string {
			return bf.day.Add(time.Duration(h)*time.Hour + time.Duration(mm)*time.Minute).Format(time.RFC3339)
		}
		en := boardLocale(t, "en")
		for _, tc := range []struct {
			name   string
			action string
			form   url.Values
			rule   planning.BoardRule
		}{
			// E1 has one room, taken by olena at 07:00 (ahmad's day cap breaks too).
			{"table already taken", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["ahmad-v1"])}, "row": {bf.rowE1}, "start": {at(7, 0)}}, planning.BoardRuleTableTaken},
			{"outside the employer's hours", "move", url.Values{"interview": {fmt.Sprint(bf.olenaIV)}, "row": {bf.rowE1}, "start": {at(10, 30)}}, planning.BoardRuleEmployerHours},
			{"not on the slot grid", "move", url.Values{"interview": {fmt.Sprint(bf.olenaIV)}, "row": {bf.rowE1}, "start": {at(7, 10)}}, planning.BoardRuleEmployerHours},
			{"applicant already has an interview then", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["olena-v2"])}, "row": {bf.rowE2b}, "start": {at(7, 0)}}, planning.BoardRuleApplicantBusy},
			{"travel time between sites", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["pavlo-v1"])}, "row": {bf.rowE1}, "start": {at(7, 30)}}, planning.BoardRuleTravel},
			{"childcare window", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["lena-v2"])}, "row": {bf.rowE2b}, "start": {at(9, 30)}}, planning.BoardRuleApplicantTime},
			{"German level", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["lena-v1"])}, "row": {bf.rowE1}, "start": {at(8, 0)}}, planning.BoardRuleGermanLevel},
			{"max interviews per day", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["ahmad-v1"])}, "row": {bf.rowE1}, "start": {at(8, 0)}}, planning.BoardRuleMaxPerDay},
			{"applicant's total", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["olena-v2"])}, "row": {bf.rowE2b}, "start": {at(9, 0)}}, planning.BoardRuleApplicantCap},
			{"employer wants no more", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["lena-v2"])}, "row": {bf.rowE2b}, "start": {at(7, 0)}}, planning.BoardRuleEmployerCap},
			{"table of another employer", "move", url.Values{"interview": {fmt.Sprint(bf.pavloIV)}, "row": {bf.rowE1}, "start": {at(8, 0)}}, planning.BoardRuleWrongTable},
			{"already meets the employer", "add", url.Values{"candidate": {fmt.Sprint(bf.cand["ahmad-v2"])}, "row": {bf.rowE2b}, "start": {at(8, 0)}}, planning.BoardRuleAlreadyMeets},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := bf.snapshot(t)
				form := tc.form
				form.Set("_csrf", staff.csrf)
				form.Set("plan_version", version)
				res := staff.request(t, http.MethodPost, board+"/"+tc.action, form, nil)
				expect(t, res, http.StatusUnprocessableEntity, []string{`data-rule="` + string(tc.rule) + `"`, boardEscape(en["board.rule."+string(tc.rule)]), "Nothing was changed."}, nil)
				if after := bf.snapshot(t); after != before {
					t.Errorf("refused %s changed the plan:\n%s\n%s", tc.action, before, after)
				}
			})
		}
	})
}

func TestBoardChanges(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		bf := newBoardFixture(t, db)
		staff := bf.browser("10.0.0.1")
		staff.login(t, bf.a.staff.Email)
		colleague := bf.browser("10.0.0.2")
		colleague.login(t, bf.a.admin.Email)
		board := fmt.Sprintf("/events/%d/board", bf.event)
		at := func(h, mm int) time.Time {
			return bf.day.Add(time.Duration(h)*time.Hour + time.Duration(mm)*time.Minute)
		}
		versionOf := func(b *browser) string {
			res := b.request(t, http.MethodGet, board, nil, nil)
			m := planVersionField.FindStringSubmatch(res.body)
			if m == nil {
				t.Fatalf("board has no plan_version field: %.300s", res.body)
			}
			return m[1]
		}
		post := func(b *browser, action, version string, form url.Values) response {
			form.Set("_csrf", b.csrf)
			form.Set("plan_version", version)
			return b.request(t, http.MethodPost, board+"/"+action, form, nil)
		}
		get := func(id int64) models.Interview {
			iv, err := bf.store.GetInterview(ctx, bf.a.centre.ID, id)
			testdb.Must(t, err)
			return iv
		}

		// Both open the board; the first move wins, the second is told.
		mine, theirs := versionOf(staff), versionOf(colleague)
		res := post(staff, "move", mine, url.Values{"interview": {fmt.Sprint(bf.olenaIV)}, "row": {bf.rowE1}, "start": {at(8, 0).Format(time.RFC3339)}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.location, "done=moved") {
			t.Fatalf("valid move: status %d, location %q, body %.400s", res.status, res.location, res.body)
		}
		if iv := get(bf.olenaIV); !iv.StartsAt.Equal(at(8, 0)) || !iv.EndsAt.Equal(at(8, 20)) || !iv.Pinned {
			t.Errorf("moved interview: %s–%s pinned %t", iv.StartsAt, iv.EndsAt, iv.Pinned)
		}
		// The move and its audit entry commit together.
		if evs, err := bf.store.ListAudit(ctx, bf.a.centre.ID, 1); err != nil || len(evs) != 1 ||
			evs[0].Action != "board.move" || evs[0].ActorID == nil || *evs[0].ActorID != bf.a.staff.ID {
			t.Errorf("audit after a board move: %+v (%v), want board.move by the staff user", evs, err)
		}
		before := bf.snapshot(t)
		res = post(colleague, "move", theirs, url.Values{"interview": {fmt.Sprint(bf.olenaIV)}, "row": {bf.rowE1}, "start": {at(9, 0).Format(time.RFC3339)}})
		expect(t, res, http.StatusConflict, []string{"Der Plan wurde inzwischen von jemand anderem geändert"}, nil)
		for _, action := range []string{"pin", "remove"} {
			res = post(colleague, action, theirs, url.Values{"interview": {fmt.Sprint(bf.pavloIV)}, "pinned": {"true"}})
			expect(t, res, http.StatusConflict, nil, nil)
		}
		res = post(colleague, "add", theirs, url.Values{"candidate": {fmt.Sprint(bf.cand["lena-v2"])}, "row": {bf.rowE2b}, "start": {at(7, 0).Format(time.RFC3339)}})
		expect(t, res, http.StatusConflict, nil, nil)
		if after := bf.snapshot(t); after != before {
			t.Errorf("stale posts changed the plan:\n%s\n%s", before, after)
		}
		// A row or time the page never offers is a forged form.
		for _, form := range []url.Values{
			{"interview": {fmt.Sprint(bf.pavloIV)}, "row": {"t999999"}, "start": {at(8, 0).Format(time.RFC3339)}},
			{"interview": {fmt.Sprint(bf.pavloIV)}, "row": {bf.rowE2a}, "start": {"tomorrow"}},
			{"interview": {"x"}, "row": {bf.rowE2a}, "start": {at(8, 0).Format(time.RFC3339)}},
		} {
			expect(t, post(staff, "move", versionOf(staff), form), http.StatusBadRequest, nil, nil)
		}
		if after := bf.snapshot(t); after != before {
			t.Errorf("forged posts changed the plan:\n%s\n%s", before, after)
		}

		// Pin, unpin, add and remove with the current version.
		res = post(staff, "pin", versionOf(staff), url.Values{"interview": {fmt.Sprint(bf.pavloIV)}, "pinned": {"true"}})
		if res.status != http.StatusSeeOther || !get(bf.pavloIV).Pinned {
			t.Fatalf("pin: status %d, pinned %t", res.status, get(bf.pavloIV).Pinned)
		}
		res = post(staff, "pin", versionOf(staff), url.Values{"interview": {fmt.Sprint(bf.pavloIV)}, "pinned": {"false"}})
		if res.status != http.StatusSeeOther || get(bf.pavloIV).Pinned {
			t.Fatalf("unpin: status %d", res.status)
		}
		res = post(staff, "add", versionOf(staff), url.Values{"candidate": {fmt.Sprint(bf.cand["pavlo-v1"])}, "row": {bf.rowE1}, "start": {at(9, 0).Format(time.RFC3339)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("add: status %d, body %.600s", res.status, res.body)
		}
		ivs, err := bf.store.ListInterviews(ctx, bf.a.centre.ID, bf.event)
		testdb.Must(t, err)
		if len(ivs) != 4 {
			t.Fatalf("after add: %d interviews, want 4", len(ivs))
		}
		res = post(staff, "remove", versionOf(staff), url.Values{"interview": {fmt.Sprint(bf.ahmIV)}})
		if res.status != http.StatusSeeOther || get(bf.ahmIV).Status != models.InterviewCancelled {
			t.Fatalf("remove: status %d, interview %s", res.status, get(bf.ahmIV).Status)
		}
		expect(t, staff.request(t, http.MethodGet, board+"?done=removed", nil, nil), http.StatusOK,
			[]string{"The interview was removed."}, []string{`id="iv-` + fmt.Sprint(bf.ahmIV) + `"`})

		// After publishing, a move queues an updated invitation and a
		// removal a cancellation, to applicant and employer each.
		res = staff.request(t, http.MethodPost, fmt.Sprintf("/events/%d/publish", bf.event), url.Values{"_csrf": {staff.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("publish: status %d", res.status)
		}
		kinds := func(id int64) map[string]int {
			ms, err := bf.store.ListOutbox(ctx, bf.a.centre.ID, "", 0)
			testdb.Must(t, err)
			out := map[string]int{}
			for _, m := range ms {
				if m.InterviewID != nil && *m.InterviewID == id {
					out[m.Kind]++
				}
			}
			return out
		}
		res = post(staff, "move", versionOf(staff), url.Values{"interview": {fmt.Sprint(bf.olenaIV)}, "row": {bf.rowE1}, "start": {at(7, 0).Format(time.RFC3339)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("move after publishing: status %d, body %.600s", res.status, res.body)
		}
		if k := kinds(bf.olenaIV); k[invite.KindUpdate] != 2 {
			t.Errorf("move after publishing queued %v, want 2 %s", k, invite.KindUpdate)
		}
		res = post(staff, "remove", versionOf(staff), url.Values{"interview": {fmt.Sprint(bf.pavloIV)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("remove after publishing: status %d", res.status)
		}
		if k := kinds(bf.pavloIV); k[invite.KindCancel] != 2 {
			t.Errorf("remove after publishing queued %v, want 2 %s", k, invite.KindCancel)
		}
	})
}

func TestBoardOtherJobCentre(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		bf := newBoardFixture(t, db)
		other := bf.browser("10.0.0.3")
		other.login(t, bf.b.staff.Email)
		board := fmt.Sprintf("/events/%d/board", bf.event)
		expect(t, other.request(t, http.MethodGet, board, nil, nil), http.StatusNotFound, nil, []string{"Olena"})
		before := bf.snapshot(t)
		// B's own (empty) board version, A's event or A's interview.
		version := planning.PlanVersion(nil)
		start := bf.day.Add(8 * time.Hour).Format(time.RFC3339)
		for _, tc := range []struct{ path, action string }{
			{board, "move"}, {board, "pin"}, {board, "remove"}, {board, "add"},
			{fmt.Sprintf("/events/%d/board", bf.b.event.ID), "move"},
			{fmt.Sprintf("/events/%d/board", bf.b.event.ID), "remove"},
		} {
			form := url.Values{"_csrf": {other.csrf}, "plan_version": {version}, "interview": {fmt.Sprint(bf.olenaIV)},
				"candidate": {fmt.Sprint(bf.cand["lena-v2"])}, "row": {bf.rowE2b}, "start": {start}}
			if tc.path == board {
				form.Set("plan_version", bf.planVersion(t))
			}
			expect(t, other.request(t, http.MethodPost, tc.path+"/"+tc.action, form, nil), http.StatusNotFound, nil, []string{"Olena"})
		}
		if after := bf.snapshot(t); after != before {
			t.Errorf("another job centre changed the plan:\n%s\n%s", before, after)
		}
	})
}

func (bf *boardFixture) planVersion(t *testing.T) string {
	t.Helper()
	ivs, err := bf.store.ListInterviews(context.Background(), bf.a.centre.ID, bf.event)
	testdb.Must(t, err)
	return planning.PlanVersion(ivs)
}

// TestBoardRuleKeys proves every rule the board can name has its message
// in every language.
func TestBoardRuleKeys(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		msgs := boardLocale(t, lang)
		for _, r := range planning.BoardRules() {
			if msgs["board.rule."+string(r)] == "" {
				t.Errorf("locale %s lacks board.rule.%s", lang, r)
			}
		}
		for _, s := range models.InterviewStatuses() {
			if msgs["board.status."+string(s)] == "" {
				t.Errorf("locale %s lacks board.status.%s", lang, s)
			}
		}
	}
}

func boardLocale(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(views.LocalesFS(), "board."+lang+".json")
	testdb.Must(t, err)
	var m map[string]string
	testdb.Must(t, json.Unmarshal(b, &m))
	return m
}

func boardEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;", "<", "&lt;", ">", "&gt;").Replace(s)
}
