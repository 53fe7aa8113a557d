package mail

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"treffpunkt/mail/calendar"
)

// Kind says what an invitation mail does to the recipient's calendar.
type Kind int

const (
	// KindInvite is the first invitation (METHOD:REQUEST).
	KindInvite Kind = iota
	// KindUpdate replaces the entry: same UID, higher sequence
	// (METHOD:REQUEST).
	KindUpdate
	// KindCancel removes the entry: same UID, higher sequence
	// (METHOD:CANCEL).
	KindCancel
)

func (k Kind) key() string {
	switch k {
	case KindUpdate:
		return "update"
	case KindCancel:
		return "cancel"
	default:
		return "invite"
	}
}

// Method returns the iTIP method for k.
func (k Kind) Method() calendar.Method {
	if k == KindCancel {
		return calendar.MethodCancel
	}
	return calendar.MethodRequest
}

// Audience is who receives a copy of an interview invitation.
type Audience int

const (
	// AudienceApplicant is the job seeker; the copy names the employer.
	AudienceApplicant Audience = iota
	// AudienceEmployer is the employer's contact; the copy names the
	// applicant as the job centre's setting allows (ApplicantName), by
	// default by first name and last initial only (data minimisation).
	AudienceEmployer
)

// InvitationData is what the caller knows about one interview and one
// recipient. URLs are built by the caller (handlers own the routes).
type InvitationData struct {
	Kind     Kind
	Audience Audience
	// MessageID is stored with the outbox row so a retry keeps it.
	MessageID string
	// Now is the caller's clock: Date header and DTSTAMP.
	Now time.Time
	// UID and Sequence belong to the interview; see invites.md.
	UID      string
	Sequence int
	Start    time.Time
	End      time.Time
	// Zone is the event's zone (Europe/Berlin); times are shown in it.
	Zone      *time.Location
	Organizer Address
	Recipient Address
	// EventTitle is the fair or speed-dating, e.g. "Speed-Dating Pflege".
	EventTitle         string
	Employer           string
	ApplicantFirstName string
	ApplicantLastName  string
	// ApplicantName, when set, is how the employer's copy names the
	// applicant under the job centre's setting (models.EmployerView.Show);
	// empty keeps ShortName of the two names above.
	ApplicantName string
	// ApplicantGermanLevel, ApplicantEmail and ApplicantPhone appear in the
	// employer's copy only, each when set: the caller passes only what the
	// job centre lets employers see and the applicant agreed to.
	ApplicantGermanLevel, ApplicantEmail, ApplicantPhone string
	// Address is the postal address of the site; Room the room or table.
	Address string
	Room    string
	// Latitude and Longitude give the map link when HasCoordinates is
	// set; otherwise the address is searched.
	Latitude, Longitude float64
	HasCoordinates      bool
	// Note is free text from staff (a textarea), shown as is.
	Note       string
	PageURL    string
	ConfirmURL string
	DeclineURL string
}

// Composer renders localised mails from the embedded templates and
// catalogues. It is safe for concurrent use; build one at start-up.
type Composer struct {
	templates
}

// NewComposer parses the embedded templates and translation catalogues.
func NewComposer() (*Composer, error) {
	t, err := loadTemplates(templateFS, "invitation")
	if err != nil {
		return nil, err
	}
	return &Composer{t}, nil
}

type row struct {
	Label, Value string
	// LTR isolates Latin-script values (German street addresses) inside
	// right-to-left text, so house numbers and postcodes are not reordered.
	LTR bool
}

type invitationView struct {
	frame
	Intro            string
	Rows             []row
	MapLabel, MapURL string
	NoteLabel        string
	NoteLines        []string
	ConfirmHint      string
	ConfirmLabel     string
	ConfirmURL       string
	DeclineLabel     string
	DeclineURL       string
	PageLabel        string
	PageURL          string
	CalendarHint     string
}

