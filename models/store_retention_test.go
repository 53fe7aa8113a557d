package models_test

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// privacyWorld is a job centre with an event long past and one to come,
// and applicants on both sides of the retention period.
type privacyWorld struct {
	f                    fixture
	db                   *gorm.DB
	oldEvent, newEvent   models.Event
	emp                  models.Employer
	gone, gone2, lonely  models.Applicant // due for retention at testdb.Clock()
	keeper, fresh, other models.Applicant // not due: recent event, recently added, job centre b (3650 days)
	goneInterview        models.Interview
	upcoming             models.Interview // keeper's, in April
}

// secretWords are the personal data of the due applicants; after erasure
// none of them may appear in any column of any table.
var secretWords = []string{"Zyprianna", "Quellenbrink", "zyprianna.q@mail.example", "+49 7191 998877",
	"Kinderbetreuung bis 13 Uhr", "Override weil Quellenbrink", "Xaverius", "Wolkenstein", "Ottokar", "Einsiedel", "10:15-11:45"}

func newPrivacyWorld(t *testing.T, db *gorm.DB) privacyWorld {
	t.Helper()
	f := newFixture(t, db)
	w := privacyWorld{f: f, db: db}
	f.b.RetentionDays = 3650
	testdb.Must(t, f.store.UpdateJobCentreSettings(f.ctx, f.b))
	w.emp = f.employer(t, f.a, "Bäckerei Retention")
	w.newEvent = f.event(t, f.a, "Frühjahrsmesse")
	day := time.Date(2025, time.November, 10, 0, 0, 0, 0, berlin)
	w.oldEvent = models.Event{JobCentreID: f.a.ID, Kind: models.EventKindSpeedDating, Title: "Herbst-Speed-Dating",
		VenueName: ptr("Rathaus"), SlotMinutes: 20, PublicToken: "tok-retention-old-0123456789",
		Days:   []models.EventDay{{Date: day, StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(13 * time.Hour)}},
		Tables: []models.EventTable{{Label: "Tisch A"}}}
	testdb.Must(t, f.store.CreateEvent(f.ctx, &w.oldEvent))

	longAgo := time.Date(2025, time.June, 2, 8, 0, 0, 0, time.UTC)
	mk := func(jc models.JobCentre, first, last, email string, created time.Time) models.Applicant {
		a := models.Applicant{JobCentreID: jc.ID, FirstName: first, LastName: last, Email: email,
			PreferredLanguage: models.LanguageAR, GermanLevel: models.GermanA2, Postcode: "71522", Town: "Backnang",
			Lat: ptr(48.94), Lon: ptr(9.43), ConsentAt: created, CreatedAt: created, UpdatedAt: created}
		testdb.Must(t, f.store.CreateApplicant(f.ctx, &a))
		return a
	}
	w.gone = mk(f.a, "Zyprianna", "Quellenbrink", "zyprianna.q@mail.example", longAgo)
	testdb.Must(t, db.Model(&models.Applicant{}).Where("id = ?", w.gone.ID).Updates(map[string]any{
		"phone": "+49 7191 998877", "notes": "Kinderbetreuung bis 13 Uhr", "availability": "10:15-11:45", "shares_contact": true}).Error)
	w.gone2 = mk(f.a, "Xaverius", "Wolkenstein", "", longAgo)
	w.lonely = mk(f.a, "Ottokar", "Einsiedel", "ottokar@mail.example", longAgo)
	w.keeper = mk(f.a, "Konstanze", "Bleibtreu", "konstanze@mail.example", longAgo)
	w.fresh = mk(f.a, "Frieda", "Neuling", "frieda@mail.example", testdb.Clock().AddDate(0, 0, -10))
	w.other = mk(f.b, "Bernhard", "Ostalb", "bernhard@mail.example", longAgo)

	vac := w.emp.Vacancies[0].ID
	win := models.AvailabilityWindow{ApplicantID: w.gone.ID, EventID: w.oldEvent.ID,
		StartsAt: day.Add(10 * time.Hour), EndsAt: day.Add(12 * time.Hour)}
	testdb.Must(t, f.store.AddEventApplicants(f.ctx, f.a.ID, w.oldEvent.ID, []models.EventApplicant{
		{ApplicantID: w.gone.ID, MaxInterviews: 2}, {ApplicantID: w.gone2.ID, MaxInterviews: 2}}, []models.AvailabilityWindow{win}))
	testdb.Must(t, f.store.AddEventApplicants(f.ctx, f.a.ID, w.newEvent.ID, []models.EventApplicant{{ApplicantID: w.keeper.ID, MaxInterviews: 2}}, nil))
	testdb.Must(t, f.store.SaveCandidates(f.ctx, f.a.ID, w.oldEvent.ID, []models.Candidate{
		{ApplicantID: w.gone.ID, VacancyID: vac, Score: 4, Override: true, OverrideReason: "Override weil Quellenbrink"},
		{ApplicantID: w.gone2.ID, VacancyID: vac, Score: 3}}))
	testdb.Must(t, f.store.SaveCandidates(f.ctx, f.a.ID, w.newEvent.ID, []models.Candidate{{ApplicantID: w.keeper.ID, VacancyID: vac, Score: 5}}))
	oldCands, err := f.store.ListCandidates(f.ctx, f.a.ID, w.oldEvent.ID)
	testdb.Must(t, err)
	newCands, err := f.store.ListCandidates(f.ctx, f.a.ID, w.newEvent.ID)
	testdb.Must(t, err)
	candOf := func(cs []models.Candidate, applicantID int64) int64 {
		for _, c := range cs {
			if c.ApplicantID == applicantID {
				return c.ID
			}
		}
		t.Fatalf("no candidate for applicant %d", applicantID)
		return 0
	}
	start := day.Add(10 * time.Hour)
	ivs := []models.Interview{
		{CandidateID: candOf(oldCands, w.gone.ID), StartsAt: start, EndsAt: start.Add(20 * time.Minute), Status: models.InterviewAttended,
			ICalUID: "ret-1@treffpunkt.example", CheckinCode: "RET-0001"},
		{CandidateID: candOf(oldCands, w.gone2.ID), StartsAt: start.Add(30 * time.Minute), EndsAt: start.Add(50 * time.Minute), Status: models.InterviewNoShow,
			ICalUID: "ret-2@treffpunkt.example", CheckinCode: "RET-0002"},
	}
	testdb.Must(t, f.store.CreateInterviews(f.ctx, f.a.ID, w.oldEvent.ID, ivs))
	w.goneInterview = ivs[0]
	up := []models.Interview{{CandidateID: candOf(newCands, w.keeper.ID), StartsAt: w.newEvent.Days[0].StartsAt,
		EndsAt: w.newEvent.Days[0].StartsAt.Add(20 * time.Minute), Status: models.InterviewInvited,
		ICalUID: "ret-3@treffpunkt.example", CheckinCode: "RET-0003"}}
	testdb.Must(t, f.store.CreateInterviews(f.ctx, f.a.ID, w.newEvent.ID, up))
	w.upcoming = up[0]
	_, err = f.store.RecordOutcome(f.ctx, f.a.ID, ivs[0].ID, models.OutcomePending, nil, models.ActorSystem, nil)
	testdb.Must(t, err)
	_, err = f.store.RecordOutcome(f.ctx, f.a.ID, ivs[0].ID, models.OutcomeInternship, ptr(day.AddDate(0, 1, 0)), models.ActorEmployer, nil)
	testdb.Must(t, err)

	testdb.Must(t, f.store.CreateLinkToken(f.ctx, &models.LinkToken{Kind: models.LinkApplicantPage, TokenHash: strings.Repeat("a", 64),
		JobCentreID: f.a.ID, ApplicantID: &w.gone.ID, EventID: &w.oldEvent.ID, ExpiresAt: day.AddDate(0, 1, 0)}))
	contact := w.emp.Contacts[0].ID
	for i, expires := range []time.Time{day.AddDate(0, 0, 1), testdb.Clock().AddDate(0, 0, -1)} {
		// an employer login link long expired (deleted) and one expired yesterday (kept)
		testdb.Must(t, f.store.CreateLinkToken(f.ctx, &models.LinkToken{Kind: models.LinkEmployerLogin, TokenHash: strings.Repeat(fmt.Sprint(i+1), 64),
			JobCentreID: f.a.ID, EmployerContactID: &contact, ExpiresAt: expires}))
	}
	n := 0
	mail := func(kind, to string, interviewID *int64, status models.MailStatus, created time.Time, body string) models.OutboxMail {
		n++
		m := models.OutboxMail{JobCentreID: f.a.ID, Kind: kind, Recipient: to, InterviewID: interviewID,
			Subject: "Betreff " + body, MessageID: fmt.Sprintf("ret%d@treffpunkt.test", n),
			Payload: []byte(`{"text":"` + body + `"}`), NextAttemptAt: created, CreatedAt: created}
		testdb.Must(t, f.store.EnqueueMail(f.ctx, &m))
		if status != models.MailPending {
			testdb.Must(t, db.Model(&m).Updates(map[string]any{"status": status, "last_error": "550 <" + to + "> unknown"}).Error)
		}
		return m
	}
	old := day.Add(-24 * time.Hour)
	mail("invitation", "Zyprianna.Q@mail.example", &ivs[0].ID, models.MailSent, old, "Hallo Zyprianna Quellenbrink")
	mail("reminder", "zyprianna.q@mail.example", &ivs[0].ID, models.MailFailed, old, "Erinnerung Zyprianna")
	mail("invitation", "maier@rems-murr.example", &ivs[0].ID, models.MailSent, old, "Gespräch mit Zyprianna Quellenbrink")
	mail("plan", "maier@rems-murr.example", nil, models.MailSent, old, "Ihr Plan: Zyprianna Q., Xaverius W.")
	mail("invitation", "konstanze@mail.example", &up[0].ID, models.MailSent, testdb.Clock().Add(-time.Hour), "Hallo Konstanze Bleibtreu")
	return w
}

