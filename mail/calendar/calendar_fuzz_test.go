package calendar

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"
)

// FuzzBuild builds invitations whose free text comes from employers and
// staff (company, venue, applicant names and addresses, notes): CR/LF, commas,
// semicolons, colons, backslashes, quotes and long UTF-8. Whatever the
// text, the calendar must build, parse again with go-ical to the same
// (cleaned) text, keep every line within 75 octets, and carry exactly the
// properties and parameters Build writes: text that smuggles in a line
// such as "ATTENDEE:mailto:x" must stay text.
func FuzzBuild(f *testing.F) {
	long := strings.Repeat("Schöne Grüße aus Kassel – Привіт – مرحبا 🙂 ", 40)
	seeds := [][6]string{
		{"Kennenlerngespräch", "Bitte Lebenslauf mitbringen.", "Hauptstraße 5, Kassel", "Jobcenter Kassel", "Olena Kovalenko", ""},
		{"x\r\nATTENDEE:mailto:evil@x.example", "a\nEND:VEVENT\r\nBEGIN:VEVENT", "Raum 1;2,3\\4:5", "Jobcenter \"Nord\"; Kassel", "O'Brien, Anna\r\nX-EVIL:1", "\"a;b,c:d\"@example.org"},
		{long, long, long, long, long, strings.Repeat("a", 64) + "@" + strings.Repeat("b", 60) + ".example"},
		{"\\n\\,\\;\\\\", "\x00\x01\x7f\u0085\u2028\u2029", "\t  \r", ",;:", "\r\n", "x@y\r\nATTENDEE:mailto:z@y"},
		{"", "", "", "", "", "Olena <olena@example.org>"},
		{"\xff\xfe invalid", "a\rb", strings.Repeat("ä", 38) + "x", strings.Repeat("€", 80), "\"", "ölena@exämple.org"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5])
	}
	base := sampleInvitation(f)
	f.Fuzz(func(t *testing.T, summary, description, location, organizer, attendee, email string) {
		inv := base
		inv.Summary, inv.Description, inv.Location = summary, description, location
		inv.Organizer.Name, inv.Attendee.Name = organizer, attendee
		if email != "" {
			inv.Attendee.Email = email
		}
		out, err := Build(inv)
		if err != nil {
			// Only the address may be refused: text is cleaned, never refused.
			if checkAddress(inv.Attendee.Email) == nil {
				t.Fatalf("Build refused hostile text: %v", err)
			}
			return
		}
		checkLines(t, out)
		cal := decode(t, out)
		if got := names(cal.Props); !slices.Equal(got, []string{"CALSCALE", "METHOD", "PRODID", "VERSION"}) {
			t.Fatalf("calendar properties %v", got)
		}
		var events []*ical.Component
		for _, c := range cal.Children {
			switch c.Name {
			case ical.CompEvent:
				events = append(events, c)
			case ical.CompTimezone:
			default:
				t.Fatalf("unexpected component %s", c.Name)
			}
		}
		if len(events) != 1 {
			t.Fatalf("%d VEVENTs, want 1:\n%s", len(events), out)
		}
		ev := events[0]
		want := []string{"ATTENDEE", "DTEND", "DTSTAMP", "DTSTART", "ORGANIZER", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "UID"}
		texts := map[string]string{ical.PropSummary: CleanText(summary)}
		if v := CleanText(description); v != "" {
			want, texts[ical.PropDescription] = append(want, "DESCRIPTION"), v
		}
		if v := CleanText(location); v != "" {
			want, texts[ical.PropLocation] = append(want, "LOCATION"), v
		}
		sort.Strings(want)
		if got := names(ev.Props); !slices.Equal(got, want) {
			t.Fatalf("event properties %v, want %v:\n%s", got, want, out)
		}
		for _, v := range ev.Props {
			if len(v) != 1 {
				t.Fatalf("property %s appears %d times:\n%s", v[0].Name, len(v), out)
			}
		}
		for name, wantText := range texts {
			got, err := ev.Props.Text(name)
			if err != nil || got != wantText {
				t.Fatalf("%s = %q (%v), want %q", name, got, err, wantText)
			}
		}
		checkPerson(t, ev, ical.PropOrganizer, organizer, inv.Organizer.Email, nil)
		checkPerson(t, ev, ical.PropAttendee, attendee, inv.Attendee.Email,
			[]string{ical.ParamCalendarUserType, ical.ParamParticipationStatus, ical.ParamRSVP, ical.ParamRole})
	})
}

// checkLines: CRLF everywhere, no bare CR or LF, at most 75 octets a line,
// and valid UTF-8 (Fold must not cut a character in two).
func checkLines(t *testing.T, out []byte) {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Fatalf("output does not end in CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(out, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 {
			t.Fatalf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d holds a bare CR or LF: %q", i+1, line)
		}
		if !utf8.Valid(line) {
			t.Fatalf("line %d is not valid UTF-8: %q", i+1, line)
		}
	}
}

// checkPerson compares ORGANIZER or ATTENDEE with what went in: the
// address, the cleaned name as CN, and no parameter besides CN and extra.
func checkPerson(t *testing.T, ev *ical.Component, prop, name, email string, extra []string) {
	t.Helper()
	p := ev.Props.Get(prop)
	if p.Value != "mailto:"+email {
		t.Fatalf("%s value %q, want mailto:%s", prop, p.Value, email)
	}
	want := slices.Clone(extra)
	if cn := CleanParam(name); cn != "" {
		want = append(want, ical.ParamCommonName)
		if got := p.Params.Get(ical.ParamCommonName); got != cn {
			t.Fatalf("%s CN = %q, want %q", prop, got, cn)
		}
	}
	sort.Strings(want)
	var got []string
	for k, vs := range p.Params {
		if len(vs) != 1 {
			t.Fatalf("%s parameter %s has %d values %q", prop, k, len(vs), vs)
		}
		got = append(got, k)
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Fatalf("%s parameters %v, want %v", prop, got, want)
	}
}

func names(props ical.Props) []string {
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