// BuildInvitation renders the invitation, update or cancellation for one
// recipient in locale (a language tag; unknown languages get German):
// subject, text and HTML bodies and the iTIP calendar object.
func (c *Composer) BuildInvitation(d InvitationData, locale string) (*Message, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	lang, cat := c.catalog(locale)
	start, end := d.Start.In(d.Zone), d.End.In(d.Zone)

	employer := headerText(d.Employer)
	applicant := ShortName(d.ApplicantFirstName, d.ApplicantLastName)
	if n := headerText(d.ApplicantName); n != "" {
		applicant = n
	}
	summaryKey, introKey := "summary.applicant", "intro.invite.applicant"
	if d.Audience == AudienceEmployer {
		summaryKey, introKey = "summary.employer", "intro.invite.employer"
	}
	switch d.Kind {
	case KindUpdate:
		introKey = "intro.update"
	case KindCancel:
		introKey = "intro.cancel"
	}
	summary := cat.t(summaryKey, "employer", employer, "applicant", applicant)
	subject := cat.t("subject."+d.Kind.key(), "summary", summary) + ", " + start.Format("02.01.2006 15:04")

	view := invitationView{
		frame:     newFrame(cat, lang, d.Recipient, d.Organizer, subject),
		Intro:     cat.t(introKey, "employer", employer, "applicant", applicant),
		Rows:      interviewRows(cat, d.EventTitle, start, end, d.Address, d.Room),
		MapLabel:  cat.t("label.map"),
		MapURL:    MapURL(d.Address, d.Latitude, d.Longitude, d.HasCoordinates),
		NoteLabel: cat.t("label.note"),
		NoteLines: noteLines(d.Note),
	}
	if d.Audience == AudienceEmployer {
		view.Rows = append(view.Rows, applicantRows(cat, d.ApplicantGermanLevel, d.ApplicantEmail, d.ApplicantPhone)...)
	}
	if d.Kind != KindCancel {
		if d.ConfirmURL != "" {
			view.ConfirmHint = cat.t("confirm.hint")
			view.ConfirmLabel, view.ConfirmURL = cat.t("confirm.yes"), d.ConfirmURL
			view.DeclineLabel, view.DeclineURL = cat.t("confirm.no"), d.DeclineURL
		}
		view.CalendarHint = cat.t("calendar.hint")
	}
	if d.PageURL != "" {
		view.PageLabel, view.PageURL = cat.t("label.page"), d.PageURL
	}

	location := headerText(d.Address)
	if r := headerText(d.Room); r != "" {
		location += ", " + cat.t("label.room") + " " + r
	}
	var desc []string
	if note := strings.Join(view.NoteLines, "\n"); note != "" {
		desc = append(desc, note)
	}
	if d.PageURL != "" {
		desc = append(desc, view.PageLabel+": "+d.PageURL)
	}
	ics, err := calendar.Build(calendar.Invitation{
		Method:      d.Kind.Method(),
		UID:         d.UID,
		Sequence:    d.Sequence,
		Stamp:       d.Now,
		Start:       d.Start,
		End:         d.End,
		Zone:        d.Zone,
		Summary:     summary,
		Description: strings.Join(desc, "\n\n"),
		Location:    location,
		Organizer:   calendar.Person{Name: d.Organizer.Name, Email: d.Organizer.Email},
		Attendee:    calendar.Person{Name: d.Recipient.Name, Email: d.Recipient.Email},
	})
	if err != nil {
		return nil, fmt.Errorf("mail: invitation %s: %w", d.MessageID, err)
	}
	return c.compose(Message{
		MessageID: d.MessageID,
		Date:      d.Now.In(d.Zone),
		From:      d.Organizer,
		To:        d.Recipient,
		Subject:   subject,
		Calendar:  ics,
		Method:    d.Kind.Method(),
	}, view)
}

func (d InvitationData) validate() error {
	var errs []error
	if d.Kind < KindInvite || d.Kind > KindCancel {
		errs = append(errs, fmt.Errorf("unknown kind %d", d.Kind))
	}
	if d.Audience != AudienceApplicant && d.Audience != AudienceEmployer {
		errs = append(errs, fmt.Errorf("unknown audience %d", d.Audience))
	}
	if d.Zone == nil {
		errs = append(errs, errors.New("zone is nil"))
	}
	if d.Now.IsZero() {
		errs = append(errs, errors.New("now is zero"))
	}
	if strings.TrimSpace(d.Address) == "" {
		errs = append(errs, errors.New("address is empty"))
	}
	if strings.TrimSpace(d.Employer) == "" || strings.TrimSpace(d.ApplicantFirstName) == "" {
		errs = append(errs, errors.New("employer and applicant first name are required"))
	}
	for _, u := range []struct{ name, url string }{{"page", d.PageURL}, {"confirm", d.ConfirmURL}, {"decline", d.DeclineURL}} {
		if err := checkURL(u.url); err != nil {
			errs = append(errs, fmt.Errorf("%s url: %w", u.name, err))
		}
	}
	if (d.ConfirmURL == "") != (d.DeclineURL == "") {
		errs = append(errs, errors.New("confirm and decline urls come in pairs"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("mail: invalid invitation %q: %w", d.MessageID, err)
	}
	return nil
}

// checkURL accepts empty or absolute http(s) URLs: the links are clicked
// in mail clients, where a relative or javascript: URL is useless or worse.
func checkURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) url", raw)
	}
	return nil
}

// ShortName returns "Olena K.": the employer's copy names applicants by
// first name and last initial only.
func ShortName(first, last string) string {
	first = headerText(first)
	last = headerText(last)
	if last == "" {
		return first
	}
	r, _ := utf8.DecodeRuneInString(last)
	return first + " " + string(r) + "."
}

// applicantRows lists what the employer may know of the applicant beyond
// the name, skipping what is empty (not shared or not known). Contact data
// is isolated left-to-right: an address or a number inside Arabic text.
func applicantRows(cat catalog, level, email, phone string) []row {
	var rows []row
	if v := headerText(level); v != "" {
		rows = append(rows, row{Label: cat.t("label.level"), Value: v})
	}
	if v := headerText(email); v != "" {
		rows = append(rows, row{Label: cat.t("label.email"), Value: v, LTR: true})
	}
	if v := headerText(phone); v != "" {
		rows = append(rows, row{Label: cat.t("label.phone"), Value: v, LTR: true})
	}
	return rows
}

// MapURL links to OpenStreetMap: a marker at the coordinates when known,
// otherwise a search for the address.
func MapURL(address string, lat, lon float64, hasCoordinates bool) string {
	if hasCoordinates {
		la := strconv.FormatFloat(lat, 'f', 5, 64)
		lo := strconv.FormatFloat(lon, 'f', 5, 64)
		return "https://www.openstreetmap.org/?mlat=" + la + "&mlon=" + lo + "#map=17/" + la + "/" + lo
	}
	address = headerText(address)
	if address == "" {
		return ""
	}
	return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(address)
}

// noteLines splits staff text into lines, dropping control characters and
// the CR that browsers send with every textarea line.
func noteLines(note string) []string {
	note = strings.TrimSpace(normalizeBody(note))
	if note == "" {
		return nil
	}
	lines := strings.Split(note, "\n")
	for i, l := range lines {
		lines[i] = headerText(l)
	}
	return lines
}
