package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// InterviewAnswer is what an applicant answered on the personal page.
type InterviewAnswer string

// Answers an applicant can give; the empty answer means "not yet".
const (
	AnswerNone       InterviewAnswer = ""
	AnswerConfirmed  InterviewAnswer = "confirmed"
	AnswerDeclined   InterviewAnswer = "declined"
	AnswerReschedule InterviewAnswer = "reschedule" // asks staff for another time
)

// Valid reports whether a is an answer a button can give.
func (a InterviewAnswer) Valid() bool {
	return a == AnswerConfirmed || a == AnswerDeclined || a == AnswerReschedule
}

// InterviewDetails is an interview with everything a mail or the
// applicant's page shows about it, loaded in a fixed number of queries.
type InterviewDetails struct {
	Interview Interview // with Applicant, Employer and Vacancy
	Event     Event     // with Days
	JobCentre JobCentre
	// Contact is the employer's contact person for this event (from the
	// registration), or the employer's first contact without one.
	Contact ContactPerson
	Site    *Site       // nil when the interview has no site (a venue table)
	Table   *EventTable // nil when no table or room is assigned
}

// LoadInterviewDetails loads the interviews of the job centre with the
// given IDs and their context, ordered by start. An ID that does not exist
// or belongs to another job centre is ErrNotFound.
func (s *Store) LoadInterviewDetails(ctx context.Context, jobCentreID int64, ids []int64) ([]InterviewDetails, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var ivs []Interview
	err := s.db.WithContext(ctx).
		Joins("Applicant").Joins("Employer").Joins("Vacancy").
		Where("interviews.id IN ? AND \"Employer\".job_centre_id = ?", ids, jobCentreID).
		Order("interviews.starts_at, interviews.id").
		Find(&ivs).Error
	if err != nil {
		return nil, translate(err, "load interviews %v", ids)
	}
	if len(ivs) != len(uniqueIDs(ids)) {
		return nil, translate(gorm.ErrRecordNotFound, "load interviews %v", ids)
	}
	return s.detailsOf(ctx, jobCentreID, ivs)
}

// ApplicantPlan returns the applicant's interviews of one event with their
// context, ordered by start; cancelled and declined ones are included so
// the page can say so.
func (s *Store) ApplicantPlan(ctx context.Context, jobCentreID, applicantID, eventID int64) ([]InterviewDetails, error) {
	var ivs []Interview
	err := s.db.WithContext(ctx).
		Joins("Applicant").Joins("Employer").Joins("Vacancy").
		Where("interviews.applicant_id = ? AND interviews.event_id = ? AND \"Employer\".job_centre_id = ?",
									applicantID, eventID, jobCentreID).
		Where("interviews.status <> ?", InterviewPlanned). // not yet published: the applicant knows nothing of it
		Order("interviews.starts_at, interviews.id").
		Find(&ivs).Error
	if err != nil {
		return nil, translate(err, "load plan of applicant %d for event %d", applicantID, eventID)
	}
	return s.detailsOf(ctx, jobCentreID, ivs)
}

