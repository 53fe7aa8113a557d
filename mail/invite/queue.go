package invite

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
)

// linkCache keeps the personal link per applicant and event within one
// call, so a batch does one lookup per applicant. An empty token means the
// applicant has no usable link (revoked): the mails then carry none.
type linkCache map[[2]int64]string

// ensureLink returns the applicant's personal link token for the event,
// creating the link on first use and extending its expiry to the event's
// end plus LinkValidity.
func (s *Service) ensureLink(ctx context.Context, tx *models.Store, d models.InterviewDetails, cache linkCache) (string, error) {
	iv := d.Interview
	key := [2]int64{iv.ApplicantID, iv.EventID}
	if tok, ok := cache[key]; ok {
		return tok, nil
	}
	expires := eventEnd(d.Event, iv).Add(s.cfg.LinkValidity)
	lt, err := tx.FindApplicantLink(ctx, iv.ApplicantID, iv.EventID)
	switch {
	case err == nil:
		if lt.UsedAt != nil || lt.Nonce == "" {
			cache[key] = ""
			return "", nil
		}
		if err := tx.ExtendLinkToken(ctx, lt.ID, expires); err != nil {
			return "", fmt.Errorf("invite: %w", err)
		}
	case errors.Is(err, models.ErrNotFound):
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("invite: link nonce: %w", err)
		}
		applicant, event := iv.ApplicantID, iv.EventID
		lt = models.LinkToken{Kind: models.LinkApplicantPage, JobCentreID: d.JobCentre.ID, ApplicantID: &applicant,
			EventID: &event, ExpiresAt: expires.UTC(), Nonce: hex.EncodeToString(b[:])}
		lt.TokenHash = HashToken(s.linkToken(lt.Nonce))
		if err := tx.CreateLinkToken(ctx, &lt); err != nil {
			return "", fmt.Errorf("invite: %w", err)
		}
	default:
		return "", fmt.Errorf("invite: %w", err)
	}
	tok := s.linkToken(lt.Nonce)
	cache[key] = tok
	return tok, nil
}

// eventEnd is the end of the event's last day, or of the interview when
// the event has no days.
func eventEnd(ev models.Event, iv models.Interview) time.Time {
	end := iv.EndsAt
	for _, d := range ev.Days {
		if d.EndsAt.After(end) {
			end = d.EndsAt
		}
	}
	return end
}

// Venue is where an interview happens, as mails and the page show it.
type Venue struct {
	Name, Street, PostcodeTown string
	Lat, Lon                   float64
	HasCoordinates             bool
	StepFree                   *bool
}

