package models

import (
	"context"
	"time"
)

// ApplicantDossier is everything Treffpunkt holds about one applicant, for
// a data subject's access request (Art. 15 DSGVO). JSON names are stable
// snake_case because the file leaves the application.
type ApplicantDossier struct {
	GeneratedAt   time.Time           `json:"generated_at"`
	JobCentre     string              `json:"job_centre"`
	RetentionDays int                 `json:"retention_days"` // the job centre's period after the last event
	Applicant     DossierApplicant    `json:"applicant"`
	Participation []DossierEvent      `json:"events"`
	Shortlists    []DossierCandidate  `json:"shortlists"`
	Interviews    []DossierInterview  `json:"interviews"`
	Mails         []DossierMail       `json:"mails"`
	Audit         []DossierAuditEntry `json:"audit"`
}

// DossierApplicant is the applicant row.
type DossierApplicant struct {
	ID                  int64       `json:"id"`
	CreatedAt           time.Time   `json:"created_at"`
	UpdatedAt           time.Time   `json:"updated_at"`
	FirstName           string      `json:"first_name"`
	LastName            string      `json:"last_name"`
	Email               string      `json:"email"`
	Phone               string      `json:"phone"`
	PreferredLanguage   Language    `json:"preferred_language"`
	GermanLevel         GermanLevel `json:"german_level"`
	DrivingLicence      bool        `json:"driving_licence"`
	NeedsStepFree       bool        `json:"needs_step_free"`
	Postcode            string      `json:"postcode"`
	Town                string      `json:"town"`
	Lat                 *float64    `json:"lat"`
	Lon                 *float64    `json:"lon"`
	MaxInterviewsPerDay int         `json:"max_interviews_per_day"`
	Availability        string      `json:"availability"`
	Notes               string      `json:"notes"`
	ConsentAt           time.Time   `json:"consent_at"`
	SharesContact       bool        `json:"shares_contact"`
	AnonymisedAt        *time.Time  `json:"anonymised_at"`
}

// DossierEvent is one event the applicant takes part in, with the time
// windows given for it.
type DossierEvent struct {
	EventID       int64           `json:"event_id"`
	Title         string          `json:"title"`
	AddedAt       time.Time       `json:"added_at"`
	MaxInterviews int             `json:"max_interviews"`
	Windows       []DossierWindow `json:"availability_windows"`
}

// DossierWindow is one availability window.
type DossierWindow struct {
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
}

// DossierCandidate is one shortlist entry: applicant paired with a vacancy.
type DossierCandidate struct {
	EventID        int64     `json:"event_id"`
	EventTitle     string    `json:"event_title"`
	Employer       string    `json:"employer"`
	Vacancy        string    `json:"vacancy"`
	Score          int       `json:"score"`
	Override       bool      `json:"language_override"`
	OverrideReason string    `json:"override_reason"`
	CreatedAt      time.Time `json:"created_at"`
}

// DossierInterview is one interview with the applicant's answer and the
// outcome with its history.
type DossierInterview struct {
	ID         int64           `json:"id"`
	EventID    int64           `json:"event_id"`
	EventTitle string          `json:"event_title"`
	Employer   string          `json:"employer"`
	Vacancy    string          `json:"vacancy"`
	StartsAt   time.Time       `json:"starts_at"`
	EndsAt     time.Time       `json:"ends_at"`
	Status     InterviewStatus `json:"status"`
	Answer     InterviewAnswer `json:"answer"`
	AnsweredAt *time.Time      `json:"answered_at"`
	Outcome    *DossierOutcome `json:"outcome"`
}

// DossierOutcome is an outcome and every change of it, oldest first.
type DossierOutcome struct {
	Kind           OutcomeKind            `json:"kind"`
	StartDate      *time.Time             `json:"start_date"`
	RecordedAt     time.Time              `json:"recorded_at"`
	RecordedByKind ActorKind              `json:"recorded_by"`
	History        []DossierOutcomeChange `json:"history"`
}

// DossierOutcomeChange is one recorded change of an outcome.
type DossierOutcomeChange struct {
	ChangedAt         time.Time    `json:"changed_at"`
	ChangedByKind     ActorKind    `json:"changed_by"`
	PreviousKind      *OutcomeKind `json:"previous_kind"`
	PreviousStartDate *time.Time   `json:"previous_start_date"`
	NewKind           OutcomeKind  `json:"new_kind"`
	NewStartDate      *time.Time   `json:"new_start_date"`
}

// DossierMail is the metadata of a mail to the applicant or about one of
// their interviews; the body is left out (it repeats the interview data).
type DossierMail struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	Recipient   string     `json:"recipient"`
	Subject     string     `json:"subject"`
	Status      MailStatus `json:"status"`
	InterviewID *int64     `json:"interview_id"`
	CreatedAt   time.Time  `json:"created_at"`
	SentAt      *time.Time `json:"sent_at"`
}

