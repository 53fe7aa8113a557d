package mail

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var placeholderRE = regexp.MustCompile(`\{[a-z]+\}`)

// TestCatalogsComplete proves every locale has every key of the German
// catalogue, no key German lacks, and the same placeholders.
func TestCatalogsComplete(t *testing.T) {
	cats, err := loadCatalogs(templateFS)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sortedLocales(cats), []string{"ar", "de", "en", "uk"}; !slices.Equal(got, want) {
		t.Fatalf("locales = %v, want %v", got, want)
	}
	de := cats[DefaultLocale]
	for _, lang := range sortedLocales(cats) {
		for key, deText := range de {
			text, ok := cats[lang][key]
			if !ok || strings.TrimSpace(text) == "" {
				t.Errorf("%s: key %q missing or empty", lang, key)
				continue
			}
			got, want := placeholderRE.FindAllString(text, -1), placeholderRE.FindAllString(deText, -1)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q has placeholders %v, German has %v", lang, key, got, want)
			}
		}
		for key := range cats[lang] {
			if _, ok := de[key]; !ok {
				t.Errorf("%s: key %q is not in the German catalogue", lang, key)
			}
		}
	}
}

func TestLocale(t *testing.T) {
	c := newTestComposer(t)
	tests := []struct{ tag, want string }{
		{"de", "de"}, {"de-DE", "de"}, {"AR", "ar"}, {"uk_UA", "uk"}, {"en-GB", "en"},
		{"fr", "de"}, {"", "de"}, {" ar ", "ar"},
	}
	for _, tc := range tests {
		if got := c.Locale(tc.tag); got != tc.want {
			t.Errorf("Locale(%q) = %q, want %q", tc.tag, got, tc.want)
		}
	}
}

