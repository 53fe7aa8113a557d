package mail

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

var reminderKeyRE = regexp.MustCompile(`\b(reminder|plan|reschedule)\.[a-z.]+\b`)

// TestReminderComposer renders the reminder, the employer's plan and the
// note to staff in every locale with hostile input (quotes, a line break,
// Arabic, Cyrillic, very long text) and checks what a reader would see.
func TestReminderComposer(t *testing.T) {
	n, err := NewReminderComposer()
	if err != nil {
		t.Fatal(err)
	}
	loc := berlin(t)
	start := time.Date(2027, 3, 29, 9, 15, 0, 0, loc) // the Monday after the switch to summer time
	hostile := "Firma \"Ö\"\r\nБджола العربية " + strings.Repeat("lang ", 200)
	org := Address{Name: "Jobcenter Kassel", Email: "termine@treffpunkt.example"}
	to := Address{Name: "Олена \"К\"\nKovalenko", Email: "olena@example.org"}
	for _, lang := range []string{"de", "en", "uk", "ar"} {
		builds := map[string]func() (*Message, error){
			"reminder": func() (*Message, error) {
				return n.BuildReminder(ReminderData{MessageID: "r-" + lang + "@treffpunkt.example", Now: fixedNow, Zone: loc,
					Organizer: org, Recipient: to, EventTitle: hostile, Employer: hostile, Start: start, End: start.Add(20 * time.Minute),
					Address: "Friedrich-Ebert-Straße 12, 34117 Kassel", Room: hostile, Latitude: 51.3, Longitude: 9.5, HasCoordinates: true,
					Note: "Zeile 1\r\nZeile 2", PageURL: "https://treffpunkt.example/a/abc"}, lang)
			},
			"plan": func() (*Message, error) {
				return n.BuildPlanSummary(PlanData{MessageID: "p-" + lang + "@treffpunkt.example", Now: fixedNow, Zone: loc,
					Organizer: org, Recipient: to, EventTitle: hostile,
					Items: []PlanItem{{Start: start, End: start.Add(20 * time.Minute), Applicant: ShortName("Олена", "Коваленко"), Vacancy: hostile, Address: "Hof 1", Room: "2"}}}, lang)
			},
			"reschedule": func() (*Message, error) {
				return n.BuildRescheduleRequest(RescheduleData{MessageID: "s-" + lang + "@treffpunkt.example", Now: fixedNow, Zone: loc,
					Organizer: org, Recipient: to, EventTitle: hostile, Employer: hostile, Applicant: "فاطمة \"F\"\r\nالعلي",
					Start: start, End: start.Add(20 * time.Minute)}, lang)
			},
		}
		for name, build := range builds {
			msg, err := build()
			if err != nil {
				t.Fatalf("%s %s: %v", lang, name, err)
			}
			raw, err := msg.Bytes()
			if err != nil {
				t.Fatalf("%s %s: render: %v", lang, name, err)
			}
			if strings.ContainsAny(msg.Subject, "\r\n") || len(msg.Calendar) != 0 {
				t.Errorf("%s %s: subject %q or a calendar part", lang, name, msg.Subject)
			}
			for _, part := range []string{msg.Subject, msg.Text, msg.HTML} {
				if k := reminderKeyRE.FindString(part); k != "" {
					t.Errorf("%s %s: untranslated key %q", lang, name, k)
				}
			}
			wantDir := `dir="ltr"`
			if lang == "ar" {
				wantDir = `dir="rtl"`
			}
			if !strings.Contains(msg.HTML, wantDir) || !strings.Contains(string(raw), "Message-ID: <"+msg.MessageID+">") {
				t.Errorf("%s %s: direction or Message-ID missing", lang, name)
			}
			if name == "reminder" && (!strings.Contains(msg.Text, "09:15") || !strings.Contains(msg.Text, "https://treffpunkt.example/a/abc") ||
				!strings.Contains(msg.Text, "openstreetmap.org")) {
				t.Errorf("%s reminder lacks time, page or map link:\n%s", lang, msg.Text)
			}
		}
	}
	if _, err := n.BuildReminder(ReminderData{MessageID: "x@y.example", Now: fixedNow, Zone: loc, Start: start, End: start}, "de"); err == nil {
		t.Error("a reminder without address, employer and duration was built")
	}
	if _, err := n.BuildPlanSummary(PlanData{MessageID: "x@y.example", Now: fixedNow, Zone: loc}, "de"); err == nil {
		t.Error("an empty plan was built")
	}
}