// statistics is what a statistics page counts: interviews per event and
// status, outcomes per kind, participants and shortlist pairs per event.
func statistics(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, q := range []string{
		"SELECT 'iv/' || event_id || '/' || status AS k, count(*) AS n FROM interviews GROUP BY event_id, status",
		"SELECT 'out/' || i.event_id || '/' || o.kind AS k, count(*) AS n FROM outcomes o JOIN interviews i ON i.id = o.interview_id GROUP BY i.event_id, o.kind",
		"SELECT 'chg/' || new_kind AS k, count(*) AS n FROM outcome_changes GROUP BY new_kind",
		"SELECT 'part/' || event_id AS k, count(*) AS n FROM event_applicants GROUP BY event_id",
		"SELECT 'cand/' || event_id || '/' || score AS k, count(*) AS n FROM candidates GROUP BY event_id, score",
		"SELECT 'level/' || german_level AS k, count(*) AS n FROM applicants GROUP BY german_level",
	} {
		var rows []struct {
			K string
			N int64
		}
		testdb.Must(t, db.Raw(q).Scan(&rows).Error)
		for _, r := range rows {
			out[r.K] = r.N
		}
	}
	return out
}

// columnsContaining searches every text and binary column of every table
// for needle (case-insensitive) and returns "table.column" of each hit: a
// dump of the whole database, without depending on a list of tables that
// a later migration could make incomplete.
func columnsContaining(t *testing.T, db *gorm.DB, needle string) []string {
	t.Helper()
	type col struct{ Table, Column, Type string }
	var cols []col
	if models.Dialect(db) == models.DialectPostgres {
		testdb.Must(t, db.Raw(`SELECT table_name AS "table", column_name AS "column", data_type AS "type"
			FROM information_schema.columns WHERE table_schema = current_schema()`).Scan(&cols).Error)
	} else {
		var tables []string
		testdb.Must(t, db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables).Error)
		for _, tb := range tables {
			var names []string
			testdb.Must(t, db.Raw(`SELECT name FROM pragma_table_info(?)`, tb).Scan(&names).Error)
			for _, n := range names {
				cols = append(cols, col{tb, n, "any"})
			}
		}
	}
	if len(cols) < 50 {
		t.Fatalf("found only %d columns; the dump query is broken", len(cols))
	}
	var hits []string
	for _, c := range cols {
		var cond string
		arg := any("%" + strings.ToLower(needle) + "%")
		switch c.Type {
		case "bytea":
			cond, arg = fmt.Sprintf(`position(convert_to(?, 'UTF8') in %q) > 0`, c.Column), needle
		case "text", "character varying", "json", "jsonb":
			cond = fmt.Sprintf(`lower(%q::text) LIKE ?`, c.Column)
		case "any":
			cond = fmt.Sprintf(`lower(CAST(%q AS TEXT)) LIKE ?`, c.Column)
		default:
			continue
		}
		var n int64
		testdb.Must(t, db.Raw(fmt.Sprintf(`SELECT count(*) FROM %q WHERE %s`, c.Table, cond), arg).Scan(&n).Error)
		if n > 0 {
			hits = append(hits, c.Table+"."+c.Column)
		}
	}
	sort.Strings(hits)
	return hits
}