// DossierAuditEntry is one audit entry about the applicant: who of the
// job centre looked at or changed the data, and when.
type DossierAuditEntry struct {
	At        time.Time `json:"at"`
	ActorKind ActorKind `json:"actor_kind"`
	Actor     string    `json:"actor"` // staff user's name, if a staff user
	Action    string    `json:"action"`
	Details   string    `json:"details"`
}

// ApplicantDossier collects the dossier of an applicant of the job centre
// in a fixed number of queries.
func (s *Store) ApplicantDossier(ctx context.Context, jobCentreID, id int64) (ApplicantDossier, error) {
	a, err := s.GetApplicant(ctx, jobCentreID, id)
	if err != nil {
		return ApplicantDossier{}, err
	}
	jc, err := s.GetJobCentre(ctx, jobCentreID)
	if err != nil {
		return ApplicantDossier{}, err
	}
	d := ApplicantDossier{GeneratedAt: s.nowUTC(), JobCentre: jc.Name, RetentionDays: jc.RetentionDays, Applicant: DossierApplicant{
		ID: a.ID, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, FirstName: a.FirstName, LastName: a.LastName,
		Email: a.Email, Phone: a.Phone, PreferredLanguage: a.PreferredLanguage, GermanLevel: a.GermanLevel,
		DrivingLicence: a.DrivingLicence, NeedsStepFree: a.NeedsStepFree, Postcode: a.Postcode, Town: a.Town,
		Lat: a.Lat, Lon: a.Lon, MaxInterviewsPerDay: a.MaxInterviewsPerDay, Availability: a.Availability,
		Notes: a.Notes, ConsentAt: a.ConsentAt, SharesContact: a.SharesContact, AnonymisedAt: a.AnonymisedAt}}
	db := s.db.WithContext(ctx)

	var parts []struct {
		EventApplicant
		Title string
	}
	if err := db.Table("event_applicants").Select("event_applicants.*, events.title AS title").
		Joins("JOIN events ON events.id = event_applicants.event_id").
		Where("event_applicants.applicant_id = ? AND events.job_centre_id = ?", id, jobCentreID).
		Order("event_applicants.created_at, event_applicants.id").Scan(&parts).Error; err != nil {
		return d, translate(err, "load events of applicant %d", id)
	}
	var windows []AvailabilityWindow
	if err := db.Where("applicant_id = ?", id).Order("starts_at").Find(&windows).Error; err != nil {
		return d, translate(err, "load availability of applicant %d", id)
	}
	d.Participation = make([]DossierEvent, 0, len(parts))
	for _, p := range parts {
		ev := DossierEvent{EventID: p.EventID, Title: p.Title, AddedAt: p.CreatedAt, MaxInterviews: p.MaxInterviews}
		for _, w := range windows {
			if w.EventID == p.EventID {
				ev.Windows = append(ev.Windows, DossierWindow{StartsAt: w.StartsAt, EndsAt: w.EndsAt})
			}
		}
		d.Participation = append(d.Participation, ev)
	}

	var cands []Candidate
	if err := db.Preload("Vacancy").Where("applicant_id = ?", id).Order("created_at, id").Find(&cands).Error; err != nil {
		return d, translate(err, "load shortlists of applicant %d", id)
	}
	var ivs []Interview
	if err := db.Preload("Employer").Preload("Vacancy").Where("applicant_id = ?", id).Order("starts_at, id").Find(&ivs).Error; err != nil {
		return d, translate(err, "load interviews of applicant %d", id)
	}
	employerNames, err := s.employerNamesOfVacancies(ctx, cands)
	if err != nil {
		return d, err
	}
	titles, err := s.eventTitles(ctx, jobCentreID, cands, ivs)
	if err != nil {
		return d, err
	}
	d.Shortlists = make([]DossierCandidate, 0, len(cands))
	for _, c := range cands {
		d.Shortlists = append(d.Shortlists, DossierCandidate{EventID: c.EventID, EventTitle: titles[c.EventID], Employer: employerNames[c.Vacancy.EmployerID],
			Vacancy: c.Vacancy.Title, Score: c.Score, Override: c.Override, OverrideReason: c.OverrideReason, CreatedAt: c.CreatedAt})
	}

	ivIDs := make([]int64, len(ivs))
	for i, iv := range ivs {
		ivIDs[i] = iv.ID
	}
	var outs []Outcome
	if err := db.Where("interview_id IN ?", nonEmptyIDs(ivIDs)).Find(&outs).Error; err != nil {
		return d, translate(err, "load outcomes of applicant %d", id)
	}
	outIDs := make([]int64, len(outs))
	for i, o := range outs {
		outIDs[i] = o.ID
	}
	var changes []OutcomeChange
	if err := db.Where("outcome_id IN ?", nonEmptyIDs(outIDs)).Order("changed_at, id").Find(&changes).Error; err != nil {
		return d, translate(err, "load outcome history of applicant %d", id)
	}
	byInterview := map[int64]*DossierOutcome{}
	byOutcome := map[int64]*DossierOutcome{}
	for _, o := range outs {
		do := &DossierOutcome{Kind: o.Kind, StartDate: o.StartDate, RecordedAt: o.RecordedAt, RecordedByKind: o.RecordedByKind}
		byInterview[o.InterviewID], byOutcome[o.ID] = do, do
	}
	for _, ch := range changes {
		if do := byOutcome[ch.OutcomeID]; do != nil {
			do.History = append(do.History, DossierOutcomeChange{ChangedAt: ch.ChangedAt, ChangedByKind: ch.ChangedByKind,
				PreviousKind: ch.PreviousKind, PreviousStartDate: ch.PreviousStartDate, NewKind: ch.NewKind, NewStartDate: ch.NewStartDate})
		}
	}
	d.Interviews = make([]DossierInterview, 0, len(ivs))
	for _, iv := range ivs {
		d.Interviews = append(d.Interviews, DossierInterview{ID: iv.ID, EventID: iv.EventID, EventTitle: titles[iv.EventID], Employer: iv.Employer.Name,
			Vacancy: iv.Vacancy.Title, StartsAt: iv.StartsAt, EndsAt: iv.EndsAt, Status: iv.Status, Answer: iv.Answer,
			AnsweredAt: iv.AnsweredAt, Outcome: byInterview[iv.ID]})
	}

	_, related := applicantMailScope(a, ivIDs)
	var mails []OutboxMail
	if err := db.Select("id", "kind", "recipient", "subject", "status", "interview_id", "created_at", "sent_at").
		Where("job_centre_id = ?", jobCentreID).Where(related).Order("created_at, id").Find(&mails).Error; err != nil {
		return d, translate(err, "load mails of applicant %d", id)
	}
	d.Mails = make([]DossierMail, 0, len(mails))
	for _, m := range mails {
		d.Mails = append(d.Mails, DossierMail{ID: m.ID, Kind: m.Kind, Recipient: m.Recipient, Subject: m.Subject,
			Status: m.Status, InterviewID: m.InterviewID, CreatedAt: m.CreatedAt, SentAt: m.SentAt})
	}

	var audit []struct {
		AuditEvent
		ActorName string
	}
	if err := db.Table("audit_events").Select("audit_events.*, staff_users.name AS actor_name").
		Joins("LEFT JOIN staff_users ON staff_users.id = audit_events.actor_id AND audit_events.actor_kind = ?", ActorStaff).
		Where("audit_events.job_centre_id = ? AND audit_events.object_kind = ? AND audit_events.object_id = ?", jobCentreID, "applicant", id).
		Order("audit_events.id").Scan(&audit).Error; err != nil {
		return d, translate(err, "load audit of applicant %d", id)
	}
	d.Audit = make([]DossierAuditEntry, 0, len(audit))
	for _, e := range audit {
		d.Audit = append(d.Audit, DossierAuditEntry{At: e.At, ActorKind: e.ActorKind, Actor: e.ActorName, Action: e.Action, Details: e.Details})
	}
	return d, nil
}

