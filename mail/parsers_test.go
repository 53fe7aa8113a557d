package mail

// External parsers shared by all tests of this package: Python's stdlib
// email (MIME tree), Debian's python3-icalendar and python3-vobject, and
// Mozilla's ical.js under node. A missing parser fails the test with what
// to install; it is never skipped.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// systemPython is Debian's interpreter, where python3-icalendar and
// python3-vobject are installed (the python3 on PATH may be a pyenv one).
const systemPython = "/usr/bin/python3"

func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

func run(t testing.TB, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstderr:\n%s\ninput:\n%s", name, strings.Join(args, " "), err, stderr.String(), stdin)
	}
	return stdout.Bytes()
}

// pyMail is what testdata/parse_mail.py reports.
type pyMail struct {
	Headers struct {
		From          [][2]string `json:"from"`
		To            [][2]string `json:"to"`
		Cc            string      `json:"cc"`
		Bcc           string      `json:"bcc"`
		Subject       string      `json:"subject"`
		MessageID     string      `json:"message_id"`
		Date          string      `json:"date"`
		HeaderDefects []string    `json:"header_defects"`
	} `json:"headers"`
	Parts     []pyPart     `json:"parts"`
	Calendars []pyCalendar `json:"calendars"`
}

type pyPart struct {
	Depth        int               `json:"depth"`
	ContentType  string            `json:"content_type"`
	Params       map[string]string `json:"params"`
	CTE          string            `json:"cte"`
	Disposition  string            `json:"disposition"`
	Filename     string            `json:"filename"`
	HasContentID bool              `json:"has_content_id"`
	Defects      []string          `json:"defects"`
	Payload      string            `json:"payload"`
}

type pyCalendar struct {
	ContentType string `json:"content_type"`
	ICalendar   struct {
		Method      string   `json:"method"`
		Version     string   `json:"version"`
		Events      int      `json:"events"`
		Timezones   []string `json:"timezones"`
		Alarms      int      `json:"alarms"`
		UID         string   `json:"uid"`
		Sequence    int      `json:"sequence"`
		Status      string   `json:"status"`
		Summary     string   `json:"summary"`
		Description string   `json:"description"`
		Location    string   `json:"location"`
		Start       string   `json:"start"`
		End         string   `json:"end"`
		Stamp       string   `json:"stamp"`
		Attendee    string   `json:"attendee"`
		AttendeeCN  string   `json:"attendee_cn"`
		Organizer   string   `json:"organizer"`
		OrganizerCN string   `json:"organizer_cn"`
	} `json:"icalendar"`
	Vobject struct {
		UID      string `json:"uid"`
		Sequence int    `json:"sequence"`
		Start    string `json:"start"`
		End      string `json:"end"`
		Method   string `json:"method"`
	} `json:"vobject"`
}

// parseMailPython parses raw with Python's email package and every
// calendar part with icalendar and vobject.
func parseMailPython(t testing.TB, raw []byte) pyMail {
	t.Helper()
	if _, err := os.Stat(systemPython); err != nil {
		t.Fatalf("%s is missing: apt-get install python3 python3-icalendar python3-vobject", systemPython)
	}
	if out, err := exec.Command(systemPython, "-c", "import icalendar, vobject").CombinedOutput(); err != nil {
		t.Fatalf("icalendar or vobject missing under %s (%v: %s): apt-get install python3-icalendar python3-vobject", systemPython, err, out)
	}
	out := run(t, raw, systemPython, filepath.Join(repoRoot(t), "mail", "testdata", "parse_mail.py"))
	var m pyMail
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("parse_mail.py output: %v\n%s", err, out)
	}
	return m
}

