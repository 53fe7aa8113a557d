package models_test

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// planningFixture is an event with one registered employer, two
// applicants and a shortlist: the shape the planner works on.
type planningFixture struct {
	fixture
	ev       models.Event
	emp      models.Employer
	reg      models.EventRegistration
	olena    models.Applicant
	ahmad    models.Applicant
	foreignA models.Applicant
	foreignE models.Employer
}

func newPlanning(t *testing.T, db *gorm.DB) planningFixture {
	t.Helper()
	p := planningFixture{fixture: newFixture(t, db)}
	p.ev = p.event(t, p.a, "Jobmesse")
	p.emp = p.employer(t, p.a, "Bäckerei Weller")
	p.olena = p.applicant(t, p.a, "Olena", "Kovalenko", models.GermanB1)
	p.ahmad = p.applicant(t, p.a, "Ahmad", "Al-Hassan", models.GermanA2)
	p.foreignA = p.applicant(t, p.b, "Oksana", "Koval", models.GermanB2)
	p.foreignE = p.employer(t, p.b, "Ostalb Bau")
	day := p.ev.Days[0]
	p.reg = models.EventRegistration{EventID: p.ev.ID, EmployerID: p.emp.ID, ContactPersonID: p.emp.Contacts[0].ID,
		Vacancies: []models.RegistrationVacancy{{VacancyID: p.emp.Vacancies[0].ID}},
		Windows:   []models.EmployerWindow{{StartsAt: day.StartsAt, EndsAt: day.StartsAt.Add(3 * time.Hour)}}}
	testdb.Must(t, p.store.RegisterEmployer(p.ctx, p.a.ID, &p.reg))
	return p
}

