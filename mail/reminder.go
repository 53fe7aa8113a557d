package mail

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ReminderComposer renders the mails that carry no calendar object: the reminder the
// day before an interview and the employer's plan summary. A reminder
// repeats no REQUEST on purpose: a resend would only bump DTSTAMP, and
// clients that show every REQUEST as a new invitation would ask again.
// It is safe for concurrent use; build one at start-up.
type ReminderComposer struct {
	templates
}

// NewReminderComposer parses the embedded notice templates and the catalogues.
func NewReminderComposer() (*ReminderComposer, error) {
	t, err := loadTemplates(templateFS, "reminder")
	if err != nil {
		return nil, err
	}
	return &ReminderComposer{t}, nil
}

// ReminderData is one interview to remind an applicant of.
type ReminderData struct {
	MessageID  string
	Now        time.Time
	Zone       *time.Location
	Organizer  Address
	Recipient  Address
	EventTitle string
	Employer   string
	Start, End time.Time
	Address    string
	Room       string
	// Latitude and Longitude give the map link when HasCoordinates is set.
	Latitude, Longitude float64
	HasCoordinates      bool
	Note                string
	PageURL             string
}

// PlanItem is one interview in an employer's plan summary.
type PlanItem struct {
	Start, End time.Time
	// Applicant is the name as the job centre lets employers see it
	// (models.EmployerView.Show; by default "Olena K.").
	Applicant string
	Vacancy   string
	Address   string
	Room      string
	// GermanLevel, Email and Phone are shown when set; the caller passes
	// contact data only where the setting and the applicant allow it.
	GermanLevel, Email, Phone string
}

// PlanData is an employer's interview plan for one event.
type PlanData struct {
	MessageID  string
	Now        time.Time
	Zone       *time.Location
	Organizer  Address
	Recipient  Address
	EventTitle string
	Items      []PlanItem
}

type reminderItem struct {
	Heading string
	Rows    []row
}

type reminderView struct {
	frame
	Intro            string
	Rows             []row
	Items            []reminderItem
	MapLabel, MapURL string
	NoteLabel        string
	NoteLines        []string
	Hint             string
	PageLabel        string
	PageURL          string
}

