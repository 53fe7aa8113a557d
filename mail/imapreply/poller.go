// Package imapreply reads iMIP replies (METHOD:REPLY, RFC 6047) from the
// organizer's IMAP mailbox and records Accept and Decline like the
// confirm and decline buttons of the applicant's page, through
// (*invite.Service).RecordAnswer in one transaction per reply.
//
// Matching, per /work/shared/invites.md: the UID names the interview;
// the ATTENDEE whose mailto equals the applicant's address
// (case-insensitively) is the answer; a reply to an older SEQUENCE is
// ignored; ORGANIZER is not required (Exchange omits it); no time is
// parsed, so Windows zone names do no harm.
//
// Choices:
//   - Only the applicant's answer counts. The employer's contact is an
//     ATTENDEE of its own copy, but a Decline from a mail client cannot say
//     whether the firm cancels the interview or the contact person just
//     cannot attend; it is logged and ignored, and staff handle it.
//   - TENTATIVE (and any other PARTSTAT) is logged and ignored: "maybe"
//     is not "I need another time", and recording it would end the
//     applicant's chance to confirm later.
//   - A reply to an interview that is no longer open for an answer (or
//     already answered) changes nothing, exactly like a second button
//     press; so processing a reply twice is harmless.
//
// Every handled message is marked \Seen (and moved to ProcessedMailbox
// when one is configured), also malformed and unknown ones, so nothing
// is read twice and nothing loops. Only a database failure leaves the
// message unseen, for the next poll.
package imapreply

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
)

// Outcome is what became of one message.
type Outcome string

// Outcomes, as logged.
const (
	OutcomeRecorded  Outcome = "recorded"  // an answer was recorded
	OutcomeUnchanged Outcome = "unchanged" // already answered or no longer open
	OutcomeIgnored   Outcome = "ignored"   // a reply we do not act on (see package doc)
	OutcomeMalformed Outcome = "malformed" // unreadable, not a reply, or too large
)

// Poller reads one mailbox.
type Poller struct {
	cfg     Config
	store   *models.Store
	invites *invite.Service
	log     *slog.Logger
}

// New checks the dependencies. cfg usually comes from ParseURL.
func New(cfg Config, store *models.Store, invites *invite.Service, logger *slog.Logger) (*Poller, error) {
	switch {
	case cfg.Addr == "":
		return nil, errors.New("imapreply: new poller: no server address")
	case store == nil || invites == nil || logger == nil:
		return nil, errors.New("imapreply: new poller: store, invite service and logger are required")
	}
	return &Poller{cfg: cfg.withDefaults(), store: store, invites: invites, log: logger}, nil
}