func TestRetentionSweep(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		w := newPrivacyWorld(t, db)
		f := w.f
		// The dump finds the data before the sweep, so its silence after it
		// means something.
		for _, word := range secretWords {
			if hits := columnsContaining(t, db, word); len(hits) == 0 {
				t.Fatalf("%q is nowhere before the sweep; the test data or the dump is wrong", word)
			}
		}
		before := statistics(t, db)
		statsBefore, err := f.store.Statistics(f.ctx, f.a.ID, models.StatsFilter{})
		testdb.Must(t, err)
		if statsBefore.Total.Attended != 1 || statsBefore.Total.NoShows != 1 || statsBefore.Total.Outcomes[models.OutcomeInternship] != 1 {
			t.Fatalf("statistics page before the sweep = %+v; the fixture is wrong", statsBefore.Total)
		}
		keeperBefore, err := f.store.GetApplicant(f.ctx, f.a.ID, w.keeper.ID)
		testdb.Must(t, err)

		res, err := f.store.RunRetention(f.ctx)
		testdb.Must(t, err)
		if len(res) != 2 || res[0].JobCentreID != f.a.ID || res[0].Erased != 3 || res[1].Erased != 0 {
			t.Fatalf("RunRetention = %+v; want 3 erased in a (gone, gone2, lonely), none in b", res)
		}
		if res[0].MailBodies != 1 || res[0].LinkTokens != 1 {
			t.Errorf("result = %+v; want 1 old mail body (the employer's plan summary) and 1 expired employer link", res[0])
		}

		if after := statistics(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("statistics changed:\nbefore %v\nafter  %v", before, after)
		}
		// The statistics page's own figures, too.
		if statsAfter, err := f.store.Statistics(f.ctx, f.a.ID, models.StatsFilter{}); err != nil || !reflect.DeepEqual(statsBefore, statsAfter) {
			t.Errorf("Statistics changed: %v\nbefore %+v\nafter  %+v", err, statsBefore, statsAfter)
		}
		for _, word := range secretWords {
			if hits := columnsContaining(t, db, word); len(hits) > 0 {
				t.Errorf("%q still in %v after the sweep", word, hits)
			}
		}
		for _, a := range []models.Applicant{w.gone, w.gone2, w.lonely} {
			got, err := f.store.GetApplicant(f.ctx, f.a.ID, a.ID)
			testdb.Must(t, err)
			if got.AnonymisedAt == nil || got.FirstName != "" || got.Email != "" || got.Lat != nil || got.GermanLevel != models.GermanA2 {
				t.Errorf("erased applicant %d = %+v", a.ID, got)
			}
		}
		keeperAfter, err := f.store.GetApplicant(f.ctx, f.a.ID, w.keeper.ID)
		testdb.Must(t, err)
		if !reflect.DeepEqual(keeperBefore, keeperAfter) {
			t.Errorf("applicant inside the period changed:\n%+v\n%+v", keeperBefore, keeperAfter)
		}
		for _, a := range []models.Applicant{w.fresh, w.other} {
			got, err := f.store.GetApplicant(f.ctx, a.JobCentreID, a.ID)
			testdb.Must(t, err)
			if got.AnonymisedAt != nil || got.LastName != a.LastName {
				t.Errorf("applicant %s was erased", a.LastName)
			}
		}
		if hits := columnsContaining(t, db, "Hallo Konstanze Bleibtreu"); !reflect.DeepEqual(hits, []string{"outbox_mails.payload", "outbox_mails.subject"}) {
			t.Errorf("the keeper's recent mail is in %v; want it untouched", hits)
		}

		// The sent invitation stays as a record without content; the failed
		// reminder to the applicant is gone.
		var mails []models.OutboxMail
		testdb.Must(t, db.Where("interview_id = ?", w.goneInterview.ID).Order("id").Find(&mails).Error)
		if len(mails) != 2 || mails[0].Recipient != models.ErasedRecipient || mails[0].Status != models.MailSent ||
			len(mails[0].Payload) != 0 || mails[0].SentAt != nil && mails[0].SentAt.IsZero() ||
			mails[1].Recipient != "maier@rems-murr.example" || len(mails[1].Payload) != 0 {
			t.Errorf("mails of the erased interview = %+v", mails)
		}
		var tokens int64
		testdb.Must(t, db.Model(&models.LinkToken{}).Where("applicant_id = ?", w.gone.ID).Count(&tokens).Error)
		if tokens != 0 {
			t.Errorf("%d link tokens left", tokens)
		}

		// One audit entry per job centre and run, chain intact; a second run
		// erases nothing and logs again.
		res2, err := f.store.RunRetention(f.ctx)
		testdb.Must(t, err)
		if res2[0].Erased != 0 || res2[0].MailBodies != 0 {
			t.Errorf("second run = %+v; want nothing to do", res2[0])
		}
		for _, jc := range []models.JobCentre{f.a, f.b} {
			evs, err := f.store.ListAudit(f.ctx, jc.ID, 0)
			testdb.Must(t, err)
			runs := 0
			for _, ev := range evs {
				if ev.Action == "retention.run" {
					runs++
				}
			}
			if runs != 2 {
				t.Errorf("job centre %d: %d retention audit entries; want 2", jc.ID, runs)
			}
			if bad, err := f.store.VerifyAudit(f.ctx, jc.ID); err != nil || bad != 0 {
				t.Errorf("audit chain of %d broken at %d: %v", jc.ID, bad, err)
			}
		}
		if evs, _ := f.store.ListAudit(f.ctx, f.a.ID, 1); len(evs) != 1 || !strings.Contains(evs[0].Details, `"erased":0`) {
			t.Errorf("last audit entry = %+v", evs)
		}
	})
}

