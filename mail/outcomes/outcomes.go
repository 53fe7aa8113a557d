// Package outcomes asks employers after an event what came of their
// interviews: one mail per contact person and event day, with a one-click
// link per interview to the outcome page (GET /o/:token in handlers).
package outcomes

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
)

const (
	// Delay is how long after the end of the event day the request goes
	// out: late enough that every interview of the day is over and the
	// employer had a moment to think, early enough that they remember.
	Delay = 2 * time.Hour
	// LinkValidity is how long the outcome links work; decisions about an
	// apprenticeship often take weeks.
	LinkValidity = 60 * 24 * time.Hour
	// MaxAge keeps the first run after an upgrade from mailing about
	// interviews long past: older ones are never asked about.
	MaxAge = 30 * 24 * time.Hour
	// Kind is the outbox kind of the request.
	Kind = "outcome_request"
	// FollowUpKind is the outbox kind of the follow-up request.
	FollowUpKind = "outcome_followup"
	// DefaultFollowUpAfter is how long after the event the follow-up goes
	// out (TREFFPUNKT_FOLLOWUP_WEEKS): an internship or trial work of a few
	// weeks is over by then, and an EQ or apprenticeship is decided.
	DefaultFollowUpAfter = 8 * 7 * 24 * time.Hour
	// batch bounds one round; the rest follows in the next.
	batch = 500
)

// HashToken is what the database stores of an outcome link token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// URL is the outcome page of a token.
func URL(baseURL, token string) string {
	return strings.TrimRight(baseURL, "/") + "/o/" + token
}

type groupKey struct {
	jobCentre, contact, event int64
	day                       string
}

// SendOutcomeRequests queues the outcome requests that are due: for every
// interview that took place (invited, confirmed or attended) and whose
// event day ended at least Delay ago, one mail per employer contact and
// event day lists its interviews, each with its own outcome link. Each
// mail is queued in one transaction with the marks of its interviews, so a
// second round or instance never queues it again. It returns how many
// mails it queued.
func SendOutcomeRequests(ctx context.Context, store *models.Store, composer *mail.OutcomeComposer, now func() time.Time, baseURL string, from mail.Address) (int, error) {
	at := now()
	due, err := store.DueOutcomeRequests(ctx, at.Add(-MaxAge), at.Add(-Delay), batch)
	if err != nil {
		return 0, fmt.Errorf("outcomes: %w", err)
	}
	byJC := map[int64][]int64{}
	var jcs []int64
	for _, d := range due {
		if _, ok := byJC[d.JobCentreID]; !ok {
			jcs = append(jcs, d.JobCentreID)
		}
		byJC[d.JobCentreID] = append(byJC[d.JobCentreID], d.InterviewID)
	}
	var order []groupKey
	groups := map[groupKey][]models.InterviewDetails{}
	for _, jc := range jcs {
		ds, err := store.LoadInterviewDetails(ctx, jc, byJC[jc])
		if err != nil {
			return 0, fmt.Errorf("outcomes: %w", err)
		}
		for _, d := range ds {
			loc, err := d.JobCentre.Location()
			if err != nil {
				return 0, fmt.Errorf("outcomes: zone of job centre %d: %w", jc, err)
			}
			end := dayEnd(d)
			if end.Add(Delay).After(at) {
				continue // the day is not over yet: one mail for the whole day
			}
			k := groupKey{jc, d.Contact.ID, d.Interview.EventID, end.In(loc).Format(time.DateOnly)}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], d)
		}
	}
	queued, err := queueEach(ctx, store, len(order), func(tx *models.Store, i int) (bool, error) {
		return queue(ctx, tx, composer, at, baseURL, from, groups[order[i]], nil)
	})
	if err != nil {
		return queued, fmt.Errorf("outcomes: %w", err)
	}
	return queued, nil
}