// BuildReminder renders the reminder of one interview for an applicant in
// locale (unknown languages get German).
func (n *ReminderComposer) BuildReminder(d ReminderData, locale string) (*Message, error) {
	var errs []error
	if d.Zone == nil || d.Now.IsZero() {
		errs = append(errs, errors.New("zone and now are required"))
	}
	if strings.TrimSpace(d.Address) == "" || strings.TrimSpace(d.Employer) == "" {
		errs = append(errs, errors.New("address and employer are required"))
	}
	if !d.End.After(d.Start) {
		errs = append(errs, errors.New("end is not after start"))
	}
	if err := checkURL(d.PageURL); err != nil {
		errs = append(errs, fmt.Errorf("page url: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail: invalid reminder %q: %w", d.MessageID, err)
	}
	lang, cat := n.catalog(locale)
	start, end := d.Start.In(d.Zone), d.End.In(d.Zone)
	employer := headerText(d.Employer)
	summary := cat.t("summary.applicant", "employer", employer)
	view := reminderView{
		frame: newFrame(cat, lang, d.Recipient, d.Organizer,
			cat.t("reminder.subject", "summary", summary)+", "+start.Format("02.01.2006 15:04")),
		Intro: cat.t("reminder.intro", "employer", employer),
		Hint:  cat.t("reminder.hint"),
		Rows:  interviewRows(cat, d.EventTitle, start, end, d.Address, d.Room),
	}
	view.MapLabel, view.MapURL = cat.t("label.map"), MapURL(d.Address, d.Latitude, d.Longitude, d.HasCoordinates)
	view.NoteLabel, view.NoteLines = cat.t("label.note"), noteLines(d.Note)
	if d.PageURL != "" {
		view.PageLabel, view.PageURL = cat.t("label.page"), d.PageURL
	}
	return n.build(view, d.MessageID, d.Now.In(d.Zone), d.Organizer, d.Recipient)
}

// BuildPlanSummary renders an employer's plan: every interview of the
// event at a glance. The calendar entries come as separate invitations, one
// per interview, so that each can be updated or cancelled on its own.
func (n *ReminderComposer) BuildPlanSummary(d PlanData, locale string) (*Message, error) {
	if d.Zone == nil || d.Now.IsZero() || len(d.Items) == 0 {
		return nil, fmt.Errorf("mail: invalid plan summary %q: zone, now and at least one interview are required", d.MessageID)
	}
	lang, cat := n.catalog(locale)
	event := headerText(d.EventTitle)
	view := reminderView{
		frame: newFrame(cat, lang, d.Recipient, d.Organizer, cat.t("plan.subject", "event", event)),
		Intro: cat.t("plan.intro", "event", event),
		Hint:  cat.t("plan.hint"),
	}
	for _, it := range d.Items {
		start, end := it.Start.In(d.Zone), it.End.In(d.Zone)
		item := reminderItem{Heading: cat.date(start) + ", " + cat.timeRange(start, end)}
		item.Rows = append(item.Rows, row{Label: cat.t("plan.label.applicant"), Value: headerText(it.Applicant)})
		item.Rows = append(item.Rows, applicantRows(cat, it.GermanLevel, it.Email, it.Phone)...)
		if v := headerText(it.Vacancy); v != "" {
			item.Rows = append(item.Rows, row{Label: cat.t("plan.label.vacancy"), Value: v})
		}
		if a := headerText(it.Address); a != "" {
			item.Rows = append(item.Rows, row{Label: cat.t("label.place"), Value: a, LTR: true})
		}
		if r := headerText(it.Room); r != "" {
			item.Rows = append(item.Rows, row{Label: cat.t("label.room"), Value: r})
		}
		view.Items = append(view.Items, item)
	}
	return n.build(view, d.MessageID, d.Now.In(d.Zone), d.Organizer, d.Recipient)
}

// build fills the headers every mail of this composer shares.
func (n *ReminderComposer) build(view reminderView, id string, date time.Time, from, to Address) (*Message, error) {
	return n.compose(Message{MessageID: id, Date: date, From: from, To: to, Subject: view.Subject}, view)
}

// RescheduleData tells the job centre's employer service that an applicant
// asked for another time on the personal page; staff then move the
// interview, which sends the update.
type RescheduleData struct {
	MessageID  string
	Now        time.Time
	Zone       *time.Location
	Organizer  Address
	Recipient  Address
	EventTitle string
	Employer   string
	// Applicant is the full name: the mail goes to staff, who know it.
	Applicant  string
	Start, End time.Time
	Room       string
}

// BuildRescheduleRequest renders the note to staff in locale.
func (n *ReminderComposer) BuildRescheduleRequest(d RescheduleData, locale string) (*Message, error) {
	if d.Zone == nil || d.Now.IsZero() || strings.TrimSpace(d.Applicant) == "" || !d.End.After(d.Start) {
		return nil, fmt.Errorf("mail: invalid reschedule request %q: zone, now, applicant and a time range are required", d.MessageID)
	}
	lang, cat := n.catalog(locale)
	start, end := d.Start.In(d.Zone), d.End.In(d.Zone)
	applicant := headerText(d.Applicant)
	view := reminderView{
		frame: newFrame(cat, lang, d.Recipient, d.Organizer, cat.t("reschedule.subject", "applicant", applicant)),
		Intro: cat.t("reschedule.intro", "applicant", applicant),
		Hint:  cat.t("reschedule.hint"),
	}
	if t := headerText(d.EventTitle); t != "" {
		view.Rows = append(view.Rows, row{Label: cat.t("label.event"), Value: t})
	}
	view.Rows = append(view.Rows,
		row{Label: cat.t("plan.label.applicant"), Value: applicant},
		row{Label: cat.t("plan.label.employer"), Value: headerText(d.Employer)},
		row{Label: cat.t("label.date"), Value: cat.date(start)},
		row{Label: cat.t("label.time"), Value: cat.timeRange(start, end)},
	)
	if r := headerText(d.Room); r != "" {
		view.Rows = append(view.Rows, row{Label: cat.t("label.room"), Value: r})
	}
	return n.build(view, d.MessageID, d.Now.In(d.Zone), d.Organizer, d.Recipient)
}
