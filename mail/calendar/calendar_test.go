package calendar

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v (install tzdata)", name, err)
	}
	return loc
}

// decode parses with go-ical, turning its panics on malformed input into
// test failures instead of crashing the run.
func decode(t testing.TB, data []byte) (cal *ical.Calendar) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("go-ical decoder panicked: %v\n%s", r, data)
		}
	}()
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("go-ical decode: %v\n%s", err, data)
	}
	return cal
}

func sampleInvitation(t testing.TB) Invitation {
	berlin := mustZone(t, "Europe/Berlin")
	return Invitation{
		Method:      MethodRequest,
		UID:         "0b6f4c2e-3f7a-4d35-9d0e-1c2b3a4d5e6f@treffpunkt.example",
		Sequence:    0,
		Stamp:       time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC),
		Start:       time.Date(2027, 3, 24, 9, 15, 0, 0, berlin),
		End:         time.Date(2027, 3, 24, 9, 35, 0, 0, berlin),
		Zone:        berlin,
		Summary:     "Kennenlerngespräch bei Bäckerei Schröder",
		Description: "Bitte bringen Sie Ihren Lebenslauf mit.",
		Location:    "Hauptstraße 5, 34117 Kassel, Raum 2",
		Organizer:   Person{Name: "Jobcenter Kassel", Email: "termine@treffpunkt.example"},
		Attendee:    Person{Name: "Olena Kovalenko", Email: "olena@example.org"},
	}
}

// observance is one STANDARD or DAYLIGHT onset, as read back from the
// encoded VTIMEZONE.
type onset struct {
	at time.Time
	to int
}

func parseOffset(t testing.TB, s string) int {
	t.Helper()
	var sign, h, m int
	switch s[0] {
	case '+':
		sign = 1
	case '-':
		sign = -1
	default:
		t.Fatalf("offset %q has no sign", s)
	}
	if _, err := fmt.Sscanf(s[1:5], "%02d%02d", &h, &m); err != nil {
		t.Fatalf("offset %q: %v", s, err)
	}
	return sign * (h*3600 + m*60)
}

// onsetsFromVTIMEZONE expands the RRULEs of an encoded VTIMEZONE with
// go-ical and rrule-go, independently of how Timezone derived them.
func onsetsFromVTIMEZONE(t testing.TB, data []byte, from, to time.Time) []onset {
	t.Helper()
	cal := decode(t, data)
	var tz *ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			tz = c
		}
	}
	if tz == nil {
		t.Fatalf("no VTIMEZONE in\n%s", data)
	}
	var out []onset
	for _, obs := range tz.Children {
		fromOff := parseOffset(t, obs.Props.Get(ical.PropTimezoneOffsetFrom).Value)
		toOff := parseOffset(t, obs.Props.Get(ical.PropTimezoneOffsetTo).Value)
		set, err := obs.RecurrenceSet(time.UTC)
		if err != nil {
			t.Fatalf("recurrence of %s: %v", obs.Name, err)
		}
		var locals []time.Time
		if set == nil {
			start, err := obs.Props.DateTime(ical.PropDateTimeStart, time.UTC)
			if err != nil {
				t.Fatalf("dtstart of %s: %v", obs.Name, err)
			}
			locals = []time.Time{start}
		} else {
			locals = set.Between(from.AddDate(-1, 0, 0), to.AddDate(1, 0, 0), true)
		}
		for _, wall := range locals {
			// The onset's wall clock is in the offset before the change.
			out = append(out, onset{at: wall.Add(-time.Duration(fromOff) * time.Second), to: toOff})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

func offsetFromOnsets(onsets []onset, at time.Time) (int, bool) {
	i := sort.Search(len(onsets), func(i int) bool { return onsets[i].at.After(at) })
	if i == 0 {
		return 0, false
	}
	return onsets[i-1].to, true
}

// TestTimezoneMatchesIANA checks the generated VTIMEZONE against Go's IANA
// database at every hour of every day of 2020–2040, and exactly at each
// transition, for zones with different rule shapes.
func TestTimezoneMatchesIANA(t *testing.T) {
	from := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2041, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		zone string
		year int
	}{
		{"Europe/Berlin", 2020},
		{"Europe/Berlin", 2027},
		{"Europe/Berlin", 2040},
		{"Europe/London", 2027},
		{"America/New_York", 2027},
		{"Australia/Sydney", 2027},
		{"Asia/Kolkata", 2027},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%d", tc.zone, tc.year), func(t *testing.T) {
			loc := mustZone(t, tc.zone)
			tz, err := Timezone(loc, tc.year)
			if err != nil {
				t.Fatalf("Timezone: %v", err)
			}
			cal := ical.NewCalendar()
			cal.Props.SetText(ical.PropVersion, "2.0")
			cal.Props.SetText(ical.PropProductID, ProductID)
			cal.Children = append(cal.Children, tz)
			var buf bytes.Buffer
			if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
				t.Fatalf("encode: %v", err)
			}
			onsets := onsetsFromVTIMEZONE(t, buf.Bytes(), from, to)
			checked, mismatches := 0, 0
			for at := from; at.Before(to); at = at.Add(time.Hour) {
				want := func() int { _, off := at.In(loc).Zone(); return off }()
				got, ok := offsetFromOnsets(onsets, at)
				checked++
				if !ok || got != want {
					mismatches++
					if mismatches <= 5 {
						t.Errorf("%s: VTIMEZONE offset %d (known %v), IANA %d", at.Format(time.RFC3339), got, ok, want)
					}
				}
			}
			// Just before and at each real transition, to the second.
			for y := 2020; y <= 2040; y++ {
				for _, tr := range transitions(loc, y) {
					for _, at := range []time.Time{tr.at.Add(-time.Second), tr.at} {
						_, want := at.In(loc).Zone()
						if got, _ := offsetFromOnsets(onsets, at); got != want {
							t.Errorf("transition %s: VTIMEZONE offset %d, IANA %d", at.Format(time.RFC3339), got, want)
						}
					}
				}
			}
			if mismatches > 0 {
				t.Errorf("%d of %d hours differ\n%s", mismatches, checked, buf.String())
			}
		})
	}
}

