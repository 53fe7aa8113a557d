// Package calendar builds iTIP calendar objects (RFC 5546) for interview
// invitations: one VEVENT, a VTIMEZONE for the zone in use, folded lines
// with CRLF ends, so that Outlook, Gmail, Apple Calendar and Thunderbird
// all add, update and remove the entry.
package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"
)

// ProductID identifies Treffpunkt as the producer of every calendar object.
const ProductID = "-//Treffpunkt//Treffpunkt Einladungen//DE"

// Method is the iTIP method. The same value is written to the VCALENDAR
// METHOD property and to the Content-Type method parameter of the mail
// part: Outlook rejects the message when the two differ.
type Method string

const (
	// MethodRequest invites, and with a higher SEQUENCE updates, an event.
	MethodRequest Method = "REQUEST"
	// MethodCancel removes the event from the attendee's calendar.
	MethodCancel Method = "CANCEL"
)

// ContentType returns the MIME type of the calendar part without charset,
// e.g. "text/calendar; method=REQUEST".
func (m Method) ContentType() string {
	return "text/calendar; method=" + string(m)
}

// Valid reports whether m is a method Treffpunkt sends. PUBLISH is
// deliberately absent: a published event can never be updated.
func (m Method) Valid() bool {
	return m == MethodRequest || m == MethodCancel
}

// Person is an organizer or attendee: a display name and a bare address.
type Person struct {
	Name  string
	Email string
}

// Invitation is everything one iTIP message needs. STATUS is derived from
// Method (CONFIRMED for REQUEST, CANCELLED for CANCEL) so that a
// cancellation can never be sent as a REQUEST that removes nothing.
type Invitation struct {
	Method   Method
	UID      string
	Sequence int
	// Stamp is DTSTAMP: when this copy was generated (the caller's clock).
	Stamp      time.Time
	Start, End time.Time
	// Zone is the zone DTSTART/DTEND are written in, with a matching
	// VTIMEZONE. Nil or UTC writes UTC instants without a VTIMEZONE.
	Zone        *time.Location
	Summary     string
	Description string
	Location    string
	Organizer   Person
	Attendee    Person
}

// Build returns the calendar object as CRLF-terminated, folded iCalendar
// text.
func Build(inv Invitation) ([]byte, error) {
	if err := inv.validate(); err != nil {
		return nil, err
	}
	zone := inv.Zone
	if zone == nil {
		zone = time.UTC
	}

	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, string(inv.Method))

	if zone != time.UTC {
		tz, err := Timezone(zone, inv.Start.In(zone).Year())
		if err != nil {
			return nil, fmt.Errorf("calendar: build %s: %w", inv.UID, err)
		}
		cal.Children = append(cal.Children, tz)
	}

	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, inv.UID)
	ev.Props.SetDateTime(ical.PropDateTimeStamp, inv.Stamp.UTC())
	setRaw(ev.Component, ical.PropSequence, strconv.Itoa(inv.Sequence))
	ev.Props.SetDateTime(ical.PropDateTimeStart, inTZ(inv.Start, zone))
	ev.Props.SetDateTime(ical.PropDateTimeEnd, inTZ(inv.End, zone))
	ev.Props.SetText(ical.PropSummary, CleanText(inv.Summary))
	if loc := CleanText(inv.Location); loc != "" {
		ev.Props.SetText(ical.PropLocation, loc)
	}
	if desc := CleanText(inv.Description); desc != "" {
		ev.Props.SetText(ical.PropDescription, desc)
	}
	status := ical.EventConfirmed
	if inv.Method == MethodCancel {
		status = ical.EventCancelled
	}
	ev.SetStatus(status)
	setRaw(ev.Component, ical.PropTransparency, "OPAQUE")

	org := ical.NewProp(ical.PropOrganizer)
	if cn := CleanParam(inv.Organizer.Name); cn != "" {
		org.Params.Set(ical.ParamCommonName, cn)
	}
	org.Value = "mailto:" + inv.Organizer.Email
	ev.Props.Set(org)

	att := ical.NewProp(ical.PropAttendee)
	if cn := CleanParam(inv.Attendee.Name); cn != "" {
		att.Params.Set(ical.ParamCommonName, cn)
	}
	att.Params.Set(ical.ParamCalendarUserType, "INDIVIDUAL")
	att.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
	att.Params.Set(ical.ParamParticipationStatus, "NEEDS-ACTION")
	att.Params.Set(ical.ParamRSVP, "TRUE")
	att.Value = "mailto:" + inv.Attendee.Email
	ev.Props.Set(att)

	cal.Children = append(cal.Children, ev.Component)

	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar: encode %s: %w", inv.UID, err)
	}
	return Fold(buf.Bytes()), nil
}

