package mail

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// EmployerComposer renders the plain notices of the employer area: the
// login link and the waiting-list offer. They carry no calendar part. It is
// safe for concurrent use; build one at start-up.
type EmployerComposer struct {
	templates
}

// NewEmployerComposer parses the embedded notice templates and catalogues.
func NewEmployerComposer() (*EmployerComposer, error) {
	t, err := loadTemplates(templateFS, "employer")
	if err != nil {
		return nil, err
	}
	return &EmployerComposer{t}, nil
}

// Notice is what every employer notice needs besides its content.
type Notice struct {
	// MessageID is stored with the outbox row so a retry keeps it.
	MessageID string
	// Now is the caller's clock, for the Date header.
	Now       time.Time
	Zone      *time.Location
	Organizer Address
	Recipient Address
}

func (n Notice) validate() []error {
	var errs []error
	if n.Zone == nil {
		errs = append(errs, errors.New("zone is nil"))
	}
	if n.Now.IsZero() {
		errs = append(errs, errors.New("now is zero"))
	}
	return errs
}

// message holds the headers of a notice, the trimmed subject included.
func (n Notice) message(subject string) Message {
	return Message{
		MessageID: n.MessageID,
		Date:      n.Now.In(n.Zone),
		From:      n.Organizer,
		To:        n.Recipient,
		Subject:   strings.TrimSpace(subject),
	}
}

// LoginLink is one employer the recipient may log in for: a contact person
// of several employers (one e-mail address) gets one link per employer.
type LoginLink struct {
	Employer string
	URL      string
}

// LoginLinkData is the passwordless login mail.
type LoginLinkData struct {
	Notice
	Links        []LoginLink
	ValidMinutes int
}

// WaitlistOfferData is the mail that offers a freed place to the first
// employer on the waiting list.
type WaitlistOfferData struct {
	Notice
	EventTitle string
	Employer   string
	// BlockStart and BlockEnd name the freed block of a job fair; zero for
	// a place at the event.
	BlockStart, BlockEnd time.Time
	URL                  string
	Expires              time.Time
}

type noticeLink struct{ Label, URL string }

type noticeView struct {
	frame
	Paragraphs []string
	Links      []noticeLink
	After      []string
}

// BuildLoginLink renders the login mail in locale. The links are the only
// way in, so the mail says how long they work and what to do otherwise.
func (c *EmployerComposer) BuildLoginLink(d LoginLinkData, locale string) (*Message, error) {
	errs := d.validate()
	if len(d.Links) == 0 {
		errs = append(errs, errors.New("no links"))
	}
	for _, l := range d.Links {
		if l.URL == "" {
			errs = append(errs, errors.New("empty link url"))
		} else if err := checkURL(l.URL); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail: invalid login mail %q: %w", d.MessageID, err)
	}
	lang, cat := c.catalog(locale)
	view := c.view(lang, d.Notice, cat.t("employer.login.subject"))
	view.Paragraphs = []string{cat.t("employer.login.intro")}
	for _, l := range d.Links {
		label := cat.t("employer.login.button")
		if len(d.Links) > 1 {
			label = cat.t("employer.login.button_for", "employer", headerText(l.Employer))
		}
		view.Links = append(view.Links, noticeLink{Label: label, URL: l.URL})
	}
	view.After = []string{
		cat.t("employer.login.validity", "minutes", strconv.Itoa(d.ValidMinutes)),
		cat.t("employer.login.ignore"),
	}
	return c.render(d.Notice, view)
}

// BuildWaitlistOffer renders the offer of a freed place in locale.
func (c *EmployerComposer) BuildWaitlistOffer(d WaitlistOfferData, locale string) (*Message, error) {
	errs := d.validate()
	if d.URL == "" {
		errs = append(errs, errors.New("empty url"))
	} else if err := checkURL(d.URL); err != nil {
		errs = append(errs, err)
	}
	if d.Expires.IsZero() {
		errs = append(errs, errors.New("expiry is zero"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail: invalid waiting-list offer %q: %w", d.MessageID, err)
	}
	lang, cat := c.catalog(locale)
	title := headerText(d.EventTitle)
	view := c.view(lang, d.Notice, cat.t("employer.waitlist.subject", "event", title))
	place := cat.t("employer.waitlist.place_event", "event", title)
	if !d.BlockStart.IsZero() {
		start, end := d.BlockStart.In(d.Zone), d.BlockEnd.In(d.Zone)
		place = cat.t("employer.waitlist.place_block", "event", title,
			"date", cat.date(start), "time", cat.timeRange(start, end))
	}
	expires := d.Expires.In(d.Zone)
	view.Paragraphs = []string{place, cat.t("employer.waitlist.intro")}
	view.Links = []noticeLink{{Label: cat.t("employer.waitlist.button"), URL: d.URL}}
	view.After = []string{
		cat.t("employer.waitlist.validity", "date", cat.date(expires), "time", expires.Format("15:04")),
		cat.t("employer.waitlist.next"),
	}
	return c.render(d.Notice, view)
}

// view starts a notice in lang (a supported locale).
func (c *EmployerComposer) view(lang string, n Notice, subject string) noticeView {
	return noticeView{frame: newFrame(c.catalogs[lang], lang, n.Recipient, n.Organizer, subject)}
}

func (c *EmployerComposer) render(n Notice, view noticeView) (*Message, error) {
	return c.compose(n.message(view.Subject), view)
}