func TestTimezoneBerlinText(t *testing.T) {
	tz, err := Timezone(mustZone(t, "Europe/Berlin"), 2027)
	if err != nil {
		t.Fatal(err)
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Children = append(cal.Children, tz)
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"TZID:Europe/Berlin\r\n",
		"BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT",
		"BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("VTIMEZONE lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestTimezoneRejectsLocal(t *testing.T) {
	if _, err := Timezone(time.Local, 2027); err == nil {
		t.Fatal("Timezone(time.Local) succeeded; clients cannot resolve TZID=Local")
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name string
		line string
	}{
		{"short", "SUMMARY:Kurz"},
		{"exactly 75", "DESCRIPTION:" + strings.Repeat("x", 75-len("DESCRIPTION:"))},
		{"ascii long", "DESCRIPTION:" + strings.Repeat("abcdefghij", 40)},
		{"umlauts", "SUMMARY:" + strings.Repeat("Gespräch über Öffnungszeiten ", 10)},
		{"arabic", "SUMMARY:" + strings.Repeat("مقابلة تعارف مع صاحب العمل ", 10)},
		{"cyrillic", "LOCATION:" + strings.Repeat("Київ, вулиця Хрещатик ", 10)},
		{"emoji", "SUMMARY:" + strings.Repeat("👋🏽", 40)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			folded := Fold([]byte(tc.line + "\r\n"))
			if !bytes.HasSuffix(folded, []byte("\r\n")) {
				t.Fatalf("folded output does not end in CRLF: %q", folded)
			}
			lines := strings.Split(strings.TrimSuffix(string(folded), "\r\n"), "\r\n")
			for i, l := range lines {
				if len(l) > 75 {
					t.Errorf("line %d has %d octets", i, len(l))
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d splits a UTF-8 sequence: %q", i, l)
				}
				if i > 0 && !strings.HasPrefix(l, " ") {
					t.Errorf("continuation line %d does not start with a space", i)
				}
			}
			unfolded := strings.ReplaceAll(strings.TrimSuffix(string(folded), "\r\n"), "\r\n ", "")
			if unfolded != tc.line {
				t.Errorf("unfolding does not restore the line:\n got %q\nwant %q", unfolded, tc.line)
			}
		})
	}
}

func TestBuild(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	hostile := strings.Repeat("Lange Beschreibung mit Umlauten äöü, Arabisch مرحبا, Кирилиця; Komma, Semikolon\\ ", 70)
	tests := []struct {
		name   string
		modify func(*Invitation)
		status string
		method string
		tzid   string
	}{
		{"request", func(*Invitation) {}, "CONFIRMED", "REQUEST", "Europe/Berlin"},
		{"update in summer time", func(inv *Invitation) {
			inv.Sequence = 1
			inv.Start = time.Date(2027, 3, 31, 10, 0, 0, 0, berlin)
			inv.End = inv.Start.Add(20 * time.Minute)
		}, "CONFIRMED", "REQUEST", "Europe/Berlin"},
		{"cancel", func(inv *Invitation) { inv.Method = MethodCancel; inv.Sequence = 2 }, "CANCELLED", "CANCEL", "Europe/Berlin"},
		{"utc zone", func(inv *Invitation) { inv.Zone = nil }, "CONFIRMED", "REQUEST", ""},
		{"times in time.Local are converted", func(inv *Invitation) {
			inv.Start = inv.Start.Local()
			inv.End = inv.End.Local()
		}, "CONFIRMED", "REQUEST", "Europe/Berlin"},
		{"hostile text", func(inv *Invitation) {
			inv.Summary = "Gespräch bei Firma \"XY\" GmbH\r\nZeile 2"
			inv.Description = "Zeile 1\r\nZeile 2\rZeile 3\x00\x07" + hostile
			inv.Location = "Straße 1; Hof, Raum \"B\""
			inv.Organizer.Name = "Jobcenter \"Mitte\"\r\nBcc: x@y"
			inv.Attendee.Name = "Олена \"Лена\" Коваленко; محمد"
		}, "CONFIRMED", "REQUEST", "Europe/Berlin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := sampleInvitation(t)
			tc.modify(&inv)
			data, err := Build(inv)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			for i, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
				if len(l) > 75 || strings.ContainsAny(l, "\r\n") {
					t.Errorf("line %d is not folded or has a bare CR/LF: %q", i, l)
				}
			}
			for _, banned := range []string{"VALARM", "RRULE:FREQ=DAILY", "X-ALT-DESC", "TZID=Local", "TZID=CET"} {
				if bytes.Contains(data, []byte(banned)) {
					t.Errorf("output contains %s", banned)
				}
			}
			cal := decode(t, data)
			if got := cal.Props.Get(ical.PropMethod).Value; got != tc.method {
				t.Errorf("METHOD = %q, want %q", got, tc.method)
			}
			events := cal.Events()
			if len(events) != 1 {
				t.Fatalf("%d VEVENTs, want 1", len(events))
			}
			ev := events[0]
			if got := ev.Props.Get(ical.PropUID).Value; got != inv.UID {
				t.Errorf("UID = %q", got)
			}
			if got := ev.Props.Get(ical.PropSequence).Value; got != fmt.Sprint(inv.Sequence) {
				t.Errorf("SEQUENCE = %q, want %d", got, inv.Sequence)
			}
			if got := ev.Props.Get(ical.PropStatus).Value; got != tc.status {
				t.Errorf("STATUS = %q, want %q", got, tc.status)
			}
			if got := ev.Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID); got != tc.tzid {
				t.Errorf("DTSTART TZID = %q, want %q", got, tc.tzid)
			}
			start, err := ev.DateTimeStart(time.UTC)
			if err != nil || !start.Equal(inv.Start) {
				t.Errorf("DTSTART = %v (%v), want %v", start, err, inv.Start)
			}
			end, err := ev.DateTimeEnd(time.UTC)
			if err != nil || !end.Equal(inv.End) {
				t.Errorf("DTEND = %v (%v), want %v", end, err, inv.End)
			}
			stamp := ev.Props.Get(ical.PropDateTimeStamp).Value
			if stamp != inv.Stamp.UTC().Format("20060102T150405Z") {
				t.Errorf("DTSTAMP = %q, want UTC %s", stamp, inv.Stamp.UTC())
			}
			summary, err := ev.Props.Text(ical.PropSummary)
			if err != nil || summary != CleanText(inv.Summary) {
				t.Errorf("SUMMARY = %q (%v), want %q", summary, err, CleanText(inv.Summary))
			}
			desc, err := ev.Props.Text(ical.PropDescription)
			if err != nil || desc != CleanText(inv.Description) {
				t.Errorf("DESCRIPTION round trip differs (%v):\n got %q\nwant %q", err, desc, CleanText(inv.Description))
			}
			att := ev.Props.Get(ical.PropAttendee)
			if att.Value != "mailto:"+inv.Attendee.Email || att.Params.Get(ical.ParamRSVP) != "TRUE" ||
				att.Params.Get(ical.ParamParticipationStatus) != "NEEDS-ACTION" {
				t.Errorf("ATTENDEE = %+v", att)
			}
			if cn := att.Params.Get(ical.ParamCommonName); strings.ContainsAny(cn, "\"\r\n") {
				t.Errorf("ATTENDEE CN keeps quotes or line breaks: %q", cn)
			}
			org := ev.Props.Get(ical.PropOrganizer)
			if org.Value != "mailto:"+inv.Organizer.Email || strings.ContainsAny(org.Params.Get(ical.ParamCommonName), "\"\r\n") {
				t.Errorf("ORGANIZER = %+v", org)
			}
			if got := ev.Props.Get(ical.PropTransparency).Value; got != "OPAQUE" {
				t.Errorf("TRANSP = %q", got)
			}
		})
	}
}