func (inv Invitation) validate() error {
	var errs []error
	if !inv.Method.Valid() {
		errs = append(errs, fmt.Errorf("method %q is not REQUEST or CANCEL", inv.Method))
	}
	if strings.TrimSpace(inv.UID) == "" || strings.ContainsFunc(inv.UID, unicode.IsControl) {
		errs = append(errs, errors.New("uid is empty or contains control characters"))
	}
	if inv.Sequence < 0 {
		errs = append(errs, fmt.Errorf("sequence %d is negative", inv.Sequence))
	}
	if inv.Stamp.IsZero() {
		errs = append(errs, errors.New("stamp is zero"))
	}
	if inv.Start.IsZero() || !inv.End.After(inv.Start) {
		errs = append(errs, fmt.Errorf("end %s is not after start %s", inv.End, inv.Start))
	}
	if inv.Zone != nil && (inv.Zone == time.Local || inv.Zone.String() == "Local") {
		errs = append(errs, errors.New("zone is time.Local: clients cannot resolve TZID=Local, pass a named zone"))
	}
	if err := checkAddress(inv.Organizer.Email); err != nil {
		errs = append(errs, fmt.Errorf("organizer: %w", err))
	}
	if err := checkAddress(inv.Attendee.Email); err != nil {
		errs = append(errs, fmt.Errorf("attendee: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("calendar: invalid invitation %q: %w", inv.UID, err)
	}
	return nil
}

// checkAddress accepts only a bare address: a display name or angle
// brackets would end up inside the mailto: URI.
func checkAddress(addr string) error {
	a, err := mail.ParseAddress(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if a.Address != addr || a.Name != "" {
		return fmt.Errorf("address %q is not a bare address", addr)
	}
	return nil
}

// inTZ converts t to zone; go-ical writes TZID from the Location's name,
// and values from the database often arrive in time.Local.
func inTZ(t time.Time, zone *time.Location) time.Time {
	if zone == time.UTC {
		return t.UTC()
	}
	return t.In(zone)
}

// setRaw sets a property without go-ical's value-type handling, which
// would add VALUE=TEXT to non-text properties.
func setRaw(comp *ical.Component, name, value string) {
	p := ical.NewProp(name)
	p.Value = value
	comp.Props.Set(p)
}

// CleanText prepares free text (e.g. from a textarea, sent with CRLF) for
// a TEXT value: line breaks become LF, which go-ical escapes as \n, and
// other control characters are dropped because the encoder rejects them.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// CleanParam prepares a parameter value such as CN: a double quote cannot
// be written in a parameter at all (RFC 5545 has no escape for it) and
// line breaks are folded into spaces.
func CleanParam(s string) string {
	s = strings.ReplaceAll(s, `"`, "")
	s = strings.Join(strings.Fields(CleanText(s)), " ")
	return s
}

// Fold folds content lines longer than 75 octets (RFC 5545 3.1) without
// splitting a UTF-8 sequence; go-ical does not fold. Input lines must end
// in CRLF.
func Fold(in []byte) []byte {
	const limit = 75
	var out bytes.Buffer
	out.Grow(len(in) + len(in)/70*3)
	for line := range bytes.SplitSeq(in, []byte("\r\n")) {
		if len(line) == 0 {
			continue
		}
		width := limit
		for len(line) > width {
			cut := width
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			out.Write(line[:cut])
			out.WriteString("\r\n ")
			line = line[cut:]
			width = limit - 1 // the leading space counts
		}
		out.Write(line)
		out.WriteString("\r\n")
	}
	return out.Bytes()
}
