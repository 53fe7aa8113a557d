package mail

import (
	"strings"
	"testing"
	"time"
)

func TestWaitlistJoined(t *testing.T) {
	c := newTestEmployerComposer(t)
	n := testNotice(t)
	base := WaitlistJoinedData{Notice: n, EventTitle: "Jobmesse Amberg", Employer: "Pflegeheim Sonnenhof", Position: 3,
		LoginURL: "https://tp.example/employer/login"}
	block := base
	block.Blocks = [][2]time.Time{{time.Date(2026, 4, 22, 7, 0, 0, 0, time.UTC), time.Date(2026, 4, 22, 7, 20, 0, 0, time.UTC)}}
	tests := []struct {
		name     string
		data     WaitlistJoinedData
		locale   string
		subject  string
		contains []string
		lacks    []string
	}{
		{"any place de", base, "de", "Sie stehen auf der Warteliste: Jobmesse Amberg",
			[]string{"Platz 3 der Warteliste", "Pflegeheim Sonnenhof", "48 Stunden", base.LoginURL, "Zum Arbeitgeberbereich"}, []string{"Gewünschte Zeit"}},
		{"block de in Berlin time", block, "de", "Sie stehen auf der Warteliste: Jobmesse Amberg",
			[]string{"Gewünschte Zeit: Mittwoch, 22. April 2026, 09:00 bis 09:20 Uhr", "Platz 3"}, nil},
		{"en", base, "en", "You are on the waiting list: Jobmesse Amberg", []string{"number 3 on the waiting list", base.LoginURL}, nil},
		{"uk", block, "uk", "Ви в списку очікування: Jobmesse Amberg", []string{base.LoginURL, "3"}, nil},
		{"ar", block, "ar", "أنتم على قائمة الانتظار: Jobmesse Amberg", []string{base.LoginURL}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := c.BuildWaitlistJoined(tt.data, tt.locale)
			if err != nil {
				t.Fatal(err)
			}
			if msg.Subject != tt.subject || msg.To != n.Recipient || len(msg.Calendar) != 0 {
				t.Errorf("subject %q to %v calendar %d bytes", msg.Subject, msg.To, len(msg.Calendar))
			}
			for _, body := range []string{msg.Text, msg.HTML} {
				for _, s := range tt.contains {
					if !strings.Contains(body, s) {
						t.Errorf("body lacks %q:\n%s", s, body)
					}
				}
				for _, s := range append(tt.lacks, "waitlistjoined.", "{") {
					if strings.Contains(body, s) {
						t.Errorf("body contains %q:\n%s", s, body)
					}
				}
			}
		})
	}
}

func TestWaitlistJoinedRejects(t *testing.T) {
	c := newTestEmployerComposer(t)
	ok := WaitlistJoinedData{Notice: testNotice(t), EventTitle: "E", Employer: "F", Position: 1, LoginURL: "https://tp.example/employer/login"}
	tests := []struct {
		name   string
		change func(*WaitlistJoinedData)
		want   string
	}{
		{"no position", func(d *WaitlistJoinedData) { d.Position = 0 }, "position below 1"},
		{"no login url", func(d *WaitlistJoinedData) { d.LoginURL = "" }, "empty login url"},
		{"script url", func(d *WaitlistJoinedData) { d.LoginURL = "javascript:alert(1)" }, "url"},
		{"no zone", func(d *WaitlistJoinedData) { d.Zone = nil }, "zone is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.change(&d)
			_, err := c.BuildWaitlistJoined(d, "de")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