// Run polls now and then every interval until ctx ends. Errors are
// logged, never fatal: the mail server may be away for a while.
func (p *Poller) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := p.PollOnce(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			p.log.Warn("imap replies: poll", "err", err)
		case n > 0:
			p.log.Info("imap replies: poll", "messages", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PollOnce handles the unseen messages of the mailbox (at most BatchSize)
// and returns how many it handled, i.e. marked seen.
func (p *Poller) PollOnce(ctx context.Context) (processed int, err error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	c, err := p.connect()
	if err != nil {
		return 0, fmt.Errorf("imapreply: connect to %s: %w", p.cfg.Addr, err)
	}
	// The client has no context of its own: closing the connection ends
	// any command that waits when ctx ends.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	defer c.Close()
	if err := c.Login(p.cfg.Username, p.cfg.Password).Wait(); err != nil {
		return 0, fmt.Errorf("imapreply: login as %s: %w", p.cfg.Username, err)
	}
	if _, err := c.Select(p.cfg.Mailbox, nil).Wait(); err != nil {
		return 0, fmt.Errorf("imapreply: select %s: %w", p.cfg.Mailbox, err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("imapreply: search unseen: %w", err)
	}
	uids := found.AllUIDs()
	slices.Sort(uids)
	if len(uids) > p.cfg.BatchSize {
		uids = uids[:p.cfg.BatchSize]
	}
	if len(uids) == 0 {
		return 0, p.logout(c)
	}
	handled, err := p.handleAll(ctx, c, uids)
	if len(handled) > 0 {
		if merr := p.markHandled(c, handled); merr != nil {
			return 0, errors.Join(err, merr)
		}
	}
	if err != nil {
		return len(handled), err
	}
	return len(handled), p.logout(c)
}

// handleAll fetches and handles the messages and returns those it
// handled; a message whose reply could not be stored (the database) is
// left out and its error returned.
func (p *Poller) handleAll(ctx context.Context, c *imapclient.Client, uids []imap.UID) ([]imap.UID, error) {
	sizes, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("imapreply: fetch sizes: %w", err)
	}
	var handled, small []imap.UID
	for _, m := range sizes {
		if m.RFC822Size > p.cfg.MaxMessageBytes {
			p.log.Warn("imap replies: message too large, marked seen", "uid", m.UID, "bytes", m.RFC822Size, "outcome", OutcomeMalformed)
			handled = append(handled, m.UID)
			continue
		}
		small = append(small, m.UID)
	}
	if len(small) == 0 {
		return handled, nil
	}
	section := &imap.FetchItemBodySection{Peek: true} // Peek: \Seen is set only once the reply is recorded
	msgs, err := c.Fetch(imap.UIDSetNum(small...), &imap.FetchOptions{UID: true,
		BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return handled, fmt.Errorf("imapreply: fetch messages: %w", err)
	}
	slices.SortFunc(msgs, func(a, b *imapclient.FetchMessageBuffer) int { return cmp.Compare(a.UID, b.UID) })
	var errs []error
	for _, m := range msgs {
		if ctx.Err() != nil {
			errs = append(errs, fmt.Errorf("imapreply: poll: %w", ctx.Err()))
			break
		}
		outcome, detail, err := p.HandleMessage(ctx, m.FindBodySection(section))
		if err != nil {
			// Left unseen for the next poll; the others go on, so one reply
			// that cannot be stored does not hold up the rest.
			errs = append(errs, fmt.Errorf("imapreply: message uid %d: %w", m.UID, err))
			continue
		}
		level := slog.LevelInfo
		if outcome == OutcomeMalformed || outcome == OutcomeIgnored {
			level = slog.LevelWarn
		}
		p.log.Log(ctx, level, "imap replies: message", "uid", m.UID, "outcome", outcome, "detail", detail)
		handled = append(handled, m.UID)
	}
	return handled, errors.Join(errs...)
}

// markHandled sets \Seen and, when configured, moves the messages out of
// the way. A failed move is only logged: \Seen already keeps them from
// being read again.
func (p *Poller) markHandled(c *imapclient.Client, uids []imap.UID) error {
	set := imap.UIDSetNum(uids...)
	if err := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close(); err != nil {
		return fmt.Errorf("imapreply: mark %d messages seen: %w", len(uids), err)
	}
	if p.cfg.ProcessedMailbox == "" {
		return nil
	}
	// Create fails when the mailbox exists, which is the usual case.
	_ = c.Create(p.cfg.ProcessedMailbox, nil).Wait()
	if _, err := c.Move(set, p.cfg.ProcessedMailbox).Wait(); err != nil {
		p.log.Warn("imap replies: move handled messages", "mailbox", p.cfg.ProcessedMailbox, "err", err)
	}
	return nil
}

func (p *Poller) logout(c *imapclient.Client) error {
	if err := c.Logout().Wait(); err != nil {
		return fmt.Errorf("imapreply: logout: %w", err)
	}
	return nil
}

func (p *Poller) connect() (*imapclient.Client, error) {
	opts := &imapclient.Options{TLSConfig: p.cfg.TLSConfig, Dialer: &net.Dialer{Timeout: 30 * time.Second}}
	switch p.cfg.Security {
	case SecurityTLS:
		return imapclient.DialTLS(p.cfg.Addr, opts)
	case SecurityStartTLS:
		return imapclient.DialStartTLS(p.cfg.Addr, opts)
	case SecurityNone:
		return imapclient.DialInsecure(p.cfg.Addr, opts)
	}
	return nil, fmt.Errorf("unknown security mode %d", p.cfg.Security)
}

// HandleMessage records what one raw message (RFC 5322) answers. The
// error is only for failures worth a retry (the database); everything
// about the message itself is an Outcome with a detail for the log.
func (p *Poller) HandleMessage(ctx context.Context, raw []byte) (Outcome, string, error) {
	if len(raw) == 0 {
		return OutcomeMalformed, "empty message", nil
	}
	parts, err := calendarParts(raw)
	if err != nil {
		return OutcomeMalformed, err.Error(), nil
	}
	if len(parts) == 0 {
		return OutcomeMalformed, "no calendar part", nil
	}
	// Gmail sends the same calendar twice (alternative and attachment):
	// the best outcome of all parts is the message's.
	best, detail := OutcomeMalformed, ""
	for _, part := range parts {
		rs, err := parseReply(part)
		if err != nil {
			if detail == "" {
				detail = err.Error()
			}
			continue
		}
		for _, r := range rs {
			o, d, err := p.record(ctx, r)
			if err != nil {
				return "", "", err
			}
			if rank(o) > rank(best) || detail == "" {
				best, detail = o, d
			}
		}
	}
	return best, detail, nil
}

func rank(o Outcome) int {
	return map[Outcome]int{OutcomeMalformed: 0, OutcomeIgnored: 1, OutcomeUnchanged: 2, OutcomeRecorded: 3}[o]
}

// record applies one reply in its own transaction.
func (p *Poller) record(ctx context.Context, r reply) (Outcome, string, error) {
	outcome, detail := OutcomeIgnored, ""
	err := p.store.Transaction(ctx, func(tx *models.Store) error {
		iv, err := tx.FindInterviewByUID(ctx, r.uid)
		if errors.Is(err, models.ErrNotFound) {
			detail = "unknown UID " + r.uid
			return nil
		}
		if err != nil {
			return err
		}
		if r.sequence < iv.ICalSequence {
			detail = fmt.Sprintf("interview %d: reply to SEQUENCE %d, current is %d", iv.ID, r.sequence, iv.ICalSequence)
			return nil
		}
		applicant := strings.ToLower(strings.TrimSpace(iv.Applicant.Email))
		var partstat string
		found := false
		for _, a := range r.answers {
			if applicant != "" && a.address == applicant {
				partstat, found = a.partstat, true
				break
			}
		}
		if !found {
			detail = fmt.Sprintf("interview %d: no ATTENDEE is the applicant", iv.ID)
			return nil
		}
		var ans models.InterviewAnswer
		switch partstat {
		case "ACCEPTED":
			ans = models.AnswerConfirmed
		case "DECLINED":
			ans = models.AnswerDeclined
		default:
			detail = fmt.Sprintf("interview %d: PARTSTAT %q is not acted on", iv.ID, partstat)
			return nil
		}
		applicantID, eventID := iv.ApplicantID, iv.EventID
		// The reply stands in for the personal link: the same applicant,
		// event and job centre the link would name.
		link := models.LinkToken{Kind: models.LinkApplicantPage, JobCentreID: iv.Employer.JobCentreID,
			ApplicantID: &applicantID, EventID: &eventID}
		_, err = p.invites.RecordAnswer(ctx, tx, link, iv.ID, ans)
		switch {
		case errors.Is(err, invite.ErrAnswered), errors.Is(err, models.ErrNotFound):
			outcome, detail = OutcomeUnchanged, fmt.Sprintf("interview %d: already answered or not open", iv.ID)
			return nil
		case err != nil:
			return err
		}
		outcome, detail = OutcomeRecorded, fmt.Sprintf("interview %d: %s", iv.ID, ans)
		return nil
	})
	if err != nil {
		return "", "", fmt.Errorf("record reply to %s: %w", r.uid, err)
	}
	return outcome, detail, nil
}