// employerNamesOfVacancies maps the employer IDs of the candidates'
// vacancies to employer names, in one query.
func (s *Store) employerNamesOfVacancies(ctx context.Context, cands []Candidate) (map[int64]string, error) {
	ids := make([]int64, 0, len(cands))
	for _, c := range cands {
		ids = append(ids, c.Vacancy.EmployerID)
	}
	var emps []Employer
	if err := s.db.WithContext(ctx).Select("id", "name").Where("id IN ?", nonEmptyIDs(ids)).Find(&emps).Error; err != nil {
		return nil, translate(err, "load employers of shortlists")
	}
	out := make(map[int64]string, len(emps))
	for _, e := range emps {
		out[e.ID] = e.Name
	}
	return out, nil
}

// eventTitles maps the events of the shortlists and interviews to their
// titles, in one query.
func (s *Store) eventTitles(ctx context.Context, jobCentreID int64, cands []Candidate, ivs []Interview) (map[int64]string, error) {
	ids := make([]int64, 0, len(cands)+len(ivs))
	for _, c := range cands {
		ids = append(ids, c.EventID)
	}
	for _, iv := range ivs {
		ids = append(ids, iv.EventID)
	}
	var evs []Event
	if err := s.db.WithContext(ctx).Select("id", "title").Where("job_centre_id = ? AND id IN ?", jobCentreID, nonEmptyIDs(ids)).
		Find(&evs).Error; err != nil {
		return nil, translate(err, "load event titles")
	}
	out := make(map[int64]string, len(evs))
	for _, e := range evs {
		out[e.ID] = e.Title
	}
	return out, nil
}
