package views

import (
	"strings"
	"testing"
	"time"

	"treffpunkt/models"
)

// TestOutboxKeysExist covers the keys the outbox templates build from
// values: every mail status and calendar method.
func TestOutboxKeysExist(t *testing.T) {
	keys := []string{"outbox.calendar.REQUEST", "outbox.calendar.CANCEL", "nav.outbox"}
	for _, s := range []models.MailStatus{models.MailPending, models.MailSending, models.MailSent, models.MailFailed, models.MailCancelled} {
		keys = append(keys, "outbox.status."+string(s))
	}
	for lang, have := range localeKeys(t) {
		for _, k := range keys {
			if !have[k] {
				t.Errorf("locale %s lacks %q", lang, k)
			}
		}
	}
}

func TestOutboxPagesRender(t *testing.T) {
	tr, err := NewTranslator(LocalesFS())
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(TemplatesFS(), tr, a)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 25, 9, 30, 0, 0, time.UTC)
	layout := Layout{Lang: "de", Dir: "ltr", Nav: "outbox", CSRF: "tok", Viewer: &CurrentUser{Name: "Ada"}}
	failed := models.OutboxMail{ID: 7, CreatedAt: at, Subject: "Einladung <b>", Recipient: "olena@example.org",
		Status: models.MailFailed, Attempts: 1, LastError: "550 no such user"}
	pending := models.OutboxMail{ID: 8, CreatedAt: at, Subject: "Termin", Recipient: "a@example.org",
		Status: models.MailPending, Attempts: 2, NextAttemptAt: at.Add(time.Minute), LastError: "451 try later"}
	cancelled := models.OutboxMail{ID: 9, CreatedAt: at, Subject: "Alt", Recipient: "b@example.org",
		Status: models.MailCancelled, LastError: "interview cancelled before the mail was sent"}
	for _, tc := range []struct {
		name    string
		page    string
		data    any
		want    []string
		notWant []string
	}{
		{"list", PageOutbox, OutboxPage{Layout: layout, Mails: []models.OutboxMail{failed, pending, cancelled},
			Filters: []OutboxFilter{{Count: 3, Current: true}, {Status: "failed", Count: 1}}}, []string{
			`href="/outbox" aria-current="page"`, "Postausgang", "Einladung &lt;b&gt;", "550 no such user", "Fehlgeschlagen",
			"nächster Versuch", "451 try later", "Nicht gesendet, weil das Gespräch abgesagt wurde.", "3 E-Mails", `href="/outbox?status=failed"`,
		}, []string{"interview cancelled before", "<b>"}},
		{"failed mail", PageOutboxMail, OutboxMailPage{Layout: layout, Mail: failed, From: "Jobcenter <t@example.org>",
			To: "Olena <olena@example.org>", Date: at, Calendar: "REQUEST", CanRetry: true,
			Paragraphs: [][]string{{"Guten Tag,"}, {"Zeile 1", "<script>x</script>"}}}, []string{
			`action="/outbox/7/retry"`, `name="_csrf" value="tok"`, "Erneut senden", "Einladung (Kalendereintrag)",
			"Olena &lt;olena@example.org&gt;", `href="/outbox/7/eml"`, "Zeile 1<br>&lt;script&gt;",
		}, []string{"<script>x"}},
		{"sent mail", PageOutboxMail, OutboxMailPage{Layout: layout, Mail: models.OutboxMail{ID: 8, Subject: "Termin", Status: models.MailSent, SentAt: &at, Attempts: 1},
			Retried: true}, []string{"Gesendet", "Die E-Mail wird erneut gesendet.", "ohne Kalendereintrag"}, []string{"Erneut senden"}},
		{"unreadable mail", PageOutboxMail, OutboxMailPage{Layout: layout, Mail: failed, Unreadable: true},
			[]string{"kann nicht angezeigt werden"}, []string{`href="/outbox/7/eml"`}},
	} {
		body, err := r.Render("de", tc.page, tc.data)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		for _, s := range tc.want {
			if !strings.Contains(string(body), s) {
				t.Errorf("%s lacks %q", tc.name, s)
			}
		}
		for _, s := range tc.notWant {
			if strings.Contains(string(body), s) {
				t.Errorf("%s contains %q", tc.name, s)
			}
		}
	}
}
