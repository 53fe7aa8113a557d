// Package invite is the interview's mail life cycle: publishing planned
// interviews (invitations to applicant and employer), moving, cancelling
// and reassigning them (updates and cancellations with the same UID and a
// higher SEQUENCE), the applicant's answers from the personal page, and
// the reminders the day before. Every function takes the transaction store
// of the change and queues its mails there with outbox.Enqueue, so the
// change and its mails commit together (see /work/shared/invites.md).
// It knows nothing of HTTP.
package invite

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"treffpunkt/mail"
	"treffpunkt/mail/calendar"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
)

// Outbox kinds of the mails this package queues; staff see them in the
// outbox, and the worker may treat them differently (a cancellation must be
// sent although its interview is cancelled).
const (
	KindInvitation = "invitation"
	KindUpdate     = "invitation_update"
	KindCancel     = models.MailKindInvitationCancel
	KindPlan       = "interview_plan"
	KindReminder   = "reminder"
)

// Defaults for zero Config fields.
const (
	DefaultLinkValidity = 14 * 24 * time.Hour // the personal page stays readable two weeks after the event
	DefaultReminderLead = 24 * time.Hour      // "the day before"
)

// ErrAnswered is returned by RecordAnswer when the interview has an answer
// already or is no longer open for one: a second button press changes
// nothing.
var ErrAnswered = errors.New("invite: interview already answered")

// Config is what the service needs from the configuration.
type Config struct {
	// BaseURL is the public URL for links in mails (TREFFPUNKT_BASE_URL).
	BaseURL string
	// From is TREFFPUNKT_MAIL_FROM, e.g. "Treffpunkt <termine@example.de>":
	// the ORGANIZER of every invitation, and its domain names Message-IDs
	// and UIDs.
	From string
	// LinkKey is the server secret; personal links are derived from it.
	LinkKey []byte
	// LinkValidity is how long after the event's last day a personal link
	// works.
	LinkValidity time.Duration
	// ReminderLead is how long before an interview the reminder goes out
	// (TREFFPUNKT_REMINDER_HOURS).
	ReminderLead time.Duration
}

// Service queues the mails of interview changes.
type Service struct {
	cfg         Config
	from        mail.Address
	domain      string
	invitations *mail.Composer
	reminders   *mail.ReminderComposer
	now         func() time.Time
}

// New checks cfg and returns the service.
func New(cfg Config, invitations *mail.Composer, reminders *mail.ReminderComposer, now func() time.Time) (*Service, error) {
	var errs []error
	if invitations == nil || reminders == nil || now == nil {
		errs = append(errs, errors.New("composers and clock are required"))
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base url %q is not an absolute http(s) url", cfg.BaseURL))
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		errs = append(errs, fmt.Errorf("from %q: %w", cfg.From, err))
	}
	if len(cfg.LinkKey) < 32 {
		errs = append(errs, errors.New("link key must have at least 32 bytes"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("invite: new service: %w", err)
	}
	if cfg.LinkValidity <= 0 {
		cfg.LinkValidity = DefaultLinkValidity
	}
	if cfg.ReminderLead <= 0 {
		cfg.ReminderLead = DefaultReminderLead
	}
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	return &Service{cfg: cfg, from: mail.Address{Name: from.Name, Email: from.Address}, domain: domain,
		invitations: invitations, reminders: reminders, now: now}, nil
}

// NewUID returns a new iCalendar UID for an interview: a random UUID at
// the organizer's domain, never personal data.
func (s *Service) NewUID() string { return uuid.NewString() + "@" + s.domain }

// newMessageID returns a unique Message-ID (without brackets).
func (s *Service) newMessageID() string { return uuid.NewString() + "@" + s.domain }

// NewCheckinCode returns a random check-in code for the QR code on the
// applicant's page: 12 characters of base32, no personal data.
func NewCheckinCode() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("invite: check-in code: %w", err)
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])[:12], nil
}