// Address is the one-line postal address.
func (p Venue) Address() string {
	var parts []string
	for _, s := range []string{p.Name, p.Street, p.PostcodeTown} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Place is the site of the interview, or the event's venue.
func Place(d models.InterviewDetails) Venue {
	if d.Site != nil {
		st := d.Site
		p := Venue{Name: d.Interview.Employer.Name, Street: st.Street, PostcodeTown: strings.TrimSpace(st.Postcode + " " + st.Town), StepFree: &st.StepFree}
		if st.Name != "" {
			p.Name += " – " + st.Name
		}
		if st.Lat != nil && st.Lon != nil {
			p.Lat, p.Lon, p.HasCoordinates = *st.Lat, *st.Lon, true
		}
		return p
	}
	ev := d.Event
	p := Venue{Name: deref(ev.VenueName), Street: deref(ev.VenueStreet),
		PostcodeTown: strings.TrimSpace(deref(ev.VenuePostcode) + " " + deref(ev.VenueTown)), StepFree: ev.VenueStepFree}
	if ev.VenueLat != nil && ev.VenueLon != nil {
		p.Lat, p.Lon, p.HasCoordinates = *ev.VenueLat, *ev.VenueLon, true
	}
	return p
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Room is the table or room label, if any.
func Room(d models.InterviewDetails) string {
	if d.Table != nil {
		return d.Table.Label
	}
	return ""
}

func zoneOf(jc models.JobCentre) (*time.Location, error) {
	loc, err := jc.Location()
	if err != nil {
		return nil, fmt.Errorf("invite: zone of job centre %d: %w", jc.ID, err)
	}
	return loc, nil
}

// queueBoth queues the invitation, update or cancellation of one interview
// to the applicant and to the employer's contact: one mail per recipient,
// each listing only the organizer and that recipient.
func (s *Service) queueBoth(ctx context.Context, tx *models.Store, d models.InterviewDetails, kind mail.Kind, links linkCache) error {
	iv := d.Interview
	loc, err := zoneOf(d.JobCentre)
	if err != nil {
		return err
	}
	p := Place(d)
	base := mail.InvitationData{
		Kind: kind, Now: s.now(), UID: iv.ICalUID, Sequence: iv.ICalSequence,
		Start: iv.StartsAt, End: iv.EndsAt, Zone: loc, Organizer: s.organizer(d.JobCentre),
		EventTitle: d.Event.Title, Employer: iv.Employer.Name,
		ApplicantFirstName: iv.Applicant.FirstName, ApplicantLastName: iv.Applicant.LastName,
		Address: p.Address(), Room: Room(d), Latitude: p.Lat, Longitude: p.Lon, HasCoordinates: p.HasCoordinates,
	}
	outKind := outboxKind(kind)
	id := iv.ID

	if a := iv.Applicant; strings.TrimSpace(a.Email) != "" && a.AnonymisedAt == nil {
		tok, err := s.ensureLink(ctx, tx, d, links)
		if err != nil {
			return err
		}
		data := base
		data.Audience = mail.AudienceApplicant
		data.MessageID = s.newMessageID()
		data.Recipient = mail.Address{Name: strings.TrimSpace(a.FirstName + " " + a.LastName), Email: strings.TrimSpace(a.Email)}
		data.Note = d.Event.Description
		if tok != "" {
			data.PageURL = s.PageURL(tok)
			if kind != mail.KindCancel {
				data.ConfirmURL = s.answerURL(tok, iv.ID, models.AnswerConfirmed)
				data.DeclineURL = s.answerURL(tok, iv.ID, models.AnswerDeclined)
			}
		}
		locale := string(a.PreferredLanguage)
		msg, err := s.invitations.BuildInvitation(data, locale)
		if err != nil {
			return fmt.Errorf("invite: interview %d: %w", iv.ID, err)
		}
		if err := outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: d.JobCentre.ID, Kind: outKind, InterviewID: &id,
			Locale: s.invitations.Locale(locale), Message: msg}); err != nil {
			return fmt.Errorf("invite: interview %d: %w", iv.ID, err)
		}
	}
	if c := d.Contact; strings.TrimSpace(c.Email) != "" {
		data := base
		data.Audience = mail.AudienceEmployer
		seen := d.JobCentre.EmployerMaySee.Show(iv.Applicant)
		data.ApplicantName, data.ApplicantGermanLevel = seen.Name, string(seen.GermanLevel)
		data.ApplicantEmail, data.ApplicantPhone = seen.Email, seen.Phone
		data.MessageID = s.newMessageID()
		data.Recipient = mail.Address{Name: c.Name, Email: strings.TrimSpace(c.Email)}
		locale := string(c.Locale)
		msg, err := s.invitations.BuildInvitation(data, locale)
		if err != nil {
			return fmt.Errorf("invite: interview %d: %w", iv.ID, err)
		}
		if err := outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: d.JobCentre.ID, Kind: outKind, InterviewID: &id,
			Locale: s.invitations.Locale(locale), Message: msg}); err != nil {
			return fmt.Errorf("invite: interview %d: %w", iv.ID, err)
		}
	}
	return nil
}

// organizer is the platform mailbox, named after the job centre so the
// recipient sees who invites.
func (s *Service) organizer(jc models.JobCentre) mail.Address {
	name := s.from.Name
	if jc.Name != "" {
		name = jc.Name
	}
	return mail.Address{Name: name, Email: s.from.Email}
}

func outboxKind(k mail.Kind) string {
	switch k {
	case mail.KindUpdate:
		return KindUpdate
	case mail.KindCancel:
		return KindCancel
	default:
		return KindInvitation
	}
}

// queuePlans queues one plan summary per employer contact and event.
func (s *Service) queuePlans(ctx context.Context, tx *models.Store, ds []models.InterviewDetails) error {
	type key struct {
		event   int64
		contact int64
	}
	var order []key
	groups := map[key][]models.InterviewDetails{}
	for _, d := range ds {
		if strings.TrimSpace(d.Contact.Email) == "" {
			continue
		}
		k := key{d.Interview.EventID, d.Contact.ID}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], d)
	}
	for _, k := range order {
		g := groups[k]
		first := g[0]
		loc, err := zoneOf(first.JobCentre)
		if err != nil {
			return err
		}
		data := mail.PlanData{MessageID: s.newMessageID(), Now: s.now(), Zone: loc, Organizer: s.organizer(first.JobCentre),
			Recipient:  mail.Address{Name: first.Contact.Name, Email: strings.TrimSpace(first.Contact.Email)},
			EventTitle: first.Event.Title}
		for _, d := range g {
			iv := d.Interview
			seen := d.JobCentre.EmployerMaySee.Show(iv.Applicant)
			data.Items = append(data.Items, mail.PlanItem{Start: iv.StartsAt, End: iv.EndsAt,
				Applicant: seen.Name, GermanLevel: string(seen.GermanLevel), Email: seen.Email, Phone: seen.Phone,
				Vacancy: iv.Vacancy.Title, Address: Place(d).Address(), Room: Room(d)})
		}
		locale := string(first.Contact.Locale)
		msg, err := s.reminders.BuildPlanSummary(data, locale)
		if err != nil {
			return fmt.Errorf("invite: plan of event %d: %w", k.event, err)
		}
		if err := outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: first.JobCentre.ID, Kind: KindPlan,
			Locale: s.invitations.Locale(locale), Message: msg}); err != nil {
			return fmt.Errorf("invite: plan of event %d: %w", k.event, err)
		}
	}
	return nil
}

