package handlers

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
	"treffpunkt/scheduling"
	"treffpunkt/views"
)

// checkinFixture is tenant A's confirmed interview (code CHECKINA01), one of
// tenant A's other event (CHECKINX01) and tenant B's (CHECKINB01).
type checkinFixture struct {
	*fixture
	iv, otherEvent, foreign models.Interview
	door                    *browser // tenant A's staff user, English UI
}

func newCheckinFixture(t *testing.T, db *gorm.DB) *checkinFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, db, testOptions())
	cf := &checkinFixture{fixture: f}
	cf.iv = addOutcomeInterview(t, f, f.a, "CHECKINA01")
	cf.foreign = addOutcomeInterview(t, f, f.b, "CHECKINB01")
	day := time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC)
	other := models.Event{JobCentreID: f.a.centre.ID, Kind: models.EventKindJobFair, Title: "Bewerbertag Mai", Status: models.EventOpen,
		SlotMinutes: 20, PublicToken: "public-token-of-a-may", Days: []models.EventDay{{Date: day, StartsAt: day, EndsAt: day.Add(4 * time.Hour)}}}
	testdb.Must(t, f.store.CreateEvent(ctx, &other))
	cs := []models.Candidate{{ApplicantID: f.a.applicant.ID, VacancyID: f.a.employer.Vacancies[0].ID, Score: 3}}
	testdb.Must(t, f.store.SaveCandidates(ctx, f.a.centre.ID, other.ID, cs))
	ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: day, EndsAt: day.Add(20 * time.Minute), Status: models.InterviewConfirmed,
		ICalUID: "CHECKINX01@treffpunkt.example", CheckinCode: "CHECKINX01"}}
	testdb.Must(t, f.store.CreateInterviews(ctx, f.a.centre.ID, other.ID, ivs))
	cf.otherEvent = ivs[0]
	cf.door = f.browser("198.51.100.20")
	cf.door.login(t, f.a.staff.Email)
	return cf
}

func (cf *checkinFixture) status(t *testing.T, jc int64, id int64) models.Interview {
	t.Helper()
	iv, err := cf.store.GetInterview(context.Background(), jc, id)
	testdb.Must(t, err)
	return iv
}

func (cf *checkinFixture) post(t *testing.T, path string, form url.Values) response {
	t.Helper()
	form.Set("_csrf", cf.door.csrf)
	return cf.door.request(t, http.MethodPost, path, form, nil)
}

