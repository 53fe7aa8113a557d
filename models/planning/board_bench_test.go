package planning_test

import (
	"fmt"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
)

// fair30 is a job fair with 30 booked tables and 14 slots of 25 minutes,
// three quarters of them taken: the size the board must handle.
func fair30() (planning.EventData, time.Time) {
	day := time.Date(2026, 4, 14, 7, 0, 0, 0, time.UTC)
	venue := "Messehalle"
	d := planning.EventData{Timezone: "Europe/Berlin", Event: models.Event{ID: 1, VenueName: &venue, SlotMinutes: 20, BufferMinutes: 5,
		Days: []models.EventDay{{StartsAt: day, EndsAt: day.Add(14 * 25 * time.Minute)}}}}
	id := int64(1)
	for i := 0; i < 30; i++ {
		tid, rid, vid := int64(100+i), int64(200+i), int64(300+i)
		d.Event.Tables = append(d.Event.Tables, models.EventTable{ID: tid, Label: fmt.Sprintf("Tisch %d", i+1)})
		vac := models.Vacancy{ID: vid, EmployerID: rid, Title: "Lagerlogistik", CandidatesWanted: 14}
		d.Registrations = append(d.Registrations, models.EventRegistration{ID: rid, EmployerID: rid, Status: models.RegistrationRegistered,
			ParallelInterviews: 1, Employer: models.Employer{ID: rid, Name: fmt.Sprintf("Betrieb %d", i+1)},
			Vacancies: []models.RegistrationVacancy{{VacancyID: vid, Vacancy: vac}}})
		d.Bookings = append(d.Bookings, models.TableBooking{TableID: tid, RegistrationID: rid, StartsAt: day, EndsAt: day.Add(14 * 25 * time.Minute)})
		for s := 0; s < 14; s++ {
			a := models.Applicant{ID: id, FirstName: "A", LastName: fmt.Sprint(id), GermanLevel: models.GermanB1, MaxInterviewsPerDay: 2}
			c := models.Candidate{ID: id, ApplicantID: id, VacancyID: vid, Score: 3, Applicant: a, Vacancy: vac}
			d.Candidates = append(d.Candidates, c)
			if (i+s)%4 != 0 {
				start := day.Add(time.Duration(s*25) * time.Minute)
				d.Interviews = append(d.Interviews, models.Interview{ID: id, CandidateID: id, ApplicantID: id, VacancyID: vid, EmployerID: rid,
					TableID: &tid, StartsAt: start, EndsAt: start.Add(20 * time.Minute), Status: models.InterviewPlanned, Applicant: a, Vacancy: vac})
			}
			id++
		}
	}
	return d, day
}

// BenchmarkBoardCheck measures one rule check of a move on the 30-table
// fair: what every board POST computes inside its transaction.
func BenchmarkBoardCheck(b *testing.B) {
	d, day := fair30()
	iv := d.Interviews[0]
	for b.Loop() {
		v, err := planning.Check(d, matching.Params{}, planning.Change{InterviewID: iv.ID, Row: "t100", Start: day})
		if err != nil || len(v.Refused) != 0 {
			b.Fatalf("check: %+v %v", v, err)
		}
	}
}

// BenchmarkNewBoard measures laying out the 30-table board (the GET).
func BenchmarkNewBoard(b *testing.B) {
	d, _ := fair30()
	for b.Loop() {
		bd, err := planning.NewBoard(d, matching.Params{})
		if err != nil || len(bd.Rows) != 30 || len(bd.Slots) != 14 {
			b.Fatalf("board: %d rows, %d slots, %v", len(bd.Rows), len(bd.Slots), err)
		}
	}
}