func TestBuildRejects(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Invitation)
		want   string
	}{
		{"publish", func(inv *Invitation) { inv.Method = "PUBLISH" }, "method"},
		{"empty uid", func(inv *Invitation) { inv.UID = " " }, "uid"},
		{"uid with newline", func(inv *Invitation) { inv.UID = "a\r\nb" }, "uid"},
		{"negative sequence", func(inv *Invitation) { inv.Sequence = -1 }, "sequence"},
		{"no stamp", func(inv *Invitation) { inv.Stamp = time.Time{} }, "stamp"},
		{"end before start", func(inv *Invitation) { inv.End = inv.Start.Add(-time.Minute) }, "end"},
		{"local zone", func(inv *Invitation) { inv.Zone = time.Local }, "time.Local"},
		{"organizer with name", func(inv *Invitation) { inv.Organizer.Email = "Jobcenter <t@x.example>" }, "organizer"},
		{"attendee invalid", func(inv *Invitation) { inv.Attendee.Email = "not an address" }, "attendee"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := sampleInvitation(t)
			tc.modify(&inv)
			_, err := Build(inv)
			if err == nil {
				t.Fatal("Build succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	inv := sampleInvitation(b)
	for b.Loop() {
		if _, err := Build(inv); err != nil {
			b.Fatal(err)
		}
	}
}