func TestCheckinByCode(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		cf := newCheckinFixture(t, db)
		ev := cf.a.event.ID
		list := fmt.Sprintf("/events/%d/checkin", ev)
		res := cf.door.request(t, http.MethodGet, list, nil, nil)
		expect(t, res, http.StatusOK, []string{"Olena Koval-A", `id="checkin-code"`, "autofocus", "checkin.js", "confirmed",
			`name="mark" value="arrived"`, "0 of 1 interviews arrived"}, []string{"Koval-B"})

		// Without JavaScript the search is a GET.
		expect(t, cf.door.request(t, http.MethodGet, list+"?q=koval", nil, nil), http.StatusOK, []string{"Olena Koval-A"}, nil)
		expect(t, cf.door.request(t, http.MethodGet, list+"?q=nobody", nil, nil), http.StatusOK, []string{"Nobody matches"}, []string{"Olena Koval-A"})

		refused := []struct {
			name, code, want string
		}{
			{"unknown code", "NOSUCHCODE", "The code “NOSUCHCODE” is unknown"},
			{"other job centre's code", "CHECKINB01", "The code “CHECKINB01” is unknown"},
			{"other event's code", "checkinx01", "The code “CHECKINX01” belongs to another event"},
		}
		for _, r := range refused {
			res := cf.post(t, list+"/code", url.Values{"code": {r.code}})
			expect(t, res, http.StatusUnprocessableEntity, []string{html.EscapeString(r.want), `role="alert"`}, nil)
		}
		for _, c := range []struct {
			jc int64
			iv models.Interview
		}{{cf.a.centre.ID, cf.iv}, {cf.a.centre.ID, cf.otherEvent}, {cf.fixture.b.centre.ID, cf.foreign}} {
			if got := cf.status(t, c.jc, c.iv.ID); got.Status != models.InterviewConfirmed || got.CheckedInAt != nil {
				t.Errorf("a refused code changed interview %d: %s", c.iv.ID, got.Status)
			}
		}

		// The USB scanner types the code and Enter.
		res = cf.post(t, list+"/code", url.Values{"code": {"checkina01"}})
		wantLoc := fmt.Sprintf("%s?checked=%d#applicant-%d", list, cf.iv.ID, cf.a.applicant.ID)
		if res.status != http.StatusSeeOther || res.location != wantLoc {
			t.Fatalf("check-in: %d to %q, want 303 to %q; %.300s", res.status, res.location, wantLoc, res.body)
		}
		got := cf.status(t, cf.a.centre.ID, cf.iv.ID)
		if got.Status != models.InterviewAttended || got.CheckedInBy == nil || *got.CheckedInBy != cf.a.staff.ID {
			t.Fatalf("after check-in: %s by %v", got.Status, got.CheckedInBy)
		}
		res = cf.door.request(t, http.MethodGet, strings.Split(res.location, "#")[0], nil, nil)
		expect(t, res, http.StatusOK, []string{"Olena Koval-A is checked in", "1 of 1 interviews arrived", `name="mark" value="undo"`}, nil)

		res = cf.post(t, list+"/code", url.Values{"code": {"CHECKINA01"}})
		if !strings.Contains(res.location, "?already=") {
			t.Errorf("second scan: %d to %q", res.status, res.location)
		}
		if again := cf.status(t, cf.a.centre.ID, cf.iv.ID); again.Version != got.Version {
			t.Errorf("second scan changed the interview: v%d → v%d", got.Version, again.Version)
		}

		// The scan page lets the camera in and sends back to itself.
		res = cf.door.request(t, http.MethodGet, list+"/scan", nil, nil)
		expect(t, res, http.StatusOK, []string{`id="checkin-video"`, `name="from" value="scan"`, "cannot read QR codes"}, nil)
		if pp := res.header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=(self)") {
			t.Errorf("scan page Permissions-Policy = %q", pp)
		}
		if pp := cf.door.request(t, http.MethodGet, list, nil, nil).header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") {
			t.Errorf("list page Permissions-Policy = %q", pp)
		}
		res = cf.post(t, list+"/code", url.Values{"code": {"NOSUCHCODE"}, "from": {"scan"}})
		expect(t, res, http.StatusUnprocessableEntity, []string{`id="checkin-video"`, "is unknown"}, nil)

		// Tenant B sees nothing of A's event and cannot use A's codes.
		other := cf.browser("198.51.100.21")
		other.login(t, cf.fixture.b.staff.Email)
		expect(t, other.request(t, http.MethodGet, list, nil, nil), http.StatusNotFound, nil, []string{"Koval-A"})
		res = other.request(t, http.MethodPost, fmt.Sprintf("/events/%d/checkin/code", cf.fixture.b.event.ID),
			url.Values{"code": {"CHECKINX01"}, "_csrf": {other.csrf}}, nil)
		expect(t, res, http.StatusUnprocessableEntity, []string{"unknown"}, nil)
		if got := cf.status(t, cf.a.centre.ID, cf.otherEvent.ID); got.Status != models.InterviewConfirmed {
			t.Errorf("tenant B checked in A's interview: %s", got.Status)
		}
	})
}