// queueEach queues the mail of each of n groups in a transaction of its
// own, so one failing group does not hold back the others, and counts the
// mails queued. A conflict is not an error: another instance queued the
// mail, or an interview or outcome changed meanwhile.
func queueEach(ctx context.Context, store *models.Store, n int, queueOne func(tx *models.Store, i int) (bool, error)) (int, error) {
	queued := 0
	var errs []error
	for i := range n {
		sent := false
		err := store.Transaction(ctx, func(tx *models.Store) error {
			var err error
			sent, err = queueOne(tx, i)
			return err
		})
		switch {
		case err == nil:
			if sent {
				queued++
			}
		case errors.Is(err, models.ErrConflict):
		default:
			errs = append(errs, err)
		}
	}
	return queued, errors.Join(errs...)
}

// dayEnd is the end of the event day the interview belongs to, or the
// interview's own end when no day holds it.
func dayEnd(d models.InterviewDetails) time.Time {
	iv := d.Interview
	for _, day := range d.Event.Days {
		if !iv.StartsAt.Before(day.StartsAt) && iv.StartsAt.Before(day.EndsAt) {
			if day.EndsAt.After(iv.EndsAt) {
				return day.EndsAt
			}
			return iv.EndsAt
		}
	}
	return iv.EndsAt
}

// queue marks the group's interviews and queues its mail; a contact
// without an address is marked without a mail, staff record those.
// current is nil for the first request; for a follow-up it holds the
// outcomes recorded so far, and the follow-up mark is set instead.
func queue(ctx context.Context, tx *models.Store, composer *mail.OutcomeComposer, at time.Time, baseURL string, from mail.Address, ds []models.InterviewDetails, current map[int64]models.Outcome) (bool, error) {
	followUp := current != nil
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.Interview.ID
	}
	mark, kind := tx.MarkOutcomeRequestQueued, Kind
	if followUp {
		mark, kind = tx.MarkFollowUpQueued, FollowUpKind
	}
	if err := mark(ctx, ids, at); err != nil {
		return false, fmt.Errorf("outcomes: %w", err)
	}
	first := ds[0]
	contact := first.Contact
	email := strings.TrimSpace(contact.Email)
	if email == "" {
		return false, nil
	}
	loc, err := first.JobCentre.Location()
	if err != nil {
		return false, fmt.Errorf("outcomes: zone of job centre %d: %w", first.JobCentre.ID, err)
	}
	organizer := from
	if first.JobCentre.Name != "" {
		organizer.Name = first.JobCentre.Name
	}
	msgID, err := messageID(from.Email)
	if err != nil {
		return false, err
	}
	data := mail.OutcomeRequestData{
		Notice: mail.Notice{MessageID: msgID, Now: at, Zone: loc, Organizer: organizer,
			Recipient: mail.Address{Name: contact.Name, Email: email}},
		EventTitle:   first.Event.Title,
		ValidityDays: int(LinkValidity / (24 * time.Hour)),
		FollowUp:     followUp,
	}
	for _, d := range ds {
		iv := d.Interview
		token, err := newToken()
		if err != nil {
			return false, err
		}
		interviewID, eventID, contactID := iv.ID, iv.EventID, contact.ID
		lt := models.LinkToken{Kind: models.LinkOutcome, TokenHash: HashToken(token), JobCentreID: first.JobCentre.ID,
			EmployerContactID: &contactID, InterviewID: &interviewID, EventID: &eventID, ExpiresAt: at.Add(LinkValidity).UTC()}
		if err := tx.CreateLinkToken(ctx, &lt); err != nil {
			return false, fmt.Errorf("outcomes: %w", err)
		}
		data.Items = append(data.Items, mail.OutcomeRequestItem{Start: iv.StartsAt, End: iv.EndsAt,
			Applicant: d.JobCentre.EmployerMaySee.Show(iv.Applicant).Name, Vacancy: iv.Vacancy.Title,
			URL: URL(baseURL, token), Current: string(current[iv.ID].Kind)})
	}
	locale := string(contact.Locale)
	msg, err := composer.BuildOutcomeRequest(data, locale)
	if err != nil {
		return false, fmt.Errorf("outcomes: request of event %d: %w", first.Event.ID, err)
	}
	if err := outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: first.JobCentre.ID, Kind: kind,
		Locale: composer.Locale(locale), Message: msg}); err != nil {
		return false, fmt.Errorf("outcomes: request of event %d: %w", first.Event.ID, err)
	}
	return true, nil
}

