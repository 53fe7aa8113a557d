package mail

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// WaitlistJoinedData confirms to an employer who joined the waiting list
// from the public registration page that it is queued, and where.
type WaitlistJoinedData struct {
	Notice
	EventTitle string
	Employer   string
	// Position is the employer's place in the queue, 1 = next.
	Position int
	// Blocks are the job-fair blocks waited for; none means any place.
	Blocks [][2]time.Time
	// LoginURL is the employer area's login page, where the employer can
	// see the entry and leave the list.
	LoginURL string
}

// BuildWaitlistJoined renders the waiting-list confirmation in locale. It
// promises only what the offer flow does: a mailed link when a place frees
// up, first come first served.
func (c *EmployerComposer) BuildWaitlistJoined(d WaitlistJoinedData, locale string) (*Message, error) {
	errs := d.validate()
	if d.Position < 1 {
		errs = append(errs, errors.New("position below 1"))
	}
	if d.LoginURL == "" {
		errs = append(errs, errors.New("empty login url"))
	} else if err := checkURL(d.LoginURL); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail: invalid waiting-list confirmation %q: %w", d.MessageID, err)
	}
	lang := c.Locale(locale)
	cat := c.catalogs[lang]
	title := headerText(d.EventTitle)
	view := c.view(lang, d.Notice, cat.t("waitlistjoined.subject", "event", title))
	view.Paragraphs = []string{cat.t("waitlistjoined.place_event", "event", title, "employer", headerText(d.Employer))}
	for _, b := range d.Blocks {
		start, end := b[0].In(d.Zone), b[1].In(d.Zone)
		view.Paragraphs = append(view.Paragraphs, cat.t("waitlistjoined.block", "date", cat.date(start), "time", cat.timeRange(start, end)))
	}
	view.Paragraphs = append(view.Paragraphs,
		cat.t("waitlistjoined.position", "n", strconv.Itoa(d.Position)),
		cat.t("waitlistjoined.next"))
	view.Links = []noticeLink{{Label: cat.t("waitlistjoined.login"), URL: d.LoginURL}}
	view.After = []string{cat.t("waitlistjoined.leave")}
	return c.render(d.Notice, view)
}