func TestCheckinAttendance(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		cf := newCheckinFixture(t, db)
		path := fmt.Sprintf("/events/%d/checkin/%d", cf.a.event.ID, cf.iv.ID)
		mark := func(m string, version int) response {
			return cf.post(t, path, url.Values{"mark": {m}, "version": {strconv.Itoa(version)}, "day": {"2026-04-14"}})
		}
		v := cf.iv.Version
		steps := []struct {
			mark    string
			version int
			status  int
			want    models.InterviewStatus
			changed bool
		}{
			{"no_show", v, http.StatusSeeOther, models.InterviewNoShow, true},
			{"arrived", v, http.StatusConflict, models.InterviewNoShow, false}, // another tablet's stale list
			{"undo", v + 1, http.StatusSeeOther, models.InterviewConfirmed, true},
			{"arrived", v + 2, http.StatusSeeOther, models.InterviewAttended, true},
			{"gone", v + 3, http.StatusBadRequest, models.InterviewAttended, false},
		}
		for i, s := range steps {
			before := cf.status(t, cf.a.centre.ID, cf.iv.ID)
			res := mark(s.mark, s.version)
			if res.status != s.status {
				t.Fatalf("step %d %s: status %d, want %d; %.300s", i, s.mark, res.status, s.status, res.body)
			}
			after := cf.status(t, cf.a.centre.ID, cf.iv.ID)
			if after.Status != s.want || (after.Version != before.Version) != s.changed {
				t.Errorf("step %d %s: %s v%d → %s v%d", i, s.mark, before.Status, before.Version, after.Status, after.Version)
			}
			if s.status == http.StatusConflict && !strings.Contains(res.body, "changed on another device") {
				t.Errorf("step %d: conflict without message", i)
			}
		}
		res := cf.door.request(t, http.MethodGet, fmt.Sprintf("/events/%d/checkin?marked=%d", cf.a.event.ID, cf.iv.ID), nil, nil)
		expect(t, res, http.StatusOK, []string{"Saved: Olena Koval-A", "arrived"}, nil)
		// Another job centre's interview, or another event's, is a 404.
		for _, p := range []string{
			fmt.Sprintf("/events/%d/checkin/%d", cf.a.event.ID, cf.foreign.ID),
			fmt.Sprintf("/events/%d/checkin/%d", cf.a.event.ID, cf.otherEvent.ID),
			fmt.Sprintf("/events/%d/checkin?marked=%d", cf.a.event.ID, cf.foreign.ID),
		} {
			var res response
			if strings.Contains(p, "?") {
				res = cf.door.request(t, http.MethodGet, p, nil, nil)
			} else {
				res = cf.post(t, p, url.Values{"mark": {"arrived"}, "version": {"1"}})
			}
			expect(t, res, http.StatusNotFound, nil, []string{"Koval-B"})
		}
		if got := cf.status(t, cf.fixture.b.centre.ID, cf.foreign.ID); got.Status != models.InterviewConfirmed {
			t.Errorf("foreign interview is %s", got.Status)
		}
		evs, err := cf.store.ListAudit(context.Background(), cf.a.centre.ID, 0)
		testdb.Must(t, err)
		n := 0
		for _, e := range evs {
			if strings.HasPrefix(e.Action, "interview.") {
				n++
			}
		}
		if n != 3 {
			t.Errorf("%d attendance audit entries, want 3", n)
		}
	})
}

var slotButton = regexp.MustCompile(`name="slot" value="([^"]+)"`)