// SendFollowUps queues the follow-up requests that are due: for every
// interview whose outcome is still open (models.FollowUpKinds) and whose
// event ended at least after ago, one mail per employer contact and event
// lists those interviews with the outcome given so far and fresh one-click
// links; the answer is recorded on the same page as a later outcome, with
// history. Each interview gets one follow-up at most: the mail is queued in
// one transaction with the interviews' marks. It returns how many mails it
// queued.
func SendFollowUps(ctx context.Context, store *models.Store, composer *mail.OutcomeComposer, now func() time.Time, baseURL string, from mail.Address, after time.Duration) (int, error) {
	if after <= 0 {
		after = DefaultFollowUpAfter
	}
	at := now()
	due, err := store.DueFollowUps(ctx, at.Add(-after-MaxAge), at.Add(-after), batch)
	if err != nil {
		return 0, fmt.Errorf("outcomes: follow-ups: %w", err)
	}
	byJC := map[int64][]int64{}
	var jcs []int64
	for _, d := range due {
		if _, ok := byJC[d.JobCentreID]; !ok {
			jcs = append(jcs, d.JobCentreID)
		}
		byJC[d.JobCentreID] = append(byJC[d.JobCentreID], d.InterviewID)
	}
	type group struct {
		ds      []models.InterviewDetails
		current map[int64]models.Outcome
	}
	var order []groupKey
	groups := map[groupKey]*group{}
	for _, jc := range jcs {
		ds, err := store.LoadInterviewDetails(ctx, jc, byJC[jc])
		if err != nil {
			return 0, fmt.Errorf("outcomes: follow-ups: %w", err)
		}
		current, err := store.OutcomesOf(ctx, jc, byJC[jc])
		if err != nil {
			return 0, fmt.Errorf("outcomes: follow-ups: %w", err)
		}
		for _, d := range ds {
			if eventEnd(d).Add(after).After(at) {
				continue // a later day of the event is not far enough back: one mail per event
			}
			k := groupKey{jc, d.Contact.ID, d.Interview.EventID, ""}
			g, ok := groups[k]
			if !ok {
				g = &group{current: map[int64]models.Outcome{}}
				groups[k] = g
				order = append(order, k)
			}
			g.ds = append(g.ds, d)
			g.current[d.Interview.ID] = current[d.Interview.ID]
		}
	}
	queued, err := queueEach(ctx, store, len(order), func(tx *models.Store, i int) (bool, error) {
		g := groups[order[i]]
		return queue(ctx, tx, composer, at, baseURL, from, g.ds, g.current)
	})
	if err != nil {
		return queued, fmt.Errorf("outcomes: follow-ups: %w", err)
	}
	return queued, nil
}

// eventEnd is the end of the event's last day, or the interview's own end
// when the event has no days or the interview lies after them.
func eventEnd(d models.InterviewDetails) time.Time {
	end := d.Interview.EndsAt
	for _, day := range d.Event.Days {
		if day.EndsAt.After(end) {
			end = day.EndsAt
		}
	}
	return end
}

func newToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("outcomes: random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func messageID(from string) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("outcomes: message id: %w", err)
	}
	domain := "treffpunkt.localhost"
	if i := strings.LastIndex(from, "@"); i >= 0 && i < len(from)-1 {
		domain = from[i+1:]
	}
	return hex.EncodeToString(b[:]) + "@" + domain, nil
}

// Run calls SendOutcomeRequests and SendFollowUps every interval until
// ctx ends; errors go to logf and are retried at the next tick, because
// the marks in the database make every round safe to repeat.
func Run(ctx context.Context, store *models.Store, composer *mail.OutcomeComposer, now func() time.Time, baseURL string, from mail.Address, interval, followUpAfter time.Duration, logf func(msg string, args ...any)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := SendOutcomeRequests(ctx, store, composer, now, baseURL, from)
		if err != nil && ctx.Err() == nil {
			logf("queue outcome requests", "err", err)
		} else if n > 0 {
			logf("queued outcome requests", "count", n)
		}
		n, err = SendFollowUps(ctx, store, composer, now, baseURL, from, followUpAfter)
		if err != nil && ctx.Err() == nil {
			logf("queue outcome follow-ups", "err", err)
		} else if n > 0 {
			logf("queued outcome follow-ups", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