// linkToken derives the personal link token from the stored nonce: 256
// bits that only the server (holding LinkKey) can compute, so the raw token
// is in the mails only and the database holds its hash.
func (s *Service) linkToken(nonce string) string {
	m := hmac.New(sha256.New, s.cfg.LinkKey)
	m.Write([]byte("treffpunkt applicant page\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// HashToken is what the database stores of a personal link token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// WellFormedToken reports whether token can be a personal link token at
// all (43 base64url characters), so garbage never reaches the database.
func WellFormedToken(token string) bool {
	if len(token) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil
}

// PageURL is the applicant's personal page for a token.
func (s *Service) PageURL(token string) string { return s.cfg.BaseURL + "/a/" + token }

// answerURL opens the page at the interview with the answer preselected;
// opening it changes nothing (mail scanners follow links), the button on
// the page does.
func (s *Service) answerURL(token string, interviewID int64, answer models.InterviewAnswer) string {
	id := strconv.FormatInt(interviewID, 10)
	return s.PageURL(token) + "?interview=" + id + "&answer=" + string(answer) + "#interview-" + id
}

// Publish turns planned interviews into invited ones and queues, per
// interview, an invitation to the applicant and one to the employer's
// contact, plus one plan summary per employer contact. Interviews that are
// not planned are an ErrConflict: publishing twice sends nothing twice.
func (s *Service) Publish(ctx context.Context, tx *models.Store, jobCentreID int64, interviewIDs []int64) error {
	ds, err := tx.LoadInterviewDetails(ctx, jobCentreID, interviewIDs)
	if err != nil {
		return fmt.Errorf("invite: publish: %w", err)
	}
	links := linkCache{}
	for i := range ds {
		d := &ds[i]
		iv := &d.Interview
		if iv.Status != models.InterviewPlanned {
			return fmt.Errorf("invite: publish interview %d: status is %s: %w", iv.ID, iv.Status, models.ErrConflict)
		}
		v, err := tx.SetInterviewStatus(ctx, jobCentreID, iv.ID, iv.Version, models.InterviewInvited)
		if err != nil {
			return fmt.Errorf("invite: publish: %w", err)
		}
		iv.Version, iv.Status = v, models.InterviewInvited
		if err := s.queueBoth(ctx, tx, *d, mail.KindInvite, links); err != nil {
			return err
		}
	}
	return s.queuePlans(ctx, tx, ds)
}

// Move changes the time, table or site of an interview. A published one
// gets an update (same UID, SEQUENCE + 1) to both recipients and must be
// confirmed again; a planned one just moves. iv carries the new values and
// the version the caller read.
func (s *Service) Move(ctx context.Context, tx *models.Store, jobCentreID int64, iv models.Interview) error {
	cur, err := s.one(ctx, tx, jobCentreID, iv.ID)
	if err != nil {
		return fmt.Errorf("invite: move: %w", err)
	}
	switch cur.Interview.Status {
	case models.InterviewPlanned, models.InterviewInvited, models.InterviewConfirmed:
	default:
		return fmt.Errorf("invite: move interview %d: status is %s: %w", iv.ID, cur.Interview.Status, models.ErrConflict)
	}
	moved := cur.Interview
	moved.StartsAt, moved.EndsAt, moved.TableID, moved.SiteID, moved.Version = iv.StartsAt, iv.EndsAt, iv.TableID, iv.SiteID, iv.Version
	if err := tx.MoveInterview(ctx, jobCentreID, &moved); err != nil {
		return fmt.Errorf("invite: move: %w", err)
	}
	if cur.Interview.Status == models.InterviewPlanned {
		return nil
	}
	if err := tx.ReopenInterview(ctx, jobCentreID, &moved); err != nil {
		return fmt.Errorf("invite: move: %w", err)
	}
	d, err := s.one(ctx, tx, jobCentreID, iv.ID) // the new site and table name the new place
	if err != nil {
		return fmt.Errorf("invite: move: %w", err)
	}
	return s.queueBoth(ctx, tx, d, mail.KindUpdate, linkCache{})
}

// Cancel cancels an interview (SEQUENCE + 1) and, if it was published,
// queues METHOD:CANCEL to the applicant and the employer's contact, the
// same attendees as the invitation.
func (s *Service) Cancel(ctx context.Context, tx *models.Store, jobCentreID, interviewID int64, version int) error {
	cur, err := s.one(ctx, tx, jobCentreID, interviewID)
	if err != nil {
		return fmt.Errorf("invite: cancel: %w", err)
	}
	status := cur.Interview.Status
	if status == models.InterviewCancelled || status == models.InterviewAttended || status == models.InterviewNoShow {
		return fmt.Errorf("invite: cancel interview %d: status is %s: %w", interviewID, status, models.ErrConflict)
	}
	if _, err := tx.SetInterviewStatus(ctx, jobCentreID, interviewID, version, models.InterviewCancelled); err != nil {
		return fmt.Errorf("invite: cancel: %w", err)
	}
	// An invitation, update or reminder still in the queue must not go out
	// after (or instead of) the cancellation.
	if _, err := outbox.CancelInterviewMails(ctx, tx, interviewID); err != nil {
		return fmt.Errorf("invite: cancel: %w", err)
	}
	// A declined interview left both calendars when it was declined; a
	// planned one never reached them.
	if status != models.InterviewInvited && status != models.InterviewConfirmed {
		return nil
	}
	d, err := s.one(ctx, tx, jobCentreID, interviewID)
	if err != nil {
		return fmt.Errorf("invite: cancel: %w", err)
	}
	return s.queueBoth(ctx, tx, d, mail.KindCancel, linkCache{})
}

// Reassignment moves an applicant to another employer's vacancy.
type Reassignment struct {
	InterviewID int64
	Version     int
	// CandidateID is the applicant's shortlisted pair with the new
	// vacancy; it must be the same applicant.
	CandidateID      int64
	StartsAt, EndsAt time.Time
	TableID, SiteID  *int64
}

// Reassign cancels the old interview (CANCEL of the old UID) and creates a
// new one with a new UID; if the old one was published, the new one is
// published too (REQUEST with the new UID). It returns the new interview.
func (s *Service) Reassign(ctx context.Context, tx *models.Store, jobCentreID int64, r Reassignment) (models.Interview, error) {
	cur, err := s.one(ctx, tx, jobCentreID, r.InterviewID)
	if err != nil {
		return models.Interview{}, fmt.Errorf("invite: reassign: %w", err)
	}
	cands, err := tx.ListCandidates(ctx, jobCentreID, cur.Interview.EventID)
	if err != nil {
		return models.Interview{}, fmt.Errorf("invite: reassign: %w", err)
	}
	found := false
	for _, c := range cands {
		if c.ID == r.CandidateID {
			found = c.ApplicantID == cur.Interview.ApplicantID
			break
		}
	}
	if !found {
		return models.Interview{}, fmt.Errorf("invite: reassign interview %d: candidate %d is not a pair of the same applicant in this event: %w",
			r.InterviewID, r.CandidateID, models.ErrNotFound)
	}
	wasPublished := cur.Interview.Status == models.InterviewInvited || cur.Interview.Status == models.InterviewConfirmed
	if err := s.Cancel(ctx, tx, jobCentreID, r.InterviewID, r.Version); err != nil {
		return models.Interview{}, err
	}
	code, err := NewCheckinCode()
	if err != nil {
		return models.Interview{}, err
	}
	ivs := []models.Interview{{CandidateID: r.CandidateID, StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(),
		TableID: r.TableID, SiteID: r.SiteID, ICalUID: s.NewUID(), CheckinCode: code}}
	if err := tx.CreateInterviews(ctx, jobCentreID, cur.Interview.EventID, ivs); err != nil {
		return models.Interview{}, fmt.Errorf("invite: reassign: %w", err)
	}
	if wasPublished {
		if err := s.Publish(ctx, tx, jobCentreID, []int64{ivs[0].ID}); err != nil {
			return models.Interview{}, err
		}
	}
	iv, err := tx.GetInterview(ctx, jobCentreID, ivs[0].ID)
	if err != nil {
		return models.Interview{}, fmt.Errorf("invite: reassign: %w", err)
	}
	return iv, nil
}

// RecordAnswer records the applicant's answer from the personal page,
// once. A decline frees the slot: the interview becomes declined and both
// calendars get a CANCEL, which is how the employer learns of it. A repeat
// answer returns ErrAnswered and the interview as it is.
func (s *Service) RecordAnswer(ctx context.Context, tx *models.Store, link models.LinkToken, interviewID int64, answer models.InterviewAnswer) (models.Interview, error) {
	if !answer.Valid() {
		return models.Interview{}, fmt.Errorf("invite: answer %q: %w", answer, models.ErrNotFound)
	}
	if link.ApplicantID == nil || link.EventID == nil {
		return models.Interview{}, fmt.Errorf("invite: link %d names no applicant and event: %w", link.ID, models.ErrNotFound)
	}
	iv, err := tx.InterviewOfApplicant(ctx, link.JobCentreID, *link.ApplicantID, *link.EventID, interviewID)
	if err != nil {
		return models.Interview{}, fmt.Errorf("invite: answer: %w", err)
	}
	if iv.Answer != models.AnswerNone || iv.Status != models.InterviewInvited {
		return iv, ErrAnswered
	}
	if err := tx.AnswerInterview(ctx, link.JobCentreID, &iv, answer, s.now()); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return iv, ErrAnswered // the other of two presses won
		}
		return iv, fmt.Errorf("invite: answer: %w", err)
	}
	if answer == models.AnswerReschedule {
		if err := s.queueRescheduleRequest(ctx, tx, link.JobCentreID, interviewID); err != nil {
			return iv, err
		}
		return iv, nil
	}
	if answer != models.AnswerDeclined {
		return iv, nil
	}
	if _, err := outbox.CancelInterviewMails(ctx, tx, interviewID); err != nil {
		return iv, fmt.Errorf("invite: answer: %w", err)
	}
	d, err := s.one(ctx, tx, link.JobCentreID, interviewID)
	if err != nil {
		return iv, fmt.Errorf("invite: answer: %w", err)
	}
	if err := s.queueBoth(ctx, tx, d, mail.KindCancel, linkCache{}); err != nil {
		return iv, err
	}
	return iv, nil
}

// ResolveLink finds the personal link of a token and says whether it may be
// used now: ErrNotFound for a forged token, ErrLinkExpired after its
// expiry, ErrLinkRevoked when staff ended it.
func ResolveLink(ctx context.Context, store *models.Store, token string, now time.Time) (models.LinkToken, error) {
	if !WellFormedToken(token) {
		return models.LinkToken{}, fmt.Errorf("invite: malformed link: %w", models.ErrNotFound)
	}
	lt, err := store.FindLinkToken(ctx, models.LinkApplicantPage, HashToken(token))
	if err != nil {
		return lt, fmt.Errorf("invite: resolve link: %w", err)
	}
	if lt.ApplicantID == nil || lt.EventID == nil {
		return lt, fmt.Errorf("invite: link %d names no applicant and event: %w", lt.ID, models.ErrNotFound)
	}
	if lt.UsedAt != nil {
		return lt, ErrLinkRevoked
	}
	if !now.Before(lt.ExpiresAt) {
		return lt, ErrLinkExpired
	}
	return lt, nil
}

// Link states ResolveLink reports besides ErrNotFound.
var (
	ErrLinkExpired = errors.New("invite: link expired")
	ErrLinkRevoked = errors.New("invite: link no longer valid")
)

func (s *Service) one(ctx context.Context, tx *models.Store, jobCentreID, id int64) (models.InterviewDetails, error) {
	ds, err := tx.LoadInterviewDetails(ctx, jobCentreID, []int64{id})
	if err != nil {
		return models.InterviewDetails{}, err
	}
	return ds[0], nil
}

// CalendarFile is the .ics download of the applicant's page for one
// interview: the same UID and SEQUENCE as the mails, so importing it and
// receiving the invitation give one calendar entry, not two.
func (s *Service) CalendarFile(d models.InterviewDetails) ([]byte, error) {
	iv := d.Interview
	loc, err := zoneOf(d.JobCentre)
	if err != nil {
		return nil, err
	}
	p := Place(d)
	location := p.Address()
	if r := Room(d); r != "" {
		location += ", " + r
	}
	org := s.organizer(d.JobCentre)
	att := calendar.Person{Name: strings.TrimSpace(iv.Applicant.FirstName + " " + iv.Applicant.LastName), Email: strings.TrimSpace(iv.Applicant.Email)}
	if _, err := netmail.ParseAddress(att.Email); err != nil || att.Email == "" {
		att = calendar.Person{Name: org.Name, Email: org.Email} // no address on file: the organizer stands in
	}
	ics, err := calendar.Build(calendar.Invitation{
		Method: calendar.MethodRequest, UID: iv.ICalUID, Sequence: iv.ICalSequence, Stamp: s.now(),
		Start: iv.StartsAt, End: iv.EndsAt, Zone: loc,
		Summary:     iv.Employer.Name + " – " + d.Event.Title,
		Description: d.Event.Description, Location: location,
		Organizer: calendar.Person{Name: org.Name, Email: org.Email}, Attendee: att,
	})
	if err != nil {
		return nil, fmt.Errorf("invite: calendar file of interview %d: %w", iv.ID, err)
	}
	return ics, nil
}