func (s *Store) detailsOf(ctx context.Context, jobCentreID int64, ivs []Interview) ([]InterviewDetails, error) {
	if len(ivs) == 0 {
		return nil, nil
	}
	jc, err := s.GetJobCentre(ctx, jobCentreID)
	if err != nil {
		return nil, err
	}
	var eventIDs, employerIDs, siteIDs, tableIDs []int64
	for _, iv := range ivs {
		eventIDs = append(eventIDs, iv.EventID)
		employerIDs = append(employerIDs, iv.EmployerID)
		if iv.SiteID != nil {
			siteIDs = append(siteIDs, *iv.SiteID)
		}
		if iv.TableID != nil {
			tableIDs = append(tableIDs, *iv.TableID)
		}
	}
	db := s.db.WithContext(ctx)
	var events []Event
	err = db.Preload("Days", func(q *gorm.DB) *gorm.DB { return q.Order("starts_at") }).
		Where("id IN ? AND job_centre_id = ?", uniqueIDs(eventIDs), jobCentreID).Find(&events).Error
	if err != nil {
		return nil, translate(err, "load events of interviews")
	}
	var regs []EventRegistration
	err = db.Preload("Contact").Where("event_id IN ? AND employer_id IN ?", uniqueIDs(eventIDs), uniqueIDs(employerIDs)).
		Order("id").Find(&regs).Error
	if err != nil {
		return nil, translate(err, "load registrations of interviews")
	}
	var contacts []ContactPerson
	err = db.Where("employer_id IN ?", uniqueIDs(employerIDs)).Order("id").Find(&contacts).Error
	if err != nil {
		return nil, translate(err, "load contacts of interviews")
	}
	var sites []Site
	if len(siteIDs) > 0 {
		if err := db.Where("id IN ?", uniqueIDs(siteIDs)).Find(&sites).Error; err != nil {
			return nil, translate(err, "load sites of interviews")
		}
	}
	var tables []EventTable
	if len(tableIDs) > 0 {
		if err := db.Where("id IN ?", uniqueIDs(tableIDs)).Find(&tables).Error; err != nil {
			return nil, translate(err, "load tables of interviews")
		}
	}

	eventByID := map[int64]Event{}
	for _, e := range events {
		eventByID[e.ID] = e
	}
	type pair struct{ event, employer int64 }
	contactByReg := map[pair]ContactPerson{}
	for _, r := range regs {
		// A cancelled registration's contact is still the right person to
		// tell about a cancellation; an active one wins over it.
		p := pair{r.EventID, r.EmployerID}
		if _, seen := contactByReg[p]; !seen || r.Status != RegistrationCancelled {
			contactByReg[p] = r.Contact
		}
	}
	firstContact := map[int64]ContactPerson{}
	for _, c := range contacts {
		if _, seen := firstContact[c.EmployerID]; !seen {
			firstContact[c.EmployerID] = c
		}
	}
	siteByID := map[int64]Site{}
	for _, st := range sites {
		siteByID[st.ID] = st
	}
	tableByID := map[int64]EventTable{}
	for _, t := range tables {
		tableByID[t.ID] = t
	}

	out := make([]InterviewDetails, 0, len(ivs))
	for _, iv := range ivs {
		ev, ok := eventByID[iv.EventID]
		if !ok {
			return nil, translate(gorm.ErrRecordNotFound, "event %d of interview %d", iv.EventID, iv.ID)
		}
		d := InterviewDetails{Interview: iv, Event: ev, JobCentre: jc}
		if c, ok := contactByReg[pair{iv.EventID, iv.EmployerID}]; ok {
			d.Contact = c
		} else {
			d.Contact = firstContact[iv.EmployerID]
		}
		if iv.SiteID != nil {
			if st, ok := siteByID[*iv.SiteID]; ok {
				d.Site = &st
			}
		}
		if iv.TableID != nil {
			if t, ok := tableByID[*iv.TableID]; ok {
				d.Table = &t
			}
		}
		out = append(out, d)
	}
	return out, nil
}

func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// AnswerInterview records the applicant's answer once: it matches only
// while the interview is invited and has no answer. A status change raises
// the iCal sequence, because every change of status counts (invites.md).
// ErrConflict when an answer exists already or the version moved on.
func (s *Store) AnswerInterview(ctx context.Context, jobCentreID int64, iv *Interview, answer InterviewAnswer, at time.Time) error {
	fields := map[string]any{"answer": answer, "answered_at": at.UTC(), "version": iv.Version + 1, "updated_at": s.nowUTC()}
	status := iv.Status
	switch answer {
	case AnswerConfirmed:
		status = InterviewConfirmed
	case AnswerDeclined:
		status = InterviewDeclined
	}
	if status != iv.Status {
		fields["status"] = status
		fields["ical_sequence"] = gorm.Expr("ical_sequence + 1")
	}
	res := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND version = ? AND answer = '' AND status = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)",
			iv.ID, iv.Version, InterviewInvited, jobCentreID).
		Updates(fields)
	if err := s.interviewVersionResult(ctx, res, jobCentreID, iv.ID, "answer interview %d", iv.ID); err != nil {
		return err
	}
	iv.Version++
	if status != iv.Status {
		iv.Status = status
		iv.ICalSequence++
	}
	iv.Answer = answer
	t := at.UTC()
	iv.AnsweredAt = &t
	return nil
}

