package mail

import (
	"strings"
	"testing"
	"time"
)

func newTestEmployerComposer(t *testing.T) *EmployerComposer {
	t.Helper()
	c, err := NewEmployerComposer()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testNotice(t *testing.T) Notice {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return Notice{
		MessageID: "abc123@treffpunkt.example",
		Now:       time.Date(2026, 3, 25, 9, 30, 0, 0, time.UTC),
		Zone:      berlin,
		Organizer: Address{Name: "Jobcenter Amberg", Email: "termine@treffpunkt.example"},
		Recipient: Address{Name: "Clara Kontakt", Email: "clara@firma.example"},
	}
}

func TestEmployerMails(t *testing.T) {
	c := newTestEmployerComposer(t)
	n := testNotice(t)
	login := func(links ...LoginLink) LoginLinkData {
		return LoginLinkData{Notice: n, Links: links, ValidMinutes: 15}
	}
	one := LoginLink{Employer: "Pflegeheim Sonnenhof", URL: "https://tp.example/employer/login/TOKEN1"}
	two := LoginLink{Employer: "Bäckerei Zwei", URL: "https://tp.example/employer/login/TOKEN2"}
	offer := WaitlistOfferData{Notice: n, EventTitle: "Jobmesse Amberg", Employer: "Pflegeheim Sonnenhof",
		BlockStart: time.Date(2026, 4, 22, 7, 0, 0, 0, time.UTC), BlockEnd: time.Date(2026, 4, 22, 10, 0, 0, 0, time.UTC),
		URL: "https://tp.example/waitlist/TOKEN3", Expires: time.Date(2026, 3, 27, 9, 30, 0, 0, time.UTC)}
	tests := []struct {
		name        string
		build       func(locale string) (*Message, error)
		locale      string
		subject     string
		contains    []string
		notContains []string
	}{
		{"login de", func(l string) (*Message, error) { return c.BuildLoginLink(login(one), l) }, "de",
			"Ihr Anmeldelink für Treffpunkt", []string{"Guten Tag Clara Kontakt", one.URL, "15 Minuten und nur einmal", "Jetzt anmelden"}, []string{"TOKEN2"}},
		{"login two employers en", func(l string) (*Message, error) { return c.BuildLoginLink(login(one, two), l) }, "en",
			"Your Treffpunkt login link", []string{one.URL, two.URL, "Log in for Pflegeheim Sonnenhof", "Log in for Bäckerei Zwei", "15 minutes"}, nil},
		{"login unknown locale falls back to German", func(l string) (*Message, error) { return c.BuildLoginLink(login(one), l) }, "fr",
			"Ihr Anmeldelink für Treffpunkt", []string{one.URL}, nil},
		{"offer de in Berlin time", func(l string) (*Message, error) { return c.BuildWaitlistOffer(offer, l) }, "de",
			"Ein Platz ist frei geworden: Jobmesse Amberg", []string{"Mittwoch, 22. April 2026, 09:00 bis 12:00 Uhr", "bis Freitag, 27. März 2026, 10:30 Uhr", offer.URL}, nil},
		{"offer uk", func(l string) (*Message, error) { return c.BuildWaitlistOffer(offer, l) }, "uk",
			"Звільнилося місце: Jobmesse Amberg", []string{offer.URL}, nil},
		{"offer ar", func(l string) (*Message, error) { return c.BuildWaitlistOffer(offer, l) }, "ar",
			"أصبح هناك مكان شاغر: Jobmesse Amberg", []string{offer.URL}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := tt.build(tt.locale)
			if err != nil {
				t.Fatal(err)
			}
			if msg.Subject != tt.subject {
				t.Errorf("subject %q, want %q", msg.Subject, tt.subject)
			}
			if len(msg.Calendar) != 0 || msg.MessageID != n.MessageID || msg.To != n.Recipient {
				t.Errorf("headers: %+v", msg)
			}
			for _, body := range []string{msg.Text, msg.HTML} {
				for _, s := range tt.contains {
					if !strings.Contains(body, s) {
						t.Errorf("body lacks %q:\n%s", s, body)
					}
				}
				for _, s := range append(tt.notContains, "employer.", "{") {
					if strings.Contains(body, s) {
						t.Errorf("body contains %q:\n%s", s, body)
					}
				}
			}
			if _, err := msg.Bytes(); err != nil {
				t.Errorf("render: %v", err)
			}
		})
	}
}

func TestEmployerMailsReject(t *testing.T) {
	c := newTestEmployerComposer(t)
	n := testNotice(t)
	noZone := n
	noZone.Zone = nil
	tests := []struct {
		name  string
		build func() (*Message, error)
	}{
		{"no links", func() (*Message, error) { return c.BuildLoginLink(LoginLinkData{Notice: n}, "de") }},
		{"relative link", func() (*Message, error) {
			return c.BuildLoginLink(LoginLinkData{Notice: n, Links: []LoginLink{{URL: "/employer/login/x"}}}, "de")
		}},
		{"javascript link", func() (*Message, error) {
			return c.BuildWaitlistOffer(WaitlistOfferData{Notice: n, URL: "javascript:alert(1)", Expires: n.Now}, "de")
		}},
		{"no expiry", func() (*Message, error) {
			return c.BuildWaitlistOffer(WaitlistOfferData{Notice: n, URL: "https://tp.example/waitlist/x"}, "de")
		}},
		{"no zone", func() (*Message, error) {
			return c.BuildWaitlistOffer(WaitlistOfferData{Notice: noZone, URL: "https://tp.example/waitlist/x", Expires: n.Now}, "de")
		}},
		{"bad recipient", func() (*Message, error) {
			bad := n
			bad.Recipient.Email = "kein-at"
			return c.BuildLoginLink(LoginLinkData{Notice: bad, Links: []LoginLink{{URL: "https://tp.example/x"}}}, "de")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg, err := tt.build(); err == nil {
				t.Errorf("no error, message %+v", msg)
			}
		})
	}
}
