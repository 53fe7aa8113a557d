package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// statsBenchData fills a job centre with 200 events over two years, 40
// employers in 8 sectors, 2,000 applicants, 20,000 shortlist pairs and as
// many interviews, most with an outcome. Rows go in with CreateInBatches
// rather than store methods: the benchmark measures reading, not writing.
func statsBenchData(b *testing.B, db *gorm.DB) int64 {
	b.Helper()
	ctx := context.Background()
	store := models.NewStore(db, testdb.Clock)
	jc := models.JobCentre{Name: "Jobcenter Bench", Slug: "bench"}
	testdb.Must(b, store.CreateJobCentre(ctx, &jc))
	tx := db.WithContext(ctx)
	var employers []models.Employer
	for i := range 40 {
		e := models.Employer{JobCentreID: jc.ID, Name: fmt.Sprintf("Betrieb %d", i), Sector: fmt.Sprintf("Branche %d", i%8),
			Contacts:  []models.ContactPerson{{Name: "Kontakt", Email: fmt.Sprintf("k%d@bench.example", i)}},
			Vacancies: []models.Vacancy{{Title: "Helfer/in", Hours: models.HoursFull, CandidatesWanted: 4}}}
		testdb.Must(b, store.CreateEmployer(ctx, &e))
		employers = append(employers, e)
	}
	as := make([]models.Applicant, 2000)
	for i := range as {
		as[i] = models.Applicant{FirstName: "P", LastName: fmt.Sprint(i), Email: fmt.Sprintf("p%d@bench.example", i),
			PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanB1, ConsentAt: testdb.Clock()}
	}
	testdb.Must(b, store.CreateApplicants(ctx, jc.ID, as))
	statuses := []models.InterviewStatus{models.InterviewAttended, models.InterviewAttended, models.InterviewAttended,
		models.InterviewNoShow, models.InterviewConfirmed, models.InterviewDeclined, models.InterviewCancelled}
	kinds := models.OutcomeKinds()
	kinds = append(kinds[:len(kinds)-1], models.OutcomeHireFullTime) // more hires than pending
	for e := range 200 {
		day := time.Date(2024, time.January, 8, 0, 0, 0, 0, time.UTC).AddDate(0, 0, e*3)
		ev := models.Event{JobCentreID: jc.ID, Kind: []models.EventKind{models.EventKindJobFair, models.EventKindSpeedDating}[e%2],
			Title: fmt.Sprintf("Veranstaltung %d", e), SlotMinutes: 20, PublicToken: fmt.Sprintf("bench-token-%d-0123456789", e),
			Days: []models.EventDay{{Date: day, StartsAt: day.Add(8 * time.Hour), EndsAt: day.Add(16 * time.Hour)}}}
		testdb.Must(b, store.CreateEvent(ctx, &ev))
		var regs []models.EventRegistration
		for k := range 5 {
			emp := employers[(e*5+k)%len(employers)]
			regs = append(regs, models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
				Status: models.RegistrationRegistered, ParallelInterviews: 1})
		}
		testdb.Must(b, tx.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&regs).Error)
		var rvs []models.RegistrationVacancy
		var cs []models.Candidate
		for k, r := range regs {
			v := employers[(e*5+k)%len(employers)].Vacancies[0]
			rvs = append(rvs, models.RegistrationVacancy{RegistrationID: r.ID, VacancyID: v.ID})
			for j := range 20 { // 100 pairs and interviews per event
				cs = append(cs, models.Candidate{EventID: ev.ID, ApplicantID: as[(e*37+k*20+j)%len(as)].ID, VacancyID: v.ID, Score: 3})
			}
		}
		testdb.Must(b, tx.Omit("Vacancy").Create(&rvs).Error)
		testdb.Must(b, tx.Omit("Applicant", "Vacancy").CreateInBatches(&cs, 100).Error)
		ivs := make([]models.Interview, len(cs))
		for i, c := range cs {
			st := day.Add(8*time.Hour + time.Duration(i)*time.Minute)
			ivs[i] = models.Interview{EventID: ev.ID, CandidateID: c.ID, ApplicantID: c.ApplicantID, VacancyID: c.VacancyID,
				EmployerID: employers[(e*5+i/20)%len(employers)].ID, StartsAt: st, EndsAt: st.Add(20 * time.Minute),
				Status: statuses[i%len(statuses)], ICalUID: fmt.Sprintf("b-%d-%d@bench", e, i), CheckinCode: fmt.Sprintf("B%05d%03d", e, i), Version: 1}
		}
		testdb.Must(b, tx.Omit("Applicant", "Employer", "Vacancy").CreateInBatches(&ivs, 100).Error)
		var outs []models.Outcome
		for i, iv := range ivs {
			if iv.Status != models.InterviewAttended {
				continue
			}
			start := day.AddDate(0, 0, 7+i%60)
			outs = append(outs, models.Outcome{InterviewID: iv.ID, Kind: kinds[i%len(kinds)], StartDate: &start,
				RecordedAt: testdb.Clock(), RecordedByKind: models.ActorStaff})
		}
		testdb.Must(b, tx.CreateInBatches(&outs, 100).Error)
	}
	// Planner statistics as autovacuum (PostgreSQL) or a regular
	// "PRAGMA optimize" (SQLite) would have them in production.
	testdb.Must(b, tx.Exec("ANALYZE").Error)
	return jc.ID
}

// BenchmarkStatistics measures the statistics page's query work over 200
// events and 20,000 interviews: everything, and a filtered selection.
func BenchmarkStatistics(b *testing.B) {
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		b.Run(dialect, func(b *testing.B) {
			db := testdb.Open(b, dialect)
			jcID := statsBenchData(b, db)
			store := models.NewStore(db, testdb.Clock)
			ctx := context.Background()
			from, to := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
			for _, bc := range []struct {
				name string
				f    models.StatsFilter
			}{{"all", models.StatsFilter{}}, {"period-kind-sector", models.StatsFilter{From: &from, To: &to, Kind: models.EventKindJobFair, Sector: "Branche 2"}}} {
				b.Run(bc.name, func(b *testing.B) {
					var st models.Stats
					for b.Loop() {
						var err error
						st, err = store.Statistics(ctx, jcID, bc.f)
						testdb.Must(b, err)
					}
					if bc.name == "all" && (st.Total.Events != 200 || st.Total.Planned == 0 || st.Total.Hires == 0) {
						b.Fatalf("unexpected figures %+v", st.Total)
					}
				})
			}
		})
	}
}
