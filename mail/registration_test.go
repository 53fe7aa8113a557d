package mail

import (
	"strings"
	"testing"
	"time"
)

func registrationData(t testing.TB) RegistrationConfirmationData {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, time.March, 30, 0, 0, 0, 0, berlin) // Monday after the switch to summer time
	return RegistrationConfirmationData{
		Notice: Notice{
			MessageID: "reg-17@treffpunkt.example", Now: time.Date(2026, time.March, 25, 9, 30, 0, 0, time.UTC), Zone: berlin,
			Organizer: Address{Name: "Jobcenter Kassel", Email: "termine@treffpunkt.example"},
			Recipient: Address{Name: "Karl Korn", Email: "korn@baeckerei.example"},
		},
		UID:        "a1b2c3@treffpunkt.example",
		EventTitle: "Jobmesse Frühling",
		Employer:   "Bäckerei Korn",
		Address:    "Stadthalle, Friedrich-Ebert-Straße 12, 34117 Kassel",
		Blocks: []RegistrationBlock{
			{Start: day.Add(12 * time.Hour), End: day.Add(14 * time.Hour), Table: "Tisch 2"},
			{Start: day.Add(9 * time.Hour), End: day.Add(12 * time.Hour), Table: "Tisch 2"},
			{Start: day.Add(24*time.Hour + 9*time.Hour), End: day.Add(24*time.Hour + 11*time.Hour), Table: "Tisch 1"},
		},
		Vacancies: []string{"Bäcker/in", "Verkäufer/in"},
		Parallel:  2,
		LoginURL:  "https://treffpunkt.example/employer/login",
		Contact:   "ags@jobcenter.example · 0561 123",
	}
}

func TestRegistrationConfirmation(t *testing.T) {
	c, err := NewRegistrationComposer()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		locale, subject string
		want            []string
	}{
		{"de", "Anmeldung bestätigt: Jobmesse Frühling", []string{"Guten Tag Karl Korn,", "Bäckerei Korn ist für „Jobmesse Frühling“ angemeldet",
			"Montag, 30. März 2026", "09:00 bis 12:00 Uhr · Tisch 2", "Dienstag, 31. März 2026", "Bäcker/in", "Verkäufer/in",
			"https://treffpunkt.example/employer/login", "ags@jobcenter.example · 0561 123", "Gespräche gleichzeitig: 2"}},
		{"en-GB", "Registration confirmed: Jobmesse Frühling", []string{"Hello Karl Korn,", "Monday, 30 March 2026", "Go to the employer area"}},
		{"uk", "Реєстрацію підтверджено: ", []string{`lang="uk"`}},
		{"ar", "تم تأكيد التسجيل: ", []string{`dir="rtl"`, `<bdi dir="ltr">Stadthalle, Friedrich-Ebert-Straße 12, 34117 Kassel</bdi>`}},
	} {
		t.Run(tc.locale, func(t *testing.T) {
			msg, err := c.BuildRegistrationConfirmation(registrationData(t), tc.locale)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(msg.Subject, tc.subject) {
				t.Errorf("subject %q, want prefix %q", msg.Subject, tc.subject)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg.Text+msg.HTML, w) {
					t.Errorf("mail lacks %q:\n%s", w, msg.Text)
				}
			}
			ics := string(msg.Calendar)
			// The entry spans the first day from its first to its last block,
			// in summer time (UTC+2) although "now" is still winter time.
			for _, w := range []string{"METHOD:REQUEST\r\n", "UID:a1b2c3@treffpunkt.example\r\n",
				"DTSTART;TZID=Europe/Berlin:20260330T090000\r\n", "DTEND;TZID=Europe/Berlin:20260330T140000\r\n"} {
				if !strings.Contains(ics, w) {
					t.Errorf("calendar lacks %q:\n%s", w, ics)
				}
			}
		})
	}
}

// TestRegistrationConfirmationParses runs the German mail through the
// external mail and calendar parsers like every invitation.
func TestRegistrationConfirmationParses(t *testing.T) {
	c, err := NewRegistrationComposer()
	if err != nil {
		t.Fatal(err)
	}
	d := registrationData(t)
	msg, err := c.BuildRegistrationConfirmation(d, "de")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := msg.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkMail(t, raw, mailExpectation{MessageID: d.MessageID, From: d.Organizer.Email, To: d.Recipient.Email, Method: "REQUEST",
		UID: d.UID, Start: d.Blocks[1].Start, End: d.Blocks[0].End, Stamp: d.Now})
}

func TestRegistrationConfirmationRejects(t *testing.T) {
	c, err := NewRegistrationComposer()
	if err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*RegistrationConfirmationData){
		"no blocks":          func(d *RegistrationConfirmationData) { d.Blocks = nil },
		"block backwards":    func(d *RegistrationConfirmationData) { d.Blocks[0].End = d.Blocks[0].Start },
		"no login url":       func(d *RegistrationConfirmationData) { d.LoginURL = "" },
		"relative login url": func(d *RegistrationConfirmationData) { d.LoginURL = "/employer/login" },
		"no uid":             func(d *RegistrationConfirmationData) { d.UID = "" },
		"no zone":            func(d *RegistrationConfirmationData) { d.Zone = nil },
		"bad recipient":      func(d *RegistrationConfirmationData) { d.Recipient.Email = "korn" },
	} {
		d := registrationData(t)
		change(&d)
		if _, err := c.BuildRegistrationConfirmation(d, "de"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