// SendReminders queues the reminder of every invited or confirmed
// interview that starts within ReminderLead from now and has none yet, each
// in its own transaction that also marks it, so two instances never queue
// one twice and a failure of one leaves the others queued. It returns how
// many it queued.
func (s *Service) SendReminders(ctx context.Context, store *models.Store) (int, error) {
	now := s.now()
	due, err := store.DueReminders(ctx, now, now.Add(s.cfg.ReminderLead), 200)
	if err != nil {
		return 0, fmt.Errorf("invite: reminders: %w", err)
	}
	queued := 0
	var errs []error
	for _, r := range due {
		err := store.Transaction(ctx, func(tx *models.Store) error {
			if err := tx.MarkReminderQueued(ctx, r.InterviewID, now); err != nil {
				return err
			}
			return s.queueReminder(ctx, tx, r)
		})
		switch {
		case err == nil:
			queued++
		case errors.Is(err, models.ErrConflict):
			// Another instance queued it, or it was cancelled meanwhile.
		default:
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return queued, fmt.Errorf("invite: reminders: %w", err)
	}
	return queued, nil
}

func (s *Service) queueReminder(ctx context.Context, tx *models.Store, r models.DueReminder) error {
	d, err := s.one(ctx, tx, r.JobCentreID, r.InterviewID)
	if err != nil {
		return err
	}
	iv := d.Interview
	a := iv.Applicant
	if strings.TrimSpace(a.Email) == "" || a.AnonymisedAt != nil {
		return nil // marked, nothing to send: no address
	}
	loc, err := zoneOf(d.JobCentre)
	if err != nil {
		return err
	}
	tok, err := s.ensureLink(ctx, tx, d, linkCache{})
	if err != nil {
		return err
	}
	p := Place(d)
	data := mail.ReminderData{MessageID: s.newMessageID(), Now: s.now(), Zone: loc, Organizer: s.organizer(d.JobCentre),
		Recipient:  mail.Address{Name: strings.TrimSpace(a.FirstName + " " + a.LastName), Email: strings.TrimSpace(a.Email)},
		EventTitle: d.Event.Title, Employer: iv.Employer.Name, Start: iv.StartsAt, End: iv.EndsAt,
		Address: p.Address(), Room: Room(d), Latitude: p.Lat, Longitude: p.Lon, HasCoordinates: p.HasCoordinates}
	if tok != "" {
		data.PageURL = s.PageURL(tok)
	}
	locale := string(a.PreferredLanguage)
	msg, err := s.reminders.BuildReminder(data, locale)
	if err != nil {
		return fmt.Errorf("invite: reminder of interview %d: %w", iv.ID, err)
	}
	id := iv.ID
	return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: d.JobCentre.ID, Kind: KindReminder, InterviewID: &id,
		Locale: s.invitations.Locale(locale), Message: msg})
}

// RunReminders calls SendReminders every interval until ctx ends; errors
// are logged by the caller's logf and retried at the next tick, because
// the marks in the database make every round safe to repeat.
func (s *Service) RunReminders(ctx context.Context, store *models.Store, interval time.Duration, logf func(msg string, args ...any)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.SendReminders(ctx, store)
		if err != nil && ctx.Err() == nil {
			logf("queue reminders", "err", err)
		} else if n > 0 {
			logf("queued reminders", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// KindRescheduleRequest is the outbox kind of the note to staff that an
// applicant asks for another time.
const KindRescheduleRequest = "reschedule_request"

// queueRescheduleRequest tells the job centre's employer service (its
// contact address) that the applicant asks for another time: only staff
// can move the interview, and they must learn of it without watching the
// board. No contact address: nothing to send, the board shows the answer.
func (s *Service) queueRescheduleRequest(ctx context.Context, tx *models.Store, jobCentreID, interviewID int64) error {
	d, err := s.one(ctx, tx, jobCentreID, interviewID)
	if err != nil {
		return fmt.Errorf("invite: reschedule request: %w", err)
	}
	to := strings.TrimSpace(d.JobCentre.ContactEmail)
	if to == "" {
		return nil
	}
	loc, err := zoneOf(d.JobCentre)
	if err != nil {
		return err
	}
	iv := d.Interview
	msg, err := s.reminders.BuildRescheduleRequest(mail.RescheduleData{MessageID: s.newMessageID(), Now: s.now(), Zone: loc,
		Organizer: s.organizer(d.JobCentre), Recipient: mail.Address{Name: d.JobCentre.Name, Email: to},
		EventTitle: d.Event.Title, Employer: iv.Employer.Name,
		Applicant: strings.TrimSpace(iv.Applicant.FirstName + " " + iv.Applicant.LastName),
		Start:     iv.StartsAt, End: iv.EndsAt, Room: Room(d)}, mail.DefaultLocale)
	if err != nil {
		return fmt.Errorf("invite: reschedule request of interview %d: %w", iv.ID, err)
	}
	id := iv.ID
	return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: d.JobCentre.ID, Kind: KindRescheduleRequest, InterviewID: &id,
		Locale: mail.DefaultLocale, Message: msg})
}