func TestEraseApplicantOnRequest(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		w := newPrivacyWorld(t, db)
		f := w.f
		staffID := int64(7)
		ev := models.AuditEvent{ActorKind: models.ActorStaff, ActorID: &staffID, IP: "192.0.2.1"}

		// Upcoming interview: blocked, nothing changed.
		eff, err := f.store.ApplicantEraseEffects(f.ctx, f.a.ID, w.keeper.ID)
		testdb.Must(t, err)
		if !eff.Blocked() || eff.UpcomingInterviews != 1 || eff.Counts.Interviews != 1 || eff.Counts.MailsRedacted != 1 {
			t.Errorf("effects for keeper = %+v", eff)
		}
		_, err = f.store.EraseApplicant(f.ctx, f.a.ID, w.keeper.ID, ev)
		wantErr(t, "erase with an upcoming interview", err, models.ErrErasureBlocked)
		if got, _ := f.store.GetApplicant(f.ctx, f.a.ID, w.keeper.ID); got.AnonymisedAt != nil {
			t.Fatal("blocked erasure changed the applicant")
		}

		// Another job centre's applicant is not found.
		_, err = f.store.ApplicantEraseEffects(f.ctx, f.b.ID, w.gone.ID)
		wantErr(t, "effects across job centres", err, models.ErrNotFound)
		_, err = f.store.EraseApplicant(f.ctx, f.b.ID, w.gone.ID, ev)
		wantErr(t, "erase across job centres", err, models.ErrNotFound)

		// The preview and the erasure agree.
		before := statistics(t, db)
		eff, err = f.store.ApplicantEraseEffects(f.ctx, f.a.ID, w.gone.ID)
		testdb.Must(t, err)
		want := models.EraseCounts{AvailabilityWindows: 1, LinkTokens: 1, MailsDeleted: 1, MailsRedacted: 2,
			Participations: 1, Candidates: 1, Interviews: 1, Outcomes: 1}
		if eff.Blocked() || eff.Counts != want {
			t.Errorf("effects = %+v; want %+v", eff, want)
		}
		got, err := f.store.EraseApplicant(f.ctx, f.a.ID, w.gone.ID, ev)
		testdb.Must(t, err)
		if got != want {
			t.Errorf("erase counts = %+v; want %+v", got, want)
		}
		if after := statistics(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("statistics changed:\nbefore %v\nafter  %v", before, after)
		}
		for _, word := range []string{"Quellenbrink", "zyprianna.q@mail.example", "998877", "Kinderbetreuung"} {
			if hits := columnsContaining(t, db, word); len(hits) > 0 {
				t.Errorf("%q still in %v", word, hits)
			}
		}
		_, err = f.store.EraseApplicant(f.ctx, f.a.ID, w.gone.ID, ev)
		wantErr(t, "second erasure", err, models.ErrAlreadyErased)

		evs, err := f.store.ListAudit(f.ctx, f.a.ID, 1)
		testdb.Must(t, err)
		if len(evs) != 1 || evs[0].Action != "applicant.erase" || evs[0].ObjectID == nil || *evs[0].ObjectID != w.gone.ID ||
			!strings.Contains(evs[0].Details, `"mails_redacted":2`) {
			t.Errorf("audit = %+v", evs)
		}

		// Cancelled upcoming interview with its cancellation still queued:
		// blocked until the mail went out.
		_, err = f.store.SetInterviewStatus(f.ctx, f.a.ID, w.upcoming.ID, w.upcoming.Version, models.InterviewCancelled)
		testdb.Must(t, err)
		testdb.Must(t, f.store.EnqueueMail(f.ctx, &models.OutboxMail{JobCentreID: f.a.ID, Kind: "invitation_cancel",
			Recipient: "maier@rems-murr.example", InterviewID: &w.upcoming.ID, MessageID: "cancel@treffpunkt.test",
			Payload: []byte("{}"), NextAttemptAt: testdb.Clock()}))
		eff, err = f.store.ApplicantEraseEffects(f.ctx, f.a.ID, w.keeper.ID)
		testdb.Must(t, err)
		if eff.UpcomingInterviews != 0 || eff.MailsInFlight != 1 {
			t.Errorf("effects after cancelling = %+v", eff)
		}
		testdb.Must(t, db.Model(&models.OutboxMail{}).Where("message_id = ?", "cancel@treffpunkt.test").Update("status", models.MailSent).Error)
		_, err = f.store.EraseApplicant(f.ctx, f.a.ID, w.keeper.ID, ev)
		testdb.Must(t, err)
	})
}

