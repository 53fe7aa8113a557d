package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// checkinFixture is the planning fixture with interviews of both
// applicants, one of the same job centre at another event and one of the
// other job centre, and a staff user who checks people in.
type checkinFixture struct {
	planningFixture
	staff   models.StaffUser
	olena   models.Interview // confirmed
	ahmad   models.Interview // invited
	other   models.Interview // same job centre, other event
	foreign models.Interview // other job centre
}

func addCheckinInterview(t *testing.T, f fixture, jc models.JobCentre, ev models.Event, a models.Applicant, v models.Vacancy,
	start time.Time, status models.InterviewStatus, code string) models.Interview {
	t.Helper()
	cs := []models.Candidate{{ApplicantID: a.ID, VacancyID: v.ID, Score: 3}}
	testdb.Must(t, f.store.SaveCandidates(f.ctx, jc.ID, ev.ID, cs))
	ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute), Status: status,
		ICalUID: code + "@treffpunkt.example", CheckinCode: code}}
	testdb.Must(t, f.store.CreateInterviews(f.ctx, jc.ID, ev.ID, ivs))
	iv, err := f.store.GetInterview(f.ctx, jc.ID, ivs[0].ID)
	testdb.Must(t, err)
	return iv
}

func newCheckin(t *testing.T, db *gorm.DB) checkinFixture {
	t.Helper()
	c := checkinFixture{planningFixture: newPlanning(t, db)}
	c.staff = models.StaffUser{JobCentreID: c.a.ID, Email: "door@rems-murr.example", Name: "Dora Tür", PasswordHash: "x",
		Role: models.RoleStaff, Locale: models.LocaleDE, Active: true}
	testdb.Must(t, c.store.CreateStaffUser(c.ctx, &c.staff))
	start := c.ev.Days[0].StartsAt
	vac := c.emp.Vacancies[0]
	c.olena = addCheckinInterview(t, c.fixture, c.a, c.ev, c.planningFixture.olena, vac, start.Add(time.Hour), models.InterviewConfirmed, "OLENACODE01")
	c.ahmad = addCheckinInterview(t, c.fixture, c.a, c.ev, c.planningFixture.ahmad, vac, start, models.InterviewInvited, "AHMADCODE01")
	ev2 := c.event(t, c.a, "Bewerbertag")
	c.other = addCheckinInterview(t, c.fixture, c.a, ev2, c.planningFixture.olena, vac, ev2.Days[0].StartsAt, models.InterviewConfirmed, "OTHEREVENT1")
	evB := c.event(t, c.b, "Ostalb-Messe")
	c.foreign = addCheckinInterview(t, c.fixture, c.b, evB, c.foreignA, c.foreignE.Vacancies[0], evB.Days[0].StartsAt, models.InterviewConfirmed, "FOREIGNJC01")
	return c
}

func (c checkinFixture) reload(t *testing.T, iv models.Interview, jc models.JobCentre) models.Interview {
	t.Helper()
	got, err := c.store.GetInterview(c.ctx, jc.ID, iv.ID)
	testdb.Must(t, err)
	return got
}

func (c checkinFixture) audits(t *testing.T) []models.AuditEvent {
	t.Helper()
	evs, err := c.store.ListAudit(c.ctx, c.a.ID, 0)
	testdb.Must(t, err)
	return evs
}

