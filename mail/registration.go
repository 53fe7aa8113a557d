package mail

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"treffpunkt/mail/calendar"
)

// RegistrationComposer renders the confirmation an employer gets after
// registering for an event: what was booked, a calendar entry and the
// login link. It is safe for concurrent use; build one at start-up.
type RegistrationComposer struct {
	templates
}

// NewRegistrationComposer parses the embedded templates and catalogues.
func NewRegistrationComposer() (*RegistrationComposer, error) {
	t, err := loadTemplates(templateFS, "registration")
	if err != nil {
		return nil, err
	}
	return &RegistrationComposer{t}, nil
}

// RegistrationBlock is one booked time: a venue table block at a job fair,
// a time window at the employer's site, or the hours of a group session.
type RegistrationBlock struct {
	Start, End time.Time
	Table      string // label of the venue table; empty when none
}

// RegistrationConfirmationData is what the confirmation mail says.
type RegistrationConfirmationData struct {
	Notice
	// UID identifies the calendar entry; random, never personal data, so
	// a later update (the invitation issue) can replace it.
	UID        string
	EventTitle string
	Employer   string
	// Address is where the employer takes part: the venue or their site.
	Address   string
	Blocks    []RegistrationBlock
	Vacancies []string
	Parallel  int
	LoginURL  string
	// Contact is how the job centre is reached, e.g. "ags@… · 0711 …".
	Contact string
}

type registrationView struct {
	noticeView
	Intro         string
	BlocksLabel   string
	Blocks        []string
	VacancyLabel  string
	Vacancies     []string
	Rows          []row
	LoginLabel    string
	LoginHint     string
	LoginURL      string
	CalendarHint  string
	QuestionsLine string
}

// BuildRegistrationConfirmation renders the confirmation in locale. The
// calendar part (METHOD:REQUEST) spans the employer's first day, from the
// first booked block to the last: iTIP allows one UID per message, and the
// text lists every block.
func (c *RegistrationComposer) BuildRegistrationConfirmation(d RegistrationConfirmationData, locale string) (*Message, error) {
	errs := d.validate()
	if len(d.Blocks) == 0 {
		errs = append(errs, errors.New("no blocks"))
	}
	for _, b := range d.Blocks {
		if !b.End.After(b.Start) {
			errs = append(errs, fmt.Errorf("block %v–%v ends before it starts", b.Start, b.End))
		}
	}
	if d.LoginURL == "" {
		errs = append(errs, errors.New("empty login url"))
	} else if err := checkURL(d.LoginURL); err != nil {
		errs = append(errs, err)
	}
	if d.UID == "" || strings.TrimSpace(d.EventTitle) == "" {
		errs = append(errs, errors.New("uid and event title are required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail: invalid registration confirmation %q: %w", d.MessageID, err)
	}
	lang, cat := c.catalog(locale)
	title := headerText(d.EventTitle)
	v := registrationView{noticeView: noticeView{frame: newFrame(cat, lang, d.Recipient, d.Organizer, cat.t("registration.subject", "event", title))}}
	v.Intro = cat.t("registration.intro", "event", title, "employer", headerText(d.Employer))
	v.Rows = []row{{Label: cat.t("registration.label.event"), Value: title}}
	if a := headerText(d.Address); a != "" {
		v.Rows = append(v.Rows, row{Label: cat.t("registration.label.place"), Value: a, LTR: true})
	}
	if d.Parallel > 0 {
		v.Rows = append(v.Rows, row{Label: cat.t("registration.label.parallel"), Value: fmt.Sprint(d.Parallel)})
	}
	v.BlocksLabel = cat.t("registration.label.blocks")
	blocks := slices.Clone(d.Blocks)
	slices.SortStableFunc(blocks, func(a, b RegistrationBlock) int { return a.Start.Compare(b.Start) })
	for _, b := range blocks {
		start, end := b.Start.In(d.Zone), b.End.In(d.Zone)
		line := cat.date(start) + ", " + cat.timeRange(start, end)
		if t := headerText(b.Table); t != "" {
			line += " · " + t // the label names itself ("Tisch 3")
		}
		v.Blocks = append(v.Blocks, line)
	}
	if len(d.Vacancies) > 0 {
		v.VacancyLabel = cat.t("registration.label.vacancies")
		for _, t := range d.Vacancies {
			v.Vacancies = append(v.Vacancies, headerText(t))
		}
	}
	v.LoginLabel, v.LoginURL = cat.t("registration.login.button"), d.LoginURL
	v.LoginHint = cat.t("registration.login.hint")
	v.CalendarHint = cat.t("registration.calendar_hint")
	if ct := headerText(d.Contact); ct != "" {
		v.QuestionsLine = cat.t("registration.questions", "contact", ct)
	}
	start, end := firstDaySpan(d.Blocks, d.Zone)
	ics, err := calendar.Build(calendar.Invitation{
		Method:      calendar.MethodRequest,
		UID:         d.UID,
		Stamp:       d.Now,
		Start:       start,
		End:         end,
		Zone:        d.Zone,
		Summary:     title,
		Description: strings.Join(append([]string{v.BlocksLabel + ":"}, v.Blocks...), "\n") + "\n\n" + v.LoginLabel + ": " + d.LoginURL,
		Location:    headerText(d.Address),
		Organizer:   calendar.Person{Name: d.Organizer.Name, Email: d.Organizer.Email},
		Attendee:    calendar.Person{Name: d.Recipient.Name, Email: d.Recipient.Email},
	})
	if err != nil {
		return nil, fmt.Errorf("mail: registration confirmation %s: %w", d.MessageID, err)
	}
	msg := d.message(v.Subject)
	msg.Calendar, msg.Method = ics, calendar.MethodRequest
	return c.compose(msg, v)
}

// firstDaySpan returns the earliest start and the latest end of the blocks
// on the day (in zone) of the earliest block.
func firstDaySpan(blocks []RegistrationBlock, zone *time.Location) (time.Time, time.Time) {
	start := blocks[0].Start
	for _, b := range blocks[1:] {
		if b.Start.Before(start) {
			start = b.Start
		}
	}
	y, m, dd := start.In(zone).Date()
	end := start
	for _, b := range blocks {
		by, bm, bd := b.Start.In(zone).Date()
		if by == y && bm == m && bd == dd && b.End.After(end) {
			end = b.End
		}
	}
	return start, end
}