func TestApplicantDossier(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		w := newPrivacyWorld(t, db)
		f := w.f
		testdb.Must(t, f.store.AppendAudit(f.ctx, &models.AuditEvent{JobCentreID: f.a.ID, ActorKind: models.ActorStaff,
			Action: "applicant.view", ObjectKind: "applicant", ObjectID: &w.gone.ID}))
		d, err := f.store.ApplicantDossier(f.ctx, f.a.ID, w.gone.ID)
		testdb.Must(t, err)
		if d.Applicant.LastName != "Quellenbrink" || d.Applicant.Phone != "+49 7191 998877" || d.JobCentre != f.a.Name {
			t.Errorf("applicant = %+v", d.Applicant)
		}
		if len(d.Participation) != 1 || d.Participation[0].Title != "Herbst-Speed-Dating" || len(d.Participation[0].Windows) != 1 {
			t.Errorf("events = %+v", d.Participation)
		}
		if len(d.Shortlists) != 1 || d.Shortlists[0].EventTitle != "Herbst-Speed-Dating" || d.Shortlists[0].Employer != "Bäckerei Retention" || d.Shortlists[0].OverrideReason == "" {
			t.Errorf("shortlists = %+v", d.Shortlists)
		}
		if len(d.Interviews) != 1 || d.Interviews[0].Outcome == nil || d.Interviews[0].Outcome.Kind != models.OutcomeInternship ||
			len(d.Interviews[0].Outcome.History) != 2 {
			t.Errorf("interviews = %+v", d.Interviews)
		}
		if len(d.Mails) != 3 || len(d.Audit) != 1 || d.Audit[0].Action != "applicant.view" {
			t.Errorf("mails = %+v, audit = %+v", d.Mails, d.Audit)
		}
		_, err = f.store.ApplicantDossier(f.ctx, f.b.ID, w.gone.ID)
		wantErr(t, "dossier across job centres", err, models.ErrNotFound)
	})
}

