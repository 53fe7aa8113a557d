package mail

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"
)

// OutcomeComposer renders the outcome request an employer contact gets
// after an event day: every interview of the day with one-click outcome
// links. It carries no calendar part. It is safe for concurrent use; build
// one at start-up.
type OutcomeComposer struct {
	templates
}

// NewOutcomeComposer parses the embedded outcome templates and catalogues.
func NewOutcomeComposer() (*OutcomeComposer, error) {
	t, err := loadTemplates(templateFS, "outcome")
	if err != nil {
		return nil, err
	}
	return &OutcomeComposer{t}, nil
}

// OutcomeKinds are the outcome choices in the order the mail and the page
// offer them; they equal models.OutcomeKinds, which mail does not import.
func OutcomeKinds() []string {
	return []string{"no_interest", "internship", "trial_work", "entry_qualification",
		"apprenticeship", "hire_full_time", "hire_part_time", "pending"}
}

// OutcomeRequestItem is one interview to ask about.
type OutcomeRequestItem struct {
	Start, End time.Time
	// Applicant is the name as the job centre lets employers see it
	// (models.EmployerView.Show; by default "Olena K.").
	Applicant string
	Vacancy   string
	// URL is the interview's outcome page; each choice links to it with
	// ?kind=…, which only pre-selects (mail scanners open links).
	URL string
	// Current is the outcome recorded so far (one of OutcomeKinds), shown
	// in a follow-up so the employer sees what they are asked to update;
	// empty in the first request.
	Current string
}

// OutcomeRequestData is the outcome request of one contact and event day.
type OutcomeRequestData struct {
	Notice
	EventTitle   string
	Items        []OutcomeRequestItem
	ValidityDays int
	// FollowUp marks the second request weeks after the event, for
	// outcomes that were not final (pending, internship, trial work, EQ):
	// another subject and intro, the same one-click links.
	FollowUp bool
}

type outcomeItemView struct {
	Heading string
	Rows    []row
	URL     string
	Label   string
	Choices []noticeLink
}

type outcomeView struct {
	frame
	Intro string
	Items []outcomeItemView
	After []string
}

// BuildOutcomeRequest renders the outcome request in locale (unknown
// languages get German).
func (c *OutcomeComposer) BuildOutcomeRequest(d OutcomeRequestData, locale string) (*Message, error) {
	errs := d.validate()
	if len(d.Items) == 0 {
		errs = append(errs, errors.New("no interviews"))
	}
	for _, it := range d.Items {
		if err := checkURL(it.URL); err != nil || it.URL == "" {
			errs = append(errs, fmt.Errorf("interview url %q: %w", it.URL, errors.Join(err, errors.New("required"))))
		}
		if !it.End.After(it.Start) {
			errs = append(errs, errors.New("end is not after start"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail: invalid outcome request %q: %w", d.MessageID, err)
	}
	lang, cat := c.catalog(locale)
	event := headerText(d.EventTitle)
	subject, intro := "outcome.request.subject", "outcome.request.intro"
	if d.FollowUp {
		subject, intro = "outcome.followup.subject", "outcome.followup.intro"
	}
	view := outcomeView{
		frame: newFrame(cat, lang, d.Recipient, d.Organizer, cat.t(subject, "event", event)),
		Intro: cat.t(intro, "event", event),
	}
	for _, it := range d.Items {
		start, end := it.Start.In(d.Zone), it.End.In(d.Zone)
		iv := outcomeItemView{Heading: cat.date(start) + ", " + cat.timeRange(start, end),
			URL: it.URL, Label: cat.t("outcome.request.open")}
		iv.Rows = append(iv.Rows, row{Label: cat.t("outcome.request.applicant"), Value: headerText(it.Applicant)})
		if v := headerText(it.Vacancy); v != "" {
			iv.Rows = append(iv.Rows, row{Label: cat.t("outcome.request.vacancy"), Value: v})
		}
		if slices.Contains(OutcomeKinds(), it.Current) {
			iv.Rows = append(iv.Rows, row{Label: cat.t("outcome.followup.current"), Value: cat.t("outcome.kind." + it.Current)})
		}
		for _, k := range OutcomeKinds() {
			iv.Choices = append(iv.Choices, noticeLink{Label: cat.t("outcome.kind." + k), URL: it.URL + "?kind=" + url.QueryEscape(k)})
		}
		view.Items = append(view.Items, iv)
	}
	view.After = []string{
		cat.t("outcome.request.how"),
		cat.t("outcome.request.validity", "days", fmt.Sprint(d.ValidityDays)),
	}
	return c.compose(d.message(view.Subject), view)
}