func TestCheckinWalkin(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		cf := newCheckinFixture(t, db)
		ctx := context.Background()
		base := fmt.Sprintf("/events/%d/checkin/walkin", cf.a.event.ID)
		vac := cf.a.employer.Vacancies[0].ID
		// The fixture's registration brings no vacancy yet; this one brings
		// the care assistant job.
		regs, err := cf.store.ListRegistrations(ctx, cf.a.centre.ID, cf.a.event.ID)
		testdb.Must(t, err)
		testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: regs[0].ID, VacancyID: vac}).Error)

		expect(t, cf.door.request(t, http.MethodGet, base+"?q=olena", nil, nil), http.StatusOK,
			[]string{"Olena Koval-A", fmt.Sprintf("?applicant=%d", cf.a.applicant.ID)}, []string{"Koval-B"})

		// A new walk-in with the minimal data; a missing level is refused.
		res := cf.post(t, base+"/applicant", url.Values{"first_name": {"Mariam"}, "last_name": {"Haddad"}, "language": {"ar"},
			"consent_date": {"2026-03-25"}})
		expect(t, res, http.StatusUnprocessableEntity, []string{"Please fill in this field", `value="Mariam"`}, nil)
		res = cf.post(t, base+"/applicant", url.Values{"first_name": {"Mariam"}, "last_name": {"Haddad"}, "language": {"ar"},
			"german_level": {"B2"}, "postcode": {"92224"}, "consent_date": {"2026-03-25"}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.location, "?applicant=") {
			t.Fatalf("create walk-in: %d %q %.300s", res.status, res.location, res.body)
		}
		mariamID, err := strconv.ParseInt(strings.TrimSuffix(strings.SplitN(res.location, "?applicant=", 2)[1], "#vacancy"), 10, 64)
		testdb.Must(t, err)

		page := cf.door.request(t, http.MethodGet, fmt.Sprintf("%s?applicant=%d&vacancy=%d", base, mariamID, vac), nil, nil)
		expect(t, page, http.StatusOK, []string{"Mariam Haddad", `id="walkin-book"`}, nil)
		slots := slotButton.FindAllStringSubmatch(page.body, -1)
		// Two rooms, 07:00–12:00 in 25-minute slots (12 each), less the
		// two slots of one room that Olena's interview 08:00–08:25 (off the
		// grid, stored by hand) overlaps: 07:50 and 08:15.
		if len(slots) != 22 {
			t.Fatalf("%d free slots, want 22", len(slots))
		}
		taken := html.UnescapeString(slots[0][1])
		book := func(applicant int64, slot string) response {
			return cf.post(t, base, url.Values{"applicant": {strconv.FormatInt(applicant, 10)}, "vacancy": {strconv.FormatInt(vac, 10)}, "slot": {slot}})
		}
		res = book(mariamID, taken)
		if res.status != http.StatusSeeOther || !strings.Contains(res.location, "marked=") {
			t.Fatalf("book: %d %q %.300s", res.status, res.location, res.body)
		}
		ivs, err := cf.store.ListInterviews(ctx, cf.a.centre.ID, cf.a.event.ID)
		testdb.Must(t, err)
		var walkin *models.Interview
		for i := range ivs {
			if ivs[i].ApplicantID == mariamID {
				walkin = &ivs[i]
			}
		}
		if walkin == nil || walkin.Status != models.InterviewConfirmed || walkin.CheckinCode == "" || walkin.ICalUID == "" ||
			!walkin.StartsAt.Equal(cf.a.event.Days[0].StartsAt) || !walkin.EndsAt.Equal(walkin.StartsAt.Add(20*time.Minute)) {
			t.Fatalf("walk-in interview = %+v", walkin)
		}
		res = cf.door.request(t, http.MethodGet, strings.Split(res.location, "#")[0], nil, nil)
		expect(t, res, http.StatusOK, []string{"Mariam Haddad", "Saved: Mariam Haddad"}, nil)

		// The same slot again, for Olena: the room is taken now.
		count := len(ivs)
		res = book(cf.a.applicant.ID, taken)
		expect(t, res, http.StatusConflict, []string{"The table is already taken at that time", `id="walkin-refusals"`}, nil)
		// A slot that has begun (a form sent after the page was opened).
		tableKey, _, _ := strings.Cut(taken, "|")
		res = book(cf.a.applicant.ID, tableKey+"|"+cf.clock.now().Add(-time.Hour).UTC().Format(time.RFC3339))
		expect(t, res, http.StatusUnprocessableEntity, []string{"This slot has already begun"}, nil)
		// A slot off the grid, and a forged table.
		res = book(cf.a.applicant.ID, strings.Replace(taken, ":00:00Z", ":05:00Z", 1))
		expect(t, res, http.StatusConflict, []string{"off the time grid"}, nil)
		res = book(cf.a.applicant.ID, "r999-1|2026-04-14T07:00:00Z")
		expect(t, res, http.StatusConflict, []string{"not part of this event"}, nil)

		// A German level below the vacancy's minimum names that rule, on
		// the page and when booking anyway.
		weak := models.Applicant{JobCentreID: cf.a.centre.ID, FirstName: "Karim", LastName: "Nouri", PreferredLanguage: models.LanguageAR,
			GermanLevel: models.GermanA2, ConsentAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
		testdb.Must(t, cf.store.CreateApplicant(ctx, &weak))
		page = cf.door.request(t, http.MethodGet, fmt.Sprintf("%s?applicant=%d&vacancy=%d", base, weak.ID, vac), nil, nil)
		expect(t, page, http.StatusOK, []string{"The German level is too low"}, []string{`id="walkin-book"`})
		res = book(weak.ID, html.UnescapeString(slots[1][1]))
		expect(t, res, http.StatusConflict, []string{"The German level is too low"}, nil)

		ivs, err = cf.store.ListInterviews(ctx, cf.a.centre.ID, cf.a.event.ID)
		testdb.Must(t, err)
		if len(ivs) != count {
			t.Errorf("refused bookings added interviews: %d → %d", count, len(ivs))
		}
		cands, err := cf.store.ListCandidates(ctx, cf.a.centre.ID, cf.a.event.ID)
		testdb.Must(t, err)
		for _, c := range cands {
			if c.ApplicantID == weak.ID {
				t.Errorf("a refused booking left a shortlist pair: %+v", c)
			}
		}

		// Another job centre's vacancy or applicant is a 404, nothing booked.
		expect(t, cf.door.request(t, http.MethodGet, fmt.Sprintf("%s?applicant=%d&vacancy=%d", base, mariamID, cf.fixture.b.employer.Vacancies[0].ID), nil, nil),
			http.StatusNotFound, nil, nil)
		res = cf.post(t, base, url.Values{"applicant": {strconv.FormatInt(cf.fixture.b.applicant.ID, 10)}, "vacancy": {strconv.FormatInt(vac, 10)},
			"slot": {html.UnescapeString(slots[2][1])}})
		expect(t, res, http.StatusNotFound, nil, []string{"Koval-B"})
	})
}