func TestCheckInByCode(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		c := newCheckin(t, db)
		by := models.CheckinActor{StaffID: c.staff.ID, IP: "192.0.2.4", Via: "code"}
		for _, tc := range []struct {
			name, code string
			want       error
		}{
			{"unknown", "NOSUCHCODE1", models.ErrCheckinUnknown},
			{"empty", "   ", models.ErrCheckinUnknown},
			{"other job centre's code", "FOREIGNJC01", models.ErrCheckinUnknown},
			{"other event's code", "OTHEREVENT1", models.ErrCheckinOtherEvent},
		} {
			_, err := c.store.CheckInByCode(c.ctx, c.a.ID, c.ev.ID, tc.code, by)
			wantErr(t, tc.name, err, tc.want)
		}
		for _, iv := range []models.Interview{c.olena, c.other} {
			if got := c.reload(t, iv, c.a); got.Status != iv.Status || got.Version != iv.Version || got.CheckedInAt != nil {
				t.Errorf("refused codes changed interview %d: %s v%d", iv.ID, got.Status, got.Version)
			}
		}
		if got := c.reload(t, c.foreign, c.b); got.Status != models.InterviewConfirmed {
			t.Errorf("other job centre's interview is %s", got.Status)
		}
		if n := len(c.audits(t)); n != 0 {
			t.Fatalf("refused codes wrote %d audit entries", n)
		}

		// A person types the code in lower case with a space; it still fits.
		res, err := c.store.CheckInByCode(c.ctx, c.a.ID, c.ev.ID, " olena-code01 ", by)
		testdb.Must(t, err)
		got := c.reload(t, c.olena, c.a)
		if res.Already || res.Interview.ID != c.olena.ID || got.Status != models.InterviewAttended ||
			got.CheckedInAt == nil || !got.CheckedInAt.Equal(testdb.Clock()) || got.CheckedInBy == nil || *got.CheckedInBy != c.staff.ID ||
			got.StatusBeforeCheckin != models.InterviewConfirmed || got.Version != c.olena.Version+1 {
			t.Fatalf("after check-in: %+v, interview %s at %v by %v before %q v%d", res, got.Status, got.CheckedInAt, got.CheckedInBy,
				got.StatusBeforeCheckin, got.Version)
		}
		if res.Interview.Applicant.FirstName != "Olena" {
			t.Errorf("result lacks the applicant: %+v", res.Interview.Applicant)
		}
		// Scanning twice changes nothing and says so.
		res, err = c.store.CheckInByCode(c.ctx, c.a.ID, c.ev.ID, "OLENACODE01", by)
		testdb.Must(t, err)
		if !res.Already || c.reload(t, c.olena, c.a).Version != got.Version {
			t.Errorf("second scan: already=%v, version %d → %d", res.Already, got.Version, c.reload(t, c.olena, c.a).Version)
		}
		evs := c.audits(t)
		if len(evs) != 1 || evs[0].Action != "interview.checkin" || evs[0].ObjectID == nil || *evs[0].ObjectID != c.olena.ID ||
			evs[0].ActorID == nil || *evs[0].ActorID != c.staff.ID || evs[0].IP != "192.0.2.4" {
			t.Errorf("audit = %+v", evs)
		}
		if bad, err := c.store.VerifyAudit(c.ctx, c.a.ID); err != nil || bad != 0 {
			t.Errorf("VerifyAudit = %d, %v", bad, err)
		}

		// A declined interview cannot be checked in.
		_, err = c.store.SetAttendance(c.ctx, c.a.ID, c.ev.ID, c.ahmad.ID, c.ahmad.Version, models.AttendanceArrived, by)
		testdb.Must(t, err)
		a := c.reload(t, c.ahmad, c.a)
		_, err = c.store.SetAttendance(c.ctx, c.a.ID, c.ev.ID, a.ID, a.Version, models.AttendanceUndo, by)
		testdb.Must(t, err)
		a = c.reload(t, c.ahmad, c.a)
		_, err = c.store.SetInterviewStatus(c.ctx, c.a.ID, a.ID, a.Version, models.InterviewDeclined)
		testdb.Must(t, err)
		_, err = c.store.CheckInByCode(c.ctx, c.a.ID, c.ev.ID, "AHMADCODE01", by)
		wantErr(t, "declined interview", err, models.ErrCheckinInactive)
		if got := c.reload(t, c.ahmad, c.a); got.Status != models.InterviewDeclined {
			t.Errorf("declined interview is now %s", got.Status)
		}
	})
}