func TestClaimScheduledJob(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		var mu sync.Mutex
		now := testdb.Clock()
		clk := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		a, b := models.NewStore(db, clk), models.NewStore(db, clk)
		f := newFixture(t, db)
		claims := func() int {
			n := 0
			for _, s := range []*models.Store{a, b, a, b} {
				ok, err := s.ClaimScheduledJob(f.ctx, "retention", 24*time.Hour)
				testdb.Must(t, err)
				if ok {
					n++
				}
			}
			return n
		}
		if n := claims(); n != 1 {
			t.Fatalf("first round: %d claims; want 1", n)
		}
		mu.Lock()
		now = now.Add(23 * time.Hour)
		mu.Unlock()
		if n := claims(); n != 0 {
			t.Errorf("within the interval: %d claims; want 0", n)
		}
		mu.Lock()
		now = now.Add(time.Hour)
		mu.Unlock()
		if n := claims(); n != 1 {
			t.Errorf("after the interval: %d claims; want 1", n)
		}
		testdb.Must(t, a.RescheduleJob(f.ctx, "retention", clk()))
		if n := claims(); n != 1 {
			t.Errorf("after rescheduling to now: %d claims; want 1", n)
		}
		err := a.RescheduleJob(f.ctx, "unknown", clk())
		if !errors.Is(err, models.ErrNotFound) {
			t.Errorf("reschedule unknown job: %v", err)
		}
	})
}
