package imapreply

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	ical "github.com/emersion/go-ical"
	"github.com/emersion/go-message"
)

// maxCalendarBytes bounds one calendar part: a REPLY is a few kilobytes.
const maxCalendarBytes = 256 << 10

// errMalformed marks input that can never be processed: the message is
// marked seen and logged, never retried.
var errMalformed = errors.New("malformed reply")

// answer is one ATTENDEE line of a REPLY.
type answer struct {
	address  string // lower-case, without mailto:
	partstat string // upper-case, e.g. ACCEPTED
}

// reply is what an iMIP REPLY says about one event. Nothing else of the
// calendar is read: in particular no DTSTART, so a Windows time zone name
// (Outlook's "W. Europe Standard Time") can never make a reply fail.
type reply struct {
	uid      string
	sequence int
	answers  []answer
}

// calendarParts returns the bodies of the message's calendar parts: the
// text/calendar alternative and .ics attachments (Gmail sends both, some
// clients only the attachment). The MIME tree is read with go-message
// inside recover, since inbound mail is untrusted.
func calendarParts(raw []byte) (parts []calendarPart, err error) {
	defer func() {
		if r := recover(); r != nil {
			parts, err = nil, fmt.Errorf("%w: mime parser panicked: %v", errMalformed, r)
		}
	}()
	msg, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) {
		return nil, fmt.Errorf("%w: read message: %v", errMalformed, err)
	}
	err = msg.Walk(func(_ []int, e *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) {
			return nil // an undecodable part cannot be a calendar we can read; look at the others
		}
		mt, params, _ := e.Header.ContentType()
		if !isCalendar(mt, e) {
			return nil
		}
		body, rerr := io.ReadAll(io.LimitReader(e.Body, maxCalendarBytes+1))
		if rerr != nil || len(body) > maxCalendarBytes {
			return nil
		}
		parts = append(parts, calendarPart{body: body, method: strings.ToUpper(params["method"])})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: walk message: %v", errMalformed, err)
	}
	return parts, nil
}

// calendarPart is one calendar body with the method= of its Content-Type.
type calendarPart struct {
	body   []byte
	method string
}

func isCalendar(mediaType string, e *message.Entity) bool {
	switch mediaType {
	case "text/calendar", "application/ics", "text/x-vcalendar":
		return true
	case "application/octet-stream":
		// Some clients label the attachment generically; the name tells.
		_, dp, _ := e.Header.ContentDisposition()
		_, cp, _ := e.Header.ContentType()
		name := strings.ToLower(dp["filename"] + cp["name"])
		return strings.HasSuffix(name, ".ics")
	}
	return false
}

// parseReply decodes one calendar part with go-ical (inside recover: the
// decoder can panic on malformed input) and returns the replies of its
// events. A calendar that is not a REPLY yields errNotReply.
func parseReply(p calendarPart) (rs []reply, err error) {
	defer func() {
		if r := recover(); r != nil {
			rs, err = nil, fmt.Errorf("%w: calendar decoder panicked: %v", errMalformed, r)
		}
	}()
	cal, err := ical.NewDecoder(bytes.NewReader(p.body)).Decode()
	if err != nil {
		return nil, fmt.Errorf("%w: decode calendar: %v", errMalformed, err)
	}
	method := p.method
	if m := cal.Props.Get(ical.PropMethod); m != nil {
		method = strings.ToUpper(strings.TrimSpace(m.Value))
	}
	if method != "REPLY" {
		return nil, fmt.Errorf("%w: method %q", errNotReply, method)
	}
	for _, ev := range cal.Events() {
		uid := ev.Props.Get(ical.PropUID)
		if uid == nil || strings.TrimSpace(uid.Value) == "" {
			return nil, fmt.Errorf("%w: event without UID", errMalformed)
		}
		r := reply{uid: strings.TrimSpace(uid.Value)}
		if s := ev.Props.Get(ical.PropSequence); s != nil {
			n, err := strconv.Atoi(strings.TrimSpace(s.Value))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: SEQUENCE %q", errMalformed, s.Value)
			}
			r.sequence = n
		}
		for _, a := range ev.Props.Values(ical.PropAttendee) {
			r.answers = append(r.answers, answer{address: mailAddress(a.Value),
				partstat: strings.ToUpper(strings.TrimSpace(a.Params.Get(ical.ParamParticipationStatus)))})
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("%w: no VEVENT", errMalformed)
	}
	return rs, nil
}

// errNotReply marks calendars that are not answers (a forwarded REQUEST,
// a COUNTER): nothing to record, the message is marked seen.
var errNotReply = errors.New("not a REPLY")

// mailAddress turns a CAL-ADDRESS ("mailto:Anna@Example.org", "MAILTO:…",
// or a bare address as some clients write it) into a lower-case address
// for case-insensitive matching.
func mailAddress(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	return strings.ToLower(strings.TrimSpace(v))
}