func TestRegistrations(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		p := newPlanning(t, db)
		got, err := p.store.GetRegistration(p.ctx, p.a.ID, p.reg.ID)
		if err != nil {
			t.Fatalf("GetRegistration: %v", err)
		}
		if got.Status != models.RegistrationRegistered || got.ParallelInterviews != 1 || got.Employer.Name != "Bäckerei Weller" ||
			got.Contact.Name != "Petra Maier" || len(got.Vacancies) != 1 || got.Vacancies[0].Vacancy.Title != "Verkäufer/in" ||
			len(got.Windows) != 1 {
			t.Errorf("GetRegistration = %+v", got)
		}
		_, err = p.store.GetRegistration(p.ctx, p.b.ID, p.reg.ID)
		wantErr(t, "GetRegistration other job centre", err, models.ErrNotFound)
		regs, err := p.store.ListRegistrations(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || len(regs) != 1 || regs[0].ID != p.reg.ID {
			t.Errorf("ListRegistrations = %+v, %v", regs, err)
		}
		ev, err := p.store.GetEvent(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || len(ev.Registrations) != 1 || ev.Registrations[0].Employer.Name != "Bäckerei Weller" {
			t.Errorf("GetEvent registrations = %+v, %v", ev.Registrations, err)
		}

		day := p.ev.Days[0]
		for _, tc := range []struct {
			name string
			reg  models.EventRegistration
			err  error
		}{
			{"twice", models.EventRegistration{EventID: p.ev.ID, EmployerID: p.emp.ID, ContactPersonID: p.emp.Contacts[0].ID}, models.ErrDuplicate},
			{"other job centre's employer", models.EventRegistration{EventID: p.ev.ID, EmployerID: p.foreignE.ID, ContactPersonID: p.foreignE.Contacts[0].ID}, models.ErrNotFound},
			{"other employer's vacancy", models.EventRegistration{EventID: p.ev.ID, EmployerID: p.emp.ID, ContactPersonID: p.emp.Contacts[0].ID,
				Vacancies: []models.RegistrationVacancy{{VacancyID: p.foreignE.Vacancies[0].ID}}}, models.ErrNotFound},
			{"window backwards", models.EventRegistration{EventID: p.ev.ID, EmployerID: p.employer(t, p.a, "Neu").ID, ContactPersonID: p.emp.Contacts[0].ID,
				Windows: []models.EmployerWindow{{StartsAt: day.EndsAt, EndsAt: day.StartsAt}}}, nil},
		} {
			err := p.store.RegisterEmployer(p.ctx, p.a.ID, &tc.reg)
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err)
			} else {
				wantRejected(t, tc.name, err)
			}
		}

		b := models.TableBooking{EventID: p.ev.ID, TableID: p.ev.Tables[0].ID, RegistrationID: p.reg.ID,
			StartsAt: day.StartsAt, EndsAt: day.StartsAt.Add(2 * time.Hour)}
		testdb.Must(t, p.store.BookTable(p.ctx, p.a.ID, &b))
		wantErr(t, "BookTable other job centre", p.store.BookTable(p.ctx, p.b.ID, &models.TableBooking{EventID: p.ev.ID,
			TableID: p.ev.Tables[1].ID, RegistrationID: p.reg.ID, StartsAt: day.StartsAt, EndsAt: day.EndsAt}), models.ErrNotFound)
		wantErr(t, "BookTable unknown table", p.store.BookTable(p.ctx, p.a.ID, &models.TableBooking{EventID: p.ev.ID,
			TableID: 999999, RegistrationID: p.reg.ID, StartsAt: day.StartsAt, EndsAt: day.EndsAt}), models.ErrNotFound)
		for _, tc := range []struct {
			name     string
			from, to time.Time
			want     bool
		}{
			{"inside", day.StartsAt.Add(time.Hour), day.StartsAt.Add(90 * time.Minute), true},
			{"overlapping start", day.StartsAt.Add(-time.Hour), day.StartsAt.Add(time.Minute), true},
			{"touching end", day.StartsAt.Add(2 * time.Hour), day.StartsAt.Add(3 * time.Hour), false},
			{"before", day.StartsAt.Add(-2 * time.Hour), day.StartsAt, false},
		} {
			busy, err := p.store.TableBusy(p.ctx, p.ev.Tables[0].ID, tc.from.In(berlin), tc.to)
			if err != nil || busy != tc.want {
				t.Errorf("TableBusy %s = %v, %v; want %v", tc.name, busy, err, tc.want)
			}
		}
		bs, err := p.store.ListTableBookings(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || len(bs) != 1 || !bs[0].StartsAt.Equal(b.StartsAt) {
			t.Errorf("ListTableBookings = %+v, %v", bs, err)
		}

		testdb.Must(t, p.store.SetRegistrationStatus(p.ctx, p.a.ID, p.reg.ID, models.RegistrationWaiting))
		wantErr(t, "SetRegistrationStatus other job centre", p.store.SetRegistrationStatus(p.ctx, p.b.ID, p.reg.ID, models.RegistrationCancelled), models.ErrNotFound)
		wantRejected(t, "unknown registration status", p.store.SetRegistrationStatus(p.ctx, p.a.ID, p.reg.ID, "maybe"))
		c, err := p.store.EventCounts(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || c.Registrations != 0 || c.Waiting != 1 || c.Vacancies != 0 {
			t.Errorf("EventCounts after waiting = %+v, %v", c, err)
		}
	})
}