// jsCalendar is what testdata/parse_ics.mjs reports.
type jsCalendar struct {
	Method      string   `json:"method"`
	Events      int      `json:"events"`
	Timezones   []string `json:"timezones"`
	UID         string   `json:"uid"`
	Sequence    int      `json:"sequence"`
	Status      string   `json:"status"`
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Location    string   `json:"location"`
	StartZone   string   `json:"start_zone"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	Attendee    string   `json:"attendee"`
	AttendeeCN  string   `json:"attendee_cn"`
	Organizer   string   `json:"organizer"`
}

// parseICSNode parses ics with ical.js, which converts DTSTART with the
// VTIMEZONE in the object.
func parseICSNode(t testing.TB, ics []byte) jsCalendar {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is missing: apt-get install nodejs (then npm ci in .ci/)")
	}
	root := repoRoot(t)
	module := filepath.Join(root, ".ci", "node_modules", "ical.js", "dist", "ical.js")
	if _, err := os.Stat(module); err != nil {
		t.Fatalf("ical.js is missing at %s: run npm ci in %s", module, filepath.Join(root, ".ci"))
	}
	out := run(t, ics, node, filepath.Join(root, "mail", "testdata", "parse_ics.mjs"), module)
	var c jsCalendar
	if err := json.Unmarshal(out, &c); err != nil {
		t.Fatalf("parse_ics.mjs output: %v\n%s", err, out)
	}
	return c
}

// mailExpectation is what every parser must find in an invitation mail.
type mailExpectation struct {
	MessageID string
	From, To  string // bare addresses
	Method    string // "" for a mail without calendar
	UID       string
	Sequence  int
	Start     time.Time
	End       time.Time
	Stamp     time.Time
}

func utcStamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// checkMail runs the external parsers over raw and asserts the MIME tree
// of invites.md and the calendar content, in every parser.
func checkMail(t testing.TB, raw []byte, want mailExpectation) pyMail {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("message has a bare LF line end")
	}
	m := parseMailPython(t, raw)
	h := m.Headers
	if len(h.HeaderDefects) > 0 {
		t.Errorf("header defects: %v", h.HeaderDefects)
	}
	if len(h.From) != 1 || h.From[0][1] != want.From {
		t.Errorf("From = %v, want exactly %s", h.From, want.From)
	}
	if len(h.To) != 1 || h.To[0][1] != want.To {
		t.Errorf("To = %v, want exactly one recipient %s", h.To, want.To)
	}
	if h.Cc != "" || h.Bcc != "" {
		t.Errorf("Cc/Bcc present: %q %q", h.Cc, h.Bcc)
	}
	if h.MessageID != "<"+want.MessageID+">" {
		t.Errorf("Message-ID = %q, want <%s>", h.MessageID, want.MessageID)
	}
	if strings.TrimSpace(h.Subject) == "" {
		t.Error("subject is empty")
	}
	for _, p := range m.Parts {
		if len(p.Defects) > 0 {
			t.Errorf("%s part has defects: %v", p.ContentType, p.Defects)
		}
	}

	type shape struct {
		depth int
		ctype string
	}
	var got []shape
	for _, p := range m.Parts {
		got = append(got, shape{p.Depth, p.ContentType})
	}
	wantShape := []shape{{0, "multipart/alternative"}, {1, "text/plain"}, {1, "text/html"}}
	if want.Method != "" {
		wantShape = []shape{
			{0, "multipart/mixed"},
			{1, "multipart/alternative"}, {2, "text/plain"}, {2, "text/html"}, {2, "text/calendar"},
			{1, "application/ics"},
		}
	}
	if len(got) != len(wantShape) {
		t.Fatalf("MIME tree = %v, want %v", got, wantShape)
	}
	for i := range got {
		if got[i] != wantShape[i] {
			t.Fatalf("MIME tree = %v, want %v", got, wantShape)
		}
	}
	for _, p := range m.Parts {
		switch p.ContentType {
		case "text/plain", "text/html":
			if !strings.EqualFold(p.Params["charset"], "utf-8") || p.CTE != "quoted-printable" {
				t.Errorf("%s: charset %q, encoding %q", p.ContentType, p.Params["charset"], p.CTE)
			}
		case "text/calendar":
			if p.Params["method"] != want.Method || !strings.EqualFold(p.Params["charset"], "utf-8") || p.CTE != "base64" {
				t.Errorf("text/calendar params %v, encoding %q; want method=%s charset=UTF-8 base64", p.Params, p.CTE, want.Method)
			}
			if p.Disposition != "" || p.HasContentID {
				t.Errorf("text/calendar has Content-Disposition %q or a Content-ID (%v)", p.Disposition, p.HasContentID)
			}
		case "application/ics":
			if p.Disposition != "attachment" || p.Filename != "invite.ics" || p.Params["name"] != "invite.ics" || p.CTE != "base64" {
				t.Errorf("application/ics: disposition %q filename %q params %v encoding %q", p.Disposition, p.Filename, p.Params, p.CTE)
			}
		}
	}
	if want.Method == "" {
		return m
	}

	var alt, att string
	for _, p := range m.Parts {
		switch p.ContentType {
		case "text/calendar":
			alt = p.Payload
		case "application/ics":
			att = p.Payload
		}
	}
	if alt != att {
		t.Error("the text/calendar part and invite.ics differ")
	}
	if len(m.Calendars) != 2 {
		t.Fatalf("python parsed %d calendars, want 2", len(m.Calendars))
	}
	start, end := utcStamp(want.Start), utcStamp(want.End)
	for _, c := range m.Calendars {
		ic := c.ICalendar
		if ic.Method != want.Method || ic.Version != "2.0" || ic.Events != 1 || ic.Alarms != 0 {
			t.Errorf("icalendar (%s): METHOD %q VERSION %q events %d alarms %d", c.ContentType, ic.Method, ic.Version, ic.Events, ic.Alarms)
		}
		if ic.UID != want.UID || ic.Sequence != want.Sequence {
			t.Errorf("icalendar: UID %q SEQUENCE %d, want %q %d", ic.UID, ic.Sequence, want.UID, want.Sequence)
		}
		if ic.Start != start || ic.End != end || ic.Stamp != utcStamp(want.Stamp) {
			t.Errorf("icalendar: %s–%s stamp %s, want %s–%s stamp %s", ic.Start, ic.End, ic.Stamp, start, end, utcStamp(want.Stamp))
		}
		wantStatus := "CONFIRMED"
		if want.Method == "CANCEL" {
			wantStatus = "CANCELLED"
		}
		if ic.Status != wantStatus {
			t.Errorf("icalendar: STATUS %q, want %q", ic.Status, wantStatus)
		}
		if !strings.EqualFold(ic.Attendee, "mailto:"+want.To) || !strings.EqualFold(ic.Organizer, "mailto:"+want.From) {
			t.Errorf("icalendar: ATTENDEE %q ORGANIZER %q", ic.Attendee, ic.Organizer)
		}
		vo := c.Vobject
		if vo.UID != want.UID || vo.Sequence != want.Sequence || vo.Method != want.Method || vo.Start != start || vo.End != end {
			t.Errorf("vobject: %+v, want UID %s SEQUENCE %d METHOD %s %s–%s", vo, want.UID, want.Sequence, want.Method, start, end)
		}
	}
	js := parseICSNode(t, []byte(alt))
	if js.Method != want.Method || js.Events != 1 || js.UID != want.UID || js.Sequence != want.Sequence {
		t.Errorf("ical.js: METHOD %q events %d UID %q SEQUENCE %d", js.Method, js.Events, js.UID, js.Sequence)
	}
	if js.Start != start || js.End != end {
		t.Errorf("ical.js: %s–%s (zone %q), want %s–%s", js.Start, js.End, js.StartZone, start, end)
	}
	if !strings.EqualFold(js.Attendee, "mailto:"+want.To) {
		t.Errorf("ical.js: ATTENDEE %q", js.Attendee)
	}
	ic := m.Calendars[0].ICalendar
	if js.Summary != ic.Summary || js.Description != ic.Description || js.Location != ic.Location {
		t.Errorf("ical.js and icalendar disagree on text:\n js %q | %q | %q\n py %q | %q | %q",
			js.Summary, js.Description, js.Location, ic.Summary, ic.Description, ic.Location)
	}
	return m
}