func TestSetAttendance(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		c := newCheckin(t, db)
		by := models.CheckinActor{StaffID: c.staff.ID, IP: "192.0.2.5", Via: "list"}
		iv := c.ahmad
		steps := []struct {
			mark       models.Attendance
			wantStatus models.InterviewStatus
			wantIn     bool
			wantBefore models.InterviewStatus
		}{
			{models.AttendanceNoShow, models.InterviewNoShow, false, models.InterviewInvited},
			{models.AttendanceArrived, models.InterviewAttended, true, models.InterviewInvited}, // came late
			{models.AttendanceUndo, models.InterviewInvited, false, ""},                         // back to unanswered, not "confirmed"
			{models.AttendanceUndo, models.InterviewInvited, false, ""},                         // nothing to undo
		}
		for i, s := range steps {
			got, err := c.store.SetAttendance(c.ctx, c.a.ID, c.ev.ID, iv.ID, iv.Version, s.mark, by)
			testdb.Must(t, err)
			stored := c.reload(t, iv, c.a)
			if got.Status != s.wantStatus || stored.Status != s.wantStatus || (stored.CheckedInAt != nil) != s.wantIn ||
				stored.StatusBeforeCheckin != s.wantBefore || got.Version != stored.Version {
				t.Fatalf("step %d (%s): got %s, stored %s checked in %v before %q, versions %d/%d", i, s.mark, got.Status,
					stored.Status, stored.CheckedInAt, stored.StatusBeforeCheckin, got.Version, stored.Version)
			}
			iv = stored
		}
		if n := len(c.audits(t)); n != 3 {
			t.Errorf("%d audit entries, want 3 (the no-op undo writes none)", n)
		}
		for _, tc := range []struct {
			name    string
			jc      int64
			event   int64
			version int
			want    error
		}{
			{"stale version", c.a.ID, c.ev.ID, iv.Version - 1, models.ErrConflict},
			{"other event", c.a.ID, c.other.EventID, iv.Version, models.ErrNotFound},
			{"other job centre", c.b.ID, c.ev.ID, iv.Version, models.ErrNotFound},
		} {
			_, err := c.store.SetAttendance(c.ctx, tc.jc, tc.event, iv.ID, tc.version, models.AttendanceArrived, by)
			wantErr(t, tc.name, err, tc.want)
		}
		if got := c.reload(t, iv, c.a); got.Status != models.InterviewInvited || got.Version != iv.Version {
			t.Errorf("refused marks changed the interview: %s v%d", got.Status, got.Version)
		}
		if _, err := c.store.SetAttendance(c.ctx, c.a.ID, c.ev.ID, iv.ID, iv.Version, "gone", by); err == nil {
			t.Error("unknown mark accepted")
		}

		// The day's list: by applicant name, declined ones left out.
		day := c.ev.Days[0]
		list, err := c.store.ListCheckin(c.ctx, c.a.ID, c.ev.ID, day.StartsAt.Add(-9*time.Hour), day.StartsAt.Add(15*time.Hour))
		testdb.Must(t, err)
		if len(list) != 2 || list[0].Applicant.LastName != "Al-Hassan" || list[1].Applicant.LastName != "Kovalenko" || list[1].Employer.Name == "" {
			t.Errorf("ListCheckin = %d rows: %+v", len(list), list)
		}
		_, err = c.store.SetInterviewStatus(c.ctx, c.a.ID, iv.ID, iv.Version, models.InterviewCancelled)
		testdb.Must(t, err)
		if list, _ := c.store.ListCheckin(c.ctx, c.a.ID, c.ev.ID, day.StartsAt, day.EndsAt); len(list) != 1 {
			t.Errorf("ListCheckin lists the cancelled interview: %d rows", len(list))
		}
		if list, _ := c.store.ListCheckin(c.ctx, c.b.ID, c.ev.ID, day.StartsAt, day.EndsAt); len(list) != 0 {
			t.Errorf("ListCheckin for the other job centre = %d rows", len(list))
		}
	})
}