func TestParticipantsCandidatesInterviews(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		p := newPlanning(t, db)
		day := p.ev.Days[0]
		morning := models.AvailabilityWindow{ApplicantID: p.olena.ID, StartsAt: day.StartsAt.Add(-30 * time.Minute), EndsAt: day.StartsAt.Add(4*time.Hour + 30*time.Minute)}
		eas := []models.EventApplicant{{ApplicantID: p.olena.ID}, {ApplicantID: p.ahmad.ID, MaxInterviews: 1}}
		testdb.Must(t, p.store.AddEventApplicants(p.ctx, p.a.ID, p.ev.ID, eas, []models.AvailabilityWindow{morning}))
		// Importing again adds no second participation.
		testdb.Must(t, p.store.AddEventApplicants(p.ctx, p.a.ID, p.ev.ID, []models.EventApplicant{{ApplicantID: p.olena.ID}}, nil))
		wantErr(t, "AddEventApplicants other job centre's applicant",
			p.store.AddEventApplicants(p.ctx, p.a.ID, p.ev.ID, []models.EventApplicant{{ApplicantID: p.foreignA.ID}}, nil), models.ErrNotFound)
		got, err := p.store.ListEventApplicants(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || len(got) != 2 || got[0].Applicant.FirstName != "Ahmad" || got[0].MaxInterviews != 1 || got[1].MaxInterviews != 3 {
			t.Errorf("ListEventApplicants = %+v, %v", got, err)
		}
		ws, err := p.store.ListAvailability(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || len(ws) != 1 || !ws[0].EndsAt.Equal(morning.EndsAt) {
			t.Errorf("ListAvailability = %+v, %v", ws, err)
		}
		if ws, _ := p.store.ListAvailability(p.ctx, p.b.ID, p.ev.ID); len(ws) != 0 {
			t.Errorf("ListAvailability for other job centre = %d windows", len(ws))
		}

		vac := p.emp.Vacancies[0]
		cs := []models.Candidate{
			{ApplicantID: p.olena.ID, VacancyID: vac.ID, Score: 4},
			{ApplicantID: p.ahmad.ID, VacancyID: vac.ID, Score: 2, Override: true, OverrideReason: "B1-Prüfung bestanden, Zertifikat folgt"},
		}
		testdb.Must(t, p.store.SaveCandidates(p.ctx, p.a.ID, p.ev.ID, cs))
		// Rescoring the same pair updates it instead of adding one.
		testdb.Must(t, p.store.SaveCandidates(p.ctx, p.a.ID, p.ev.ID, []models.Candidate{{ApplicantID: p.olena.ID, VacancyID: vac.ID, Score: 5}}))
		list, err := p.store.ListCandidates(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || len(list) != 2 || list[0].ApplicantID != p.olena.ID || list[0].Score != 5 || list[0].Vacancy.Title != "Verkäufer/in" {
			t.Fatalf("ListCandidates = %+v, %v", list, err)
		}
		for _, tc := range []struct {
			name string
			c    models.Candidate
			err  error
		}{
			{"score 0", models.Candidate{ApplicantID: p.ahmad.ID, VacancyID: p.emp.Vacancies[0].ID, Score: 0}, nil},
			{"score 6", models.Candidate{ApplicantID: p.ahmad.ID, VacancyID: p.emp.Vacancies[0].ID, Score: 6}, nil},
			{"override without reason", models.Candidate{ApplicantID: p.ahmad.ID, VacancyID: p.emp.Vacancies[0].ID, Score: 3, Override: true}, nil},
			{"other job centre's vacancy", models.Candidate{ApplicantID: p.ahmad.ID, VacancyID: p.foreignE.Vacancies[0].ID, Score: 3}, models.ErrNotFound},
			{"other job centre's applicant", models.Candidate{ApplicantID: p.foreignA.ID, VacancyID: vac.ID, Score: 3}, models.ErrNotFound},
		} {
			err := p.store.SaveCandidates(p.ctx, p.a.ID, p.ev.ID, []models.Candidate{tc.c})
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err)
			} else {
				wantRejected(t, tc.name, err)
			}
		}

		start := day.StartsAt.Add(time.Hour)
		ivs := []models.Interview{
			{CandidateID: list[0].ID, TableID: &p.ev.Tables[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute), ICalUID: "a1@treffpunkt.example", CheckinCode: "CHK-0001"},
			{CandidateID: list[1].ID, TableID: &p.ev.Tables[0].ID, StartsAt: start.Add(25 * time.Minute), EndsAt: start.Add(45 * time.Minute), ICalUID: "a2@treffpunkt.example", CheckinCode: "CHK-0002"},
		}
		testdb.Must(t, p.store.CreateInterviews(p.ctx, p.a.ID, p.ev.ID, ivs))
		iv, err := p.store.GetInterview(p.ctx, p.a.ID, ivs[0].ID)
		if err != nil {
			t.Fatalf("GetInterview: %v", err)
		}
		if iv.ApplicantID != p.olena.ID || iv.EmployerID != p.emp.ID || iv.Status != models.InterviewPlanned ||
			iv.Version != 1 || iv.Applicant.FirstName != "Olena" || iv.Employer.Name != "Bäckerei Weller" || !iv.StartsAt.Equal(start) {
			t.Errorf("GetInterview = %+v", iv)
		}
		_, err = p.store.GetInterview(p.ctx, p.b.ID, ivs[0].ID)
		wantErr(t, "GetInterview other job centre", err, models.ErrNotFound)
		for _, tc := range []struct {
			name string
			iv   models.Interview
			err  error
		}{
			{"same iCal UID", models.Interview{CandidateID: list[0].ID, StartsAt: start, EndsAt: start.Add(time.Minute), ICalUID: "a1@treffpunkt.example", CheckinCode: "CHK-0003"}, models.ErrDuplicate},
			{"same check-in code", models.Interview{CandidateID: list[0].ID, StartsAt: start, EndsAt: start.Add(time.Minute), ICalUID: "a3@treffpunkt.example", CheckinCode: "CHK-0001"}, models.ErrDuplicate},
			{"ends before start", models.Interview{CandidateID: list[0].ID, StartsAt: start, EndsAt: start.Add(-time.Minute), ICalUID: "a4@treffpunkt.example", CheckinCode: "CHK-0004"}, nil},
			{"unknown status", models.Interview{CandidateID: list[0].ID, Status: "maybe", StartsAt: start, EndsAt: start.Add(time.Minute), ICalUID: "a5@treffpunkt.example", CheckinCode: "CHK-0005"}, nil},
			{"candidate of no such event", models.Interview{CandidateID: 999999, StartsAt: start, EndsAt: start.Add(time.Minute), ICalUID: "a6@treffpunkt.example", CheckinCode: "CHK-0006"}, models.ErrNotFound},
		} {
			err := p.store.CreateInterviews(p.ctx, p.a.ID, p.ev.ID, []models.Interview{tc.iv})
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err)
			} else {
				wantRejected(t, tc.name, err)
			}
		}

		busy, err := p.store.ApplicantBusy(p.ctx, p.olena.ID, start.Add(10*time.Minute), start.Add(time.Hour))
		if err != nil || !busy {
			t.Errorf("ApplicantBusy during interview = %v, %v", busy, err)
		}
		moved := iv
		moved.StartsAt, moved.EndsAt, moved.Pinned = start.Add(2*time.Hour), start.Add(2*time.Hour+20*time.Minute), true
		testdb.Must(t, p.store.MoveInterview(p.ctx, p.a.ID, &moved))
		if moved.Version != 2 || moved.ICalSequence != 1 {
			t.Errorf("after move version %d sequence %d, want 2 and 1", moved.Version, moved.ICalSequence)
		}
		stale := iv
		wantErr(t, "stale move", p.store.MoveInterview(p.ctx, p.a.ID, &stale), models.ErrConflict)
		wantErr(t, "move other job centre", p.store.MoveInterview(p.ctx, p.b.ID, &moved), models.ErrNotFound)
		v, err := p.store.SetInterviewStatus(p.ctx, p.a.ID, iv.ID, moved.Version, models.InterviewCancelled)
		if err != nil || v != 3 {
			t.Fatalf("SetInterviewStatus = %d, %v", v, err)
		}
		busy, err = p.store.ApplicantBusy(p.ctx, p.olena.ID, start, start.Add(3*time.Hour))
		if err != nil || busy {
			t.Errorf("ApplicantBusy after cancel = %v, %v; want free", busy, err)
		}
		iv, _ = p.store.GetInterview(p.ctx, p.a.ID, iv.ID)
		if iv.ICalSequence != 2 || !iv.Pinned || iv.Status != models.InterviewCancelled || !iv.StartsAt.Equal(moved.StartsAt) {
			t.Errorf("after cancel = %+v", iv)
		}
		ivList, err := p.store.ListInterviews(p.ctx, p.a.ID, p.ev.ID)
		if err != nil || len(ivList) != 2 || ivList[0].ID != ivs[1].ID {
			t.Errorf("ListInterviews = %d, %v", len(ivList), err)
		}

		c, err := p.store.EventCounts(p.ctx, p.a.ID, p.ev.ID)
		if err != nil {
			t.Fatalf("EventCounts: %v", err)
		}
		want := models.EventCounts{Registrations: 1, Vacancies: 1, Applicants: 2, Candidates: 2, Interviews: 2,
			InterviewStatus: map[models.InterviewStatus]int64{models.InterviewPlanned: 1, models.InterviewCancelled: 1}}
		if fmt.Sprint(c) != fmt.Sprint(want) {
			t.Errorf("EventCounts = %+v, want %+v", c, want)
		}

		// Deleting a pair removes its interviews too.
		testdb.Must(t, p.store.DeleteCandidate(p.ctx, p.a.ID, list[1].ID))
		wantErr(t, "DeleteCandidate other job centre", p.store.DeleteCandidate(p.ctx, p.b.ID, list[0].ID), models.ErrNotFound)
		if _, err := p.store.GetInterview(p.ctx, p.a.ID, ivs[1].ID); err == nil {
			t.Errorf("interview of deleted candidate still there")
		}
	})
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		p := newPlanning(t, db)
		vac := p.emp.Vacancies[0]
		testdb.Must(t, p.store.SaveCandidates(p.ctx, p.a.ID, p.ev.ID, []models.Candidate{{ApplicantID: p.olena.ID, VacancyID: vac.ID, Score: 4}}))
		cs, _ := p.store.ListCandidates(p.ctx, p.a.ID, p.ev.ID)
		start := p.ev.Days[0].StartsAt
		ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute), ICalUID: "o1@treffpunkt.example", CheckinCode: "OUT-0001"}}
		testdb.Must(t, p.store.CreateInterviews(p.ctx, p.a.ID, p.ev.ID, ivs))
		contact := p.emp.Contacts[0].ID
		starts := time.Date(2026, time.May, 4, 0, 0, 0, 0, berlin)

		steps := []struct {
			kind models.OutcomeKind
			date *time.Time
			by   models.ActorKind
		}{
			{models.OutcomePending, nil, models.ActorEmployer},
			{models.OutcomeInternship, &starts, models.ActorEmployer},
			{models.OutcomeInternship, &starts, models.ActorEmployer}, // double click: no new history
			{models.OutcomeApprenticeship, &starts, models.ActorStaff},
		}
		for _, st := range steps {
			if _, err := p.store.RecordOutcome(p.ctx, p.a.ID, ivs[0].ID, st.kind, st.date, st.by, &contact); err != nil {
				t.Fatalf("RecordOutcome %s: %v", st.kind, err)
			}
		}
		hist, err := p.store.OutcomeHistory(p.ctx, p.a.ID, ivs[0].ID)
		if err != nil || len(hist) != 3 {
			t.Fatalf("OutcomeHistory = %+v, %v; want 3 changes", hist, err)
		}
		if hist[0].PreviousKind != nil || hist[1].PreviousKind == nil || *hist[1].PreviousKind != models.OutcomePending ||
			hist[2].NewKind != models.OutcomeApprenticeship || hist[2].NewStartDate == nil ||
			!hist[2].NewStartDate.Equal(time.Date(2026, time.May, 4, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("history = %+v", hist)
		}
		if h, _ := p.store.OutcomeHistory(p.ctx, p.b.ID, ivs[0].ID); len(h) != 0 {
			t.Errorf("OutcomeHistory for other job centre = %d rows", len(h))
		}
		_, err = p.store.RecordOutcome(p.ctx, p.b.ID, ivs[0].ID, models.OutcomeNoInterest, nil, models.ActorStaff, nil)
		wantErr(t, "RecordOutcome other job centre", err, models.ErrNotFound)
		_, err = p.store.RecordOutcome(p.ctx, p.a.ID, ivs[0].ID, "hired_maybe", nil, models.ActorStaff, nil)
		wantRejected(t, "unknown outcome kind", err)
	})
}