// ReopenInterview asks again after a move: a confirmed interview becomes
// invited, the answer is cleared and a new reminder becomes due. Guarded by
// version like every interview update.
func (s *Store) ReopenInterview(ctx context.Context, jobCentreID int64, iv *Interview) error {
	status := iv.Status
	if status == InterviewConfirmed {
		status = InterviewInvited
	}
	res := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND version = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)",
			iv.ID, iv.Version, jobCentreID).
		Updates(map[string]any{"status": status, "answer": AnswerNone, "answered_at": nil, "reminder_queued_at": nil,
			"version": iv.Version + 1, "updated_at": s.nowUTC()})
	if err := s.interviewVersionResult(ctx, res, jobCentreID, iv.ID, "reopen interview %d", iv.ID); err != nil {
		return err
	}
	iv.Version++
	iv.Status, iv.Answer, iv.AnsweredAt, iv.ReminderQueuedAt = status, AnswerNone, nil, nil
	return nil
}

// DueReminder names an interview whose reminder is due.
type DueReminder struct {
	InterviewID int64
	JobCentreID int64
}

// DueReminders lists interviews starting in (now, until] that are invited
// or confirmed and have no reminder queued yet, soonest first. Cancelled
// and declined interviews never get one.
func (s *Store) DueReminders(ctx context.Context, now, until time.Time, limit int) ([]DueReminder, error) {
	var out []DueReminder
	q := s.db.WithContext(ctx).Table("interviews").
		Select("interviews.id AS interview_id, employers.job_centre_id AS job_centre_id").
		Joins("JOIN employers ON employers.id = interviews.employer_id").
		Where("interviews.reminder_queued_at IS NULL AND interviews.status IN ? AND interviews.starts_at > ? AND interviews.starts_at <= ?",
			[]InterviewStatus{InterviewInvited, InterviewConfirmed}, now.UTC(), until.UTC()).
		Order("interviews.starts_at, interviews.id")
	if limit > 0 {
		q = q.Limit(limit)
	}
	err := q.Scan(&out).Error
	return out, translate(err, "list due reminders")
}

// MarkReminderQueued records that the interview's reminder is queued. It
// returns ErrConflict when another worker did so first (or the interview is
// no longer invited or confirmed), so the caller rolls back its mail.
func (s *Store) MarkReminderQueued(ctx context.Context, interviewID int64, at time.Time) error {
	res := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND reminder_queued_at IS NULL AND status IN ?", interviewID,
			[]InterviewStatus{InterviewInvited, InterviewConfirmed}).
		Update("reminder_queued_at", at.UTC())
	if err := translate(res.Error, "mark reminder of interview %d", interviewID); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return translate(ErrConflict, "mark reminder of interview %d", interviewID)
	}
	return nil
}

// FindApplicantLink loads the applicant's personal page link for an event.
func (s *Store) FindApplicantLink(ctx context.Context, applicantID, eventID int64) (LinkToken, error) {
	var lt LinkToken
	err := s.db.WithContext(ctx).
		Where("kind = ? AND applicant_id = ? AND event_id = ?", LinkApplicantPage, applicantID, eventID).
		First(&lt).Error
	return lt, translate(err, "load page link of applicant %d for event %d", applicantID, eventID)
}

// ExtendLinkToken moves a link's expiry to until if that is later, e.g.
// when an event gains a day after the first invitation.
func (s *Store) ExtendLinkToken(ctx context.Context, id int64, until time.Time) error {
	err := s.db.WithContext(ctx).Model(&LinkToken{}).
		Where("id = ? AND expires_at < ?", id, until.UTC()).
		Update("expires_at", until.UTC()).Error
	return translate(err, "extend link %d", id)
}

// RevokeLinkToken ends a link before its expiry (e.g. the applicant left
// the event); the page then says the link is no longer valid.
func (s *Store) RevokeLinkToken(ctx context.Context, id int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&LinkToken{}).
		Where("id = ? AND used_at IS NULL", id).Update("used_at", at.UTC()).Error
	return translate(err, "revoke link %d", id)
}

// InterviewOfApplicant loads one published interview only if it belongs
// to the applicant and event of a personal link: a link never reaches
// another applicant's interview.
func (s *Store) InterviewOfApplicant(ctx context.Context, jobCentreID, applicantID, eventID, interviewID int64) (Interview, error) {
	var iv Interview
	err := s.db.WithContext(ctx).
		Joins("Employer").
		Where("interviews.id = ? AND interviews.applicant_id = ? AND interviews.event_id = ? AND \"Employer\".job_centre_id = ?",
			interviewID, applicantID, eventID, jobCentreID).
		Where("interviews.status <> ?", InterviewPlanned).
		First(&iv).Error
	return iv, translate(err, "load interview %d of applicant %d", interviewID, applicantID)
}