// TestCheckinKeysExist covers the keys the check-in pages build at run
// time: every status, every planner rule and reason a refusal can name,
// every notice and error (views.TestEveryLocaleHasEveryKey then holds the
// other languages to the same keys).
func TestCheckinKeysExist(t *testing.T) {
	tr, err := views.NewTranslator(views.LocalesFS())
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, s := range models.InterviewStatuses() {
		keys = append(keys, "checkin.status."+string(s))
	}
	for _, r := range []scheduling.Rule{scheduling.RuleKnownIDs, scheduling.RuleCandidatePair, scheduling.RuleEligibility,
		scheduling.RuleSlotGrid, scheduling.RuleTable, scheduling.RuleAvailability, scheduling.RuleCaps, scheduling.RuleFixed} {
		keys = append(keys, "checkin.rule."+string(r))
	}
	for _, r := range []scheduling.Reason{scheduling.ReasonLanguageLevel, scheduling.ReasonDrivingLicence} {
		keys = append(keys, "checkin.rule."+walkinRuleKey(scheduling.RuleEligibility, &scheduling.Violation{Message: string(r)}))
	}
	keys = append(keys, "checkin.rule.no_slots", "checkin.notice.checked", "checkin.notice.already", "checkin.notice.marked",
		"checkin.error.unknown", "checkin.error.other_event", "checkin.error.inactive", "checkin.error.conflict")
	for _, k := range keys {
		if got := tr.T(views.DefaultLanguage, k); got == k {
			t.Errorf("locale %s lacks %q", views.DefaultLanguage, k)
		}
	}
}