// TestInvitationContent checks what the recipient reads, per locale and
// audience: subject prefix, date and time in Berlin time, address, room,
// map and links, direction, and data minimisation in the employer copy.
func TestInvitationContent(t *testing.T) {
	c := newTestComposer(t)
	tests := []struct {
		name     string
		data     func(testing.TB) InvitationData
		audience Audience
		locale   string
		subject  string
		want     []string
		notWant  []string
	}{
		{"de invite applicant", sampleData, AudienceApplicant, "de", "Einladung: Kennenlerngespräch bei Bäckerei Schröder GmbH",
			[]string{"Donnerstag, 25. März 2027", "09:15 bis 09:35 Uhr", "Friedrich-Ebert-Straße 12", "Besprechungsraum 2",
				"openstreetmap.org/?mlat=51.31432", "/confirm/17", "/decline/17", "https://treffpunkt.example/p/Xy7kQ2", `lang="de" dir="ltr"`},
			nil},
		{"de update", updatedData, AudienceApplicant, "de", "Geänderter Termin: ",
			[]string{"Montag, 29. März 2027", "10:00 bis 10:20 Uhr", "hat sich geändert"}, nil},
		{"de cancel", cancelledData, AudienceApplicant, "de", "Abgesagt: ",
			[]string{"abgesagt", "Montag, 29. März 2027"}, []string{"/confirm/17", "invite.ics)"}},
		{"en invite", sampleData, AudienceApplicant, "en", "Invitation: Short interview with Bäckerei Schröder GmbH",
			[]string{"Thursday, 25 March 2027", "09:15 to 09:35"}, nil},
		{"uk invite", sampleData, AudienceApplicant, "uk", "Запрошення: ",
			[]string{"четвер, 25 березня 2027", "з 09:15 до 09:35", `lang="uk"`}, nil},
		{"ar invite", sampleData, AudienceApplicant, "ar", "دعوة: ",
			[]string{"الخميس 25 مارس 2027", `lang="ar" dir="rtl"`, `<td style="padding: 4px 0;">من 09:15 إلى 09:35</td>`, `<bdi dir="ltr">Friedrich-Ebert-Straße 12, 34117 Kassel</bdi>`}, nil},
		{"ar cancel", cancelledData, AudienceApplicant, "ar", "تم الإلغاء: ", []string{"تم إلغاء موعدك"}, nil},
		{"employer copy", sampleData, AudienceEmployer, "de", "Einladung: Kennenlerngespräch mit Olena K.",
			[]string{"Kennenlerngespräch mit Olena K."}, []string{"Kovalenko"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.data(t)
			d.Audience = tc.audience
			if tc.audience == AudienceEmployer {
				d.Recipient = Address{Name: "Frau Schröder", Email: "personal@baeckerei-schroeder.example"}
			}
			msg, err := c.BuildInvitation(d, tc.locale)
			if err != nil {
				t.Fatalf("BuildInvitation: %v", err)
			}
			if !strings.HasPrefix(msg.Subject, tc.subject) {
				t.Errorf("subject %q does not start with %q", msg.Subject, tc.subject)
			}
			body := msg.Subject + "\n" + msg.Text + "\n" + msg.HTML + "\n" + string(msg.Calendar)
			for _, w := range tc.want {
				if !strings.Contains(msg.Text+msg.HTML, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, nw := range tc.notWant {
				if strings.Contains(body, nw) {
					t.Errorf("mail contains %q", nw)
				}
			}
			if msg.Method != d.Kind.Method() || !strings.Contains(string(msg.Calendar), "METHOD:"+string(d.Kind.Method())+"\r\n") {
				t.Errorf("method %q does not drive the calendar", msg.Method)
			}
		})
	}
}

// TestHostileInput feeds quotes, umlauts, Arabic and Cyrillic script,
// textarea line breaks, header injection attempts and 5,000-character
// text through the whole pipeline and every parser.
func TestHostileInput(t *testing.T) {
	c := newTestComposer(t)
	long := strings.Repeat("Sehr lange Notiz mit Umlauten äöüß, العربية, Кирилиця; \"Zitat\", Komma. ", 70)[:5000]
	tests := []struct {
		name   string
		modify func(*InvitationData)
		locale string
	}{
		{"quotes in company and names", func(d *InvitationData) {
			d.Employer = `Firma "XY" GmbH & Co. KG <b>`
			d.Recipient.Name = `Anna "Ann" O'Neil, Jr.`
			d.Organizer.Name = `Jobcenter "Mitte"; Team: AG-S`
		}, "de"},
		{"arabic names", func(d *InvitationData) {
			d.Recipient.Name = "محمد الأحمد"
			d.ApplicantFirstName, d.ApplicantLastName = "محمد", "الأحمد"
			d.Employer = "شركة النور للتجارة"
		}, "ar"},
		{"cyrillic names", func(d *InvitationData) {
			d.Recipient.Name = "Олена Коваленко-Шевченко"
			d.Address = "вул. Хрещатик 1, Київ"
		}, "uk"},
		{"textarea line breaks and header injection", func(d *InvitationData) {
			d.Note = "Zeile 1\r\nZeile 2\r\n\r\nBcc: victim@example.org\rZeile 4\x00\x1b"
			d.Recipient.Name = "Eve\r\nBcc: victim@example.org"
			d.Room = "Raum 1\r\nX-Evil: 1"
			d.EventTitle = "Jobmesse\nSubject: gefälscht"
		}, "de"},
		{"5000-character note and address", func(d *InvitationData) {
			d.Note = long
			d.Address = long[:400]
			d.EventTitle = long[:300]
		}, "en"},
		{"no coordinates, no links", func(d *InvitationData) {
			d.HasCoordinates = false
			d.PageURL, d.ConfirmURL, d.DeclineURL = "", "", ""
		}, "de"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := sampleData(t)
			tc.modify(&d)
			msg, err := c.BuildInvitation(d, tc.locale)
			if err != nil {
				t.Fatalf("BuildInvitation: %v", err)
			}
			raw, err := msg.Bytes()
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			for _, line := range strings.Split(string(raw), "\r\n") {
				if len(line) > 998 {
					t.Errorf("line of %d octets exceeds RFC 5322's 998", len(line))
				}
			}
			header, _, _ := strings.Cut(string(raw), "\r\n\r\n")
			for _, line := range strings.Split(header, "\r\n") {
				if strings.HasPrefix(line, "Bcc:") || strings.HasPrefix(line, "X-Evil:") || strings.HasPrefix(line, "Subject: gef") {
					t.Errorf("header injected: %q", line)
				}
			}
			m := checkMail(t, raw, expectationFor(d))
			if strings.Contains(d.Note, "Zeile 2") {
				desc := m.Calendars[0].ICalendar.Description
				if !strings.Contains(desc, "Zeile 1\nZeile 2\n") || strings.ContainsAny(desc, "\r\x00\x1b") {
					t.Errorf("DESCRIPTION does not keep the line breaks cleanly: %q", desc)
				}
			}
			if strings.Contains(d.Employer, `"XY"`) && strings.Contains(m.Parts[3].Payload, "<b>") {
				t.Error("HTML part contains the unescaped <b> from the company name")
			}
		})
	}
}

func TestBuildInvitationRejects(t *testing.T) {
	c := newTestComposer(t)
	tests := []struct {
		name   string
		modify func(*InvitationData)
		want   string
	}{
		{"no zone", func(d *InvitationData) { d.Zone = nil }, "zone"},
		{"no clock", func(d *InvitationData) { d.Now = time.Time{} }, "now"},
		{"javascript link", func(d *InvitationData) { d.ConfirmURL = "javascript:alert(1)" }, "confirm url"},
		{"relative link", func(d *InvitationData) { d.PageURL = "/p/abc" }, "page url"},
		{"confirm without decline", func(d *InvitationData) { d.DeclineURL = "" }, "pairs"},
		{"recipient with display name", func(d *InvitationData) { d.Recipient.Email = "Olena <o@example.org>" }, "attendee"},
		{"no address", func(d *InvitationData) { d.Address = " " }, "address"},
		{"bad message id", func(d *InvitationData) { d.MessageID = "<x@y>" }, "message id"},
		{"unknown kind", func(d *InvitationData) { d.Kind = 7 }, "kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := sampleData(t)
			tc.modify(&d)
			_, err := c.BuildInvitation(d, "de")
			if err == nil {
				t.Fatal("BuildInvitation succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestShortNameAndMapURL(t *testing.T) {
	names := []struct{ first, last, want string }{
		{"Olena", "Kovalenko", "Olena K."},
		{"محمد", "الأحمد", "محمد ا."},
		{"Ömer", "Özdemir", "Ömer Ö."},
		{"Anna", "", "Anna"},
	}
	for _, n := range names {
		if got := ShortName(n.first, n.last); got != n.want {
			t.Errorf("ShortName(%q, %q) = %q, want %q", n.first, n.last, got, n.want)
		}
	}
	maps := []struct {
		address  string
		lat, lon float64
		has      bool
		want     string
	}{
		{"x", 51.314321, 9.484209, true, "https://www.openstreetmap.org/?mlat=51.31432&mlon=9.48421#map=17/51.31432/9.48421"},
		{"Hauptstraße 5, 34117 Kassel", 0, 0, false, "https://www.openstreetmap.org/search?query=Hauptstra%C3%9Fe+5%2C+34117+Kassel"},
		{"", 0, 0, false, ""},
	}
	for _, m := range maps {
		if got := MapURL(m.address, m.lat, m.lon, m.has); got != m.want {
			t.Errorf("MapURL(%q) = %q, want %q", m.address, got, m.want)
		}
	}
}

// TestMessageWithoutCalendar covers notices such as a login link: text
// and HTML only.
func TestMessageWithoutCalendar(t *testing.T) {
	msg := &Message{
		MessageID: "login-42@treffpunkt.example",
		Date:      fixedNow,
		From:      Address{Name: "Treffpunkt", Email: "termine@treffpunkt.example"},
		To:        Address{Name: "Bäckerei Schröder", Email: "personal@baeckerei-schroeder.example"},
		Subject:   "Ihr Anmeldelink",
		Text:      "Guten Tag,\r\nhier ist Ihr Link: https://treffpunkt.example/login/abc\r\n",
		HTML:      `<p>Guten Tag,</p><p><a href="https://treffpunkt.example/login/abc">Anmelden</a></p>`,
	}
	raw, err := msg.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	m := checkMail(t, raw, mailExpectation{MessageID: msg.MessageID, From: msg.From.Email, To: msg.To.Email})
	if !strings.Contains(m.Parts[1].Payload, "https://treffpunkt.example/login/abc") {
		t.Error("text part lost the link")
	}
}

func TestMessageValidate(t *testing.T) {
	base := func() *Message {
		return &Message{
			MessageID: "m@treffpunkt.example", Date: fixedNow,
			From: Address{Email: "termine@treffpunkt.example"}, To: Address{Email: "a@example.org"},
			Subject: "s", Text: "t", HTML: "<p>h</p>",
		}
	}
	tests := []struct {
		name   string
		modify func(*Message)
		want   string
	}{
		{"ok", func(*Message) {}, ""},
		{"two recipients", func(m *Message) { m.To.Email = "a@example.org, b@example.org" }, "to:"},
		{"no date", func(m *Message) { m.Date = time.Time{} }, "date"},
		{"no html", func(m *Message) { m.HTML = "" }, "html"},
		{"calendar without method", func(m *Message) { m.Calendar = []byte("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n") }, "method"},
		{"method differs", func(m *Message) {
			m.Calendar = []byte("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n")
			m.Method = "CANCEL"
		}, "differs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := base()
			tc.modify(m)
			err := m.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}

func BenchmarkBuildInvitation(b *testing.B) {
	c := newTestComposer(b)
	d := sampleData(b)
	for b.Loop() {
		msg, err := c.BuildInvitation(d, "ar")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := msg.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}

var rawKeyRE = regexp.MustCompile(`\b(meta|subject|summary|greeting|intro|label|confirm|calendar|questions|signature|time|date|weekday|month)(\.[a-z0-9]+)*\b`)

// TestNoUntranslatedKeys renders every locale, kind and audience and looks
// for a catalogue key where a translation should be: t() falls back to the
// key, so a key used in code but missing everywhere would show up here.
func TestNoUntranslatedKeys(t *testing.T) {
	c := newTestComposer(t)
	for _, lang := range c.Locales() {
		for _, data := range []func(testing.TB) InvitationData{sampleData, updatedData, cancelledData} {
			for _, aud := range []Audience{AudienceApplicant, AudienceEmployer} {
				d := data(t)
				d.Audience = aud
				msg, err := c.BuildInvitation(d, lang)
				if err != nil {
					t.Fatalf("%s: %v", lang, err)
				}
				for _, part := range []string{msg.Subject, msg.Text, msg.HTML} {
					for _, m := range rawKeyRE.FindAllString(part, -1) {
						if strings.Contains(m, ".") {
							t.Errorf("%s kind %d audience %d: untranslated key %q", lang, d.Kind, aud, m)
						}
					}
				}
			}
		}
	}
}

// TestMessageJSONRoundTrip backs the outbox design: a Message stored as
// JSON renders to the same mail later.
func TestMessageJSONRoundTrip(t *testing.T) {
	msg, err := newTestComposer(t).BuildInvitation(updatedData(t), "uk")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	var loaded Message
	if err := json.Unmarshal(stored, &loaded); err != nil {
		t.Fatal(err)
	}
	a, err := msg.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	b, err := loaded.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(normalizeBoundaries(a), normalizeBoundaries(b)) {
		t.Errorf("message rendered after a JSON round trip differs:\n%s\n---\n%s", a, b)
	}
}
