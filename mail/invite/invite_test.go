package invite

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

var pageLinkRE = regexp.MustCompile(`https://treffpunkt\.example/a/([A-Za-z0-9_-]{43})`)

// TestPublishMoveCancel follows one interview through invitation, update
// and cancellation, for hostile names in Arabic and Cyrillic script.
func TestPublishMoveCancel(t *testing.T) {
	applicants := []struct {
		name      string
		applicant models.Applicant
		wantDir   string
	}{
		{"arabic with quotes, line break and long text", models.Applicant{
			FirstName: "فاطمة \"Fati\"\r\nل", LastName: "العلي" + strings.Repeat(" وطويل", 60),
			Email: "fatima@example.org", PreferredLanguage: models.LanguageAR}, `dir="rtl"`},
		{"cyrillic", models.Applicant{FirstName: "Олена", LastName: "Коваленко-Шевчук",
			Email: "olena@example.org", PreferredLanguage: models.LanguageUK}, `dir="ltr"`},
	}
	for _, a := range applicants {
		t.Run(a.name, func(t *testing.T) {
			testdb.Run(t, func(t *testing.T, db *gorm.DB) {
				ctx := context.Background()
				f := newFixture(t, db, a.applicant)
				iv := f.interview

				f.tx(t, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{iv.ID}) })
				mails := f.outboxMails(t)
				if len(mails) != 3 {
					t.Fatalf("publish queued %d mails, want invitation ×2 and a plan", len(mails))
				}
				if got := recipients(mails); strings.Join(got, ",") != "clara@sonnenhof.example,clara@sonnenhof.example,"+a.applicant.Email {
					t.Fatalf("recipients = %v", got)
				}
				var toApplicant, toEmployer, plan queued
				for _, m := range mails {
					switch {
					case m.row.Kind == KindPlan:
						plan = m
					case m.row.Recipient == a.applicant.Email:
						toApplicant = m
					default:
						toEmployer = m
					}
				}
				if toApplicant.row.Locale != string(a.applicant.PreferredLanguage) || toEmployer.row.Locale != "de" {
					t.Errorf("locales = %q, %q", toApplicant.row.Locale, toEmployer.row.Locale)
				}
				if !strings.Contains(toApplicant.msg.HTML, a.wantDir) {
					t.Errorf("applicant HTML lacks %s", a.wantDir)
				}
				for _, m := range []queued{toApplicant, toEmployer} {
					if m.row.Kind != KindInvitation || m.cal.Props.Get("METHOD").Value != "REQUEST" ||
						m.prop(t, "UID") != iv.ICalUID || m.prop(t, "SEQUENCE") != "0" {
						t.Errorf("%s: kind %s METHOD %s UID %s SEQUENCE %s", m.row.Recipient, m.row.Kind,
							m.cal.Props.Get("METHOD").Value, m.prop(t, "UID"), m.prop(t, "SEQUENCE"))
					}
					if !strings.HasSuffix(m.msg.MessageID, "@treffpunkt.example") || m.msg.MessageID == plan.msg.MessageID {
						t.Errorf("message id %q", m.msg.MessageID)
					}
					if att := m.prop(t, "ATTENDEE"); att != "mailto:"+m.row.Recipient {
						t.Errorf("ATTENDEE = %q, want only the recipient %s", att, m.row.Recipient)
					}
				}
				if toApplicant.msg.MessageID == toEmployer.msg.MessageID {
					t.Error("two mails share a Message-ID")
				}
				if strings.Contains(toEmployer.msg.Text, a.applicant.Email) || strings.Contains(toEmployer.msg.Text, "Коваленко-Шевчук") {
					t.Error("the employer's copy carries more than the short name")
				}
				if plan.cal != nil || plan.row.Recipient != "clara@sonnenhof.example" {
					t.Errorf("plan: calendar %v, recipient %s", plan.cal != nil, plan.row.Recipient)
				}
				// The personal link works, and the database holds only its hash.
				m := pageLinkRE.FindStringSubmatch(toApplicant.msg.Text)
				if m == nil {
					t.Fatalf("applicant mail has no page link:\n%s", toApplicant.msg.Text)
				}
				lt, err := ResolveLink(ctx, f.store, m[1], *f.clock)
				testdb.Must(t, err)
				if lt.TokenHash != HashToken(m[1]) || strings.Contains(lt.Nonce, m[1]) || *lt.ApplicantID != f.applicant.ID {
					t.Errorf("link row %+v does not match the mailed token", lt)
				}
				if got := f.reload(t, iv.ID).Status; got != models.InterviewInvited {
					t.Errorf("status after publish = %s", got)
				}
				err = f.store.Transaction(ctx, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{iv.ID}) })
				if !errors.Is(err, models.ErrConflict) {
					t.Errorf("second publish: %v, want ErrConflict", err)
				}

				// Move: an update to both, same UID, SEQUENCE 1.
				moved := f.reload(t, iv.ID)
				moved.StartsAt, moved.EndsAt = moved.StartsAt.Add(time.Hour), moved.EndsAt.Add(time.Hour)
				moved.TableID = &f.event.Tables[1].ID
				f.tx(t, func(tx *models.Store) error { return f.svc.Move(ctx, tx, f.jc.ID, moved) })
				mails = f.outboxMails(t)
				updates := mails[3:]
				if len(updates) != 2 {
					t.Fatalf("move queued %d mails, want 2", len(updates))
				}
				for _, u := range updates {
					if u.row.Kind != KindUpdate || u.cal.Props.Get("METHOD").Value != "REQUEST" || u.prop(t, "UID") != iv.ICalUID || u.prop(t, "SEQUENCE") != "1" {
						t.Errorf("update to %s: kind %s UID %s SEQUENCE %s", u.row.Recipient, u.row.Kind, u.prop(t, "UID"), u.prop(t, "SEQUENCE"))
					}
					start, err := (&ical.Event{Component: u.event(t)}).DateTimeStart(time.UTC)
					testdb.Must(t, err)
					if !start.Equal(moved.StartsAt) {
						t.Errorf("update DTSTART %s, want %s", start, moved.StartsAt)
					}
					if !strings.Contains(u.prop(t, "LOCATION"), "Tisch 2") {
						t.Errorf("update LOCATION %q lacks the new table", u.prop(t, "LOCATION"))
					}
				}

				// Cancel: METHOD:CANCEL to the same attendees, SEQUENCE 2.
				cur := f.reload(t, iv.ID)
				f.tx(t, func(tx *models.Store) error { return f.svc.Cancel(ctx, tx, f.jc.ID, cur.ID, cur.Version) })
				mails = f.outboxMails(t)
				cancels := mails[5:]
				if len(cancels) != 2 || strings.Join(recipients(cancels), ",") != strings.Join(recipients(updates), ",") {
					t.Fatalf("cancel queued %v, want the update's recipients %v", recipients(cancels), recipients(updates))
				}
				for _, c := range cancels {
					if c.row.Kind != KindCancel || c.cal.Props.Get("METHOD").Value != "CANCEL" || c.prop(t, "STATUS") != "CANCELLED" ||
						c.prop(t, "UID") != iv.ICalUID || c.prop(t, "SEQUENCE") != "2" {
						t.Errorf("cancel to %s: kind %s METHOD %s STATUS %s SEQUENCE %s", c.row.Recipient, c.row.Kind,
							c.cal.Props.Get("METHOD").Value, c.prop(t, "STATUS"), c.prop(t, "SEQUENCE"))
					}
				}
				for _, m := range mails[:5] {
					want := models.MailCancelled // never sent: the cancellation replaces it
					if m.row.Kind == KindPlan {
						want = models.MailPending
					}
					if m.row.Status != want {
						t.Errorf("%s mail to %s is %s after the cancellation, want %s", m.row.Kind, m.row.Recipient, m.row.Status, want)
					}
				}
				for _, c := range cancels {
					if c.row.Status != models.MailPending {
						t.Errorf("the cancellation to %s is %s", c.row.Recipient, c.row.Status)
					}
				}
				var links int64
				testdb.Must(t, db.Model(&models.LinkToken{}).Where("kind = ?", models.LinkApplicantPage).Count(&links).Error)
				if links != 1 {
					t.Errorf("%d personal links, want one per applicant and event", links)
				}
			})
		})
	}
}

func TestReassign(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		f := newFixture(t, db, models.Applicant{FirstName: "Ahmad", LastName: "Haddad", Email: "ahmad@example.org", PreferredLanguage: models.LanguageEN})
		old := f.interview
		f.tx(t, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{old.ID}) })
		before := len(f.outboxMails(t))
		cur := f.reload(t, old.ID)
		var created models.Interview
		f.tx(t, func(tx *models.Store) error {
			var err error
			created, err = f.svc.Reassign(ctx, tx, f.jc.ID, Reassignment{InterviewID: cur.ID, Version: cur.Version,
				CandidateID: f.candB.ID, StartsAt: cur.StartsAt.Add(time.Hour), EndsAt: cur.EndsAt.Add(time.Hour), TableID: &f.event.Tables[1].ID})
			return err
		})
		mails := f.outboxMails(t)[before:]
		var cancelTo, inviteTo []string
		for _, m := range mails {
			switch m.row.Kind {
			case KindCancel:
				if m.prop(t, "UID") != old.ICalUID || m.cal.Props.Get("METHOD").Value != "CANCEL" {
					t.Errorf("cancel carries UID %s", m.prop(t, "UID"))
				}
				cancelTo = append(cancelTo, m.row.Recipient)
			case KindInvitation:
				if m.prop(t, "UID") != created.ICalUID || m.prop(t, "UID") == old.ICalUID || m.prop(t, "SEQUENCE") != "0" {
					t.Errorf("new invitation carries UID %s SEQUENCE %s", m.prop(t, "UID"), m.prop(t, "SEQUENCE"))
				}
				inviteTo = append(inviteTo, m.row.Recipient)
			}
		}
		if strings.Join(cancelTo, ",") != "ahmad@example.org,clara@sonnenhof.example" ||
			strings.Join(inviteTo, ",") != "ahmad@example.org,ben@schroeder.example" {
			t.Errorf("cancel to %v, invite to %v", cancelTo, inviteTo)
		}
		if got := f.reload(t, old.ID).Status; got != models.InterviewCancelled {
			t.Errorf("old interview is %s", got)
		}
		if created.EmployerID != f.employerB.ID || created.Status != models.InterviewInvited {
			t.Errorf("new interview employer %d status %s", created.EmployerID, created.Status)
		}
	})
}

func TestRecordAnswer(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		f := newFixture(t, db, models.Applicant{FirstName: "Iryna", LastName: "Bondarenko", Email: "iryna@example.org", PreferredLanguage: models.LanguageUK})
		second := f.addInterview(t, f.candB.ID, f.interview.StartsAt.Add(time.Hour), &f.event.Tables[1].ID)
		f.tx(t, func(tx *models.Store) error {
			return f.svc.Publish(ctx, tx, f.jc.ID, []int64{f.interview.ID, second.ID})
		})
		lt, err := f.store.FindApplicantLink(ctx, f.applicant.ID, f.event.ID)
		testdb.Must(t, err)
		answer := func(id int64, a models.InterviewAnswer) error {
			return f.store.Transaction(ctx, func(tx *models.Store) error {
				_, err := f.svc.RecordAnswer(ctx, tx, lt, id, a)
				return err
			})
		}
		before := len(f.outboxMails(t))
		testdb.Must(t, answer(f.interview.ID, models.AnswerConfirmed))
		confirmed := f.reload(t, f.interview.ID)
		if confirmed.Status != models.InterviewConfirmed || confirmed.Answer != models.AnswerConfirmed {
			t.Fatalf("after confirm: %s / %s", confirmed.Status, confirmed.Answer)
		}
		for _, a := range []models.InterviewAnswer{models.AnswerConfirmed, models.AnswerDeclined} {
			if err := answer(f.interview.ID, a); !errors.Is(err, ErrAnswered) {
				t.Errorf("repeat %s: %v, want ErrAnswered", a, err)
			}
		}
		if again := f.reload(t, f.interview.ID); again.Version != confirmed.Version || again.Status != models.InterviewConfirmed {
			t.Errorf("repeat answer changed the interview: %+v", again)
		}
		if n := len(f.outboxMails(t)); n != before {
			t.Errorf("confirming queued %d mails", n-before)
		}

		testdb.Must(t, answer(second.ID, models.AnswerDeclined))
		declined := f.reload(t, second.ID)
		if declined.Status != models.InterviewDeclined || declined.ICalSequence != 1 {
			t.Errorf("after decline: %s, sequence %d", declined.Status, declined.ICalSequence)
		}
		mails := f.outboxMails(t)[before:]
		if len(mails) != 2 || strings.Join(recipients(mails), ",") != "ben@schroeder.example,iryna@example.org" {
			t.Fatalf("decline queued %v, want a CANCEL to employer and applicant", recipients(mails))
		}
		for _, m := range mails {
			if m.cal.Props.Get("METHOD").Value != "CANCEL" || m.prop(t, "UID") != second.ICalUID || m.prop(t, "SEQUENCE") != "1" {
				t.Errorf("decline mail to %s: METHOD %s SEQUENCE %s", m.row.Recipient, m.cal.Props.Get("METHOD").Value, m.prop(t, "SEQUENCE"))
			}
		}

		// "Another time": staff get a note, the interview stays invited.
		third := f.addInterview(t, f.candB.ID, f.interview.StartsAt.Add(3*time.Hour), &f.event.Tables[1].ID)
		f.tx(t, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{third.ID}) })
		before = len(f.outboxMails(t))
		testdb.Must(t, answer(third.ID, models.AnswerReschedule))
		if iv := f.reload(t, third.ID); iv.Status != models.InterviewInvited || iv.Answer != models.AnswerReschedule {
			t.Errorf("after reschedule: %s / %s", iv.Status, iv.Answer)
		}
		notes := f.outboxMails(t)[before:]
		if len(notes) != 1 || notes[0].row.Kind != KindRescheduleRequest || notes[0].row.Recipient != f.jc.ContactEmail ||
			!strings.Contains(notes[0].msg.Subject, "Iryna Bondarenko") || notes[0].cal != nil {
			t.Errorf("reschedule queued %+v, want one note to staff", recipients(notes))
		}
		if err := answer(third.ID, models.AnswerConfirmed); !errors.Is(err, ErrAnswered) {
			t.Errorf("answer after reschedule: %v, want ErrAnswered", err)
		}

		// Another applicant's interview is never reachable through this link.
		other := models.Applicant{JobCentreID: f.jc.ID, FirstName: "Other", LastName: "Person", Email: "other@example.org",
			PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanB2, ConsentAt: f.applicant.ConsentAt, MaxInterviewsPerDay: 2}
		testdb.Must(t, f.store.CreateApplicant(ctx, &other))
		cs := []models.Candidate{{ApplicantID: other.ID, VacancyID: f.employerA.Vacancies[0].ID, Score: 3}}
		testdb.Must(t, f.store.SaveCandidates(ctx, f.jc.ID, f.event.ID, cs))
		foreign := f.addInterview(t, cs[0].ID, f.interview.StartsAt.Add(2*time.Hour), nil)
		f.tx(t, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{foreign.ID}) })
		if err := answer(foreign.ID, models.AnswerDeclined); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("answer to another applicant's interview: %v, want ErrNotFound", err)
		}
		if got := f.reload(t, foreign.ID).Status; got != models.InterviewInvited {
			t.Errorf("foreign interview became %s", got)
		}
	})
}

func TestSendReminders(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		f := newFixture(t, db, models.Applicant{FirstName: "Mariam", LastName: "Nasser", Email: "mariam@example.org", PreferredLanguage: models.LanguageAR})
		start := f.interview.StartsAt
		declined := f.addInterview(t, f.candB.ID, start.Add(time.Hour), &f.event.Tables[1].ID)
		cancelled := f.addInterview(t, f.candB.ID, start.Add(2*time.Hour), &f.event.Tables[1].ID)
		later := f.addInterview(t, f.candB.ID, start.Add(50*time.Hour), &f.event.Tables[1].ID)
		f.tx(t, func(tx *models.Store) error {
			return f.svc.Publish(ctx, tx, f.jc.ID, []int64{f.interview.ID, declined.ID, cancelled.ID, later.ID})
		})
		lt, err := f.store.FindApplicantLink(ctx, f.applicant.ID, f.event.ID)
		testdb.Must(t, err)
		f.tx(t, func(tx *models.Store) error {
			_, err := f.svc.RecordAnswer(ctx, tx, lt, declined.ID, models.AnswerDeclined)
			return err
		})
		c := f.reload(t, cancelled.ID)
		f.tx(t, func(tx *models.Store) error { return f.svc.Cancel(ctx, tx, f.jc.ID, c.ID, c.Version) })
		before := len(f.outboxMails(t))

		*f.clock = start.Add(-20 * time.Hour) // the day before
		n, err := f.svc.SendReminders(ctx, f.store)
		testdb.Must(t, err)
		if n != 1 {
			t.Fatalf("queued %d reminders, want 1 (not declined, cancelled or later ones)", n)
		}
		mails := f.outboxMails(t)[before:]
		if len(mails) != 1 || mails[0].row.Kind != KindReminder || mails[0].row.Recipient != "mariam@example.org" ||
			mails[0].row.Locale != "ar" || *mails[0].row.InterviewID != f.interview.ID || mails[0].cal != nil {
			t.Fatalf("reminder mails = %+v", mails)
		}
		if !strings.Contains(mails[0].msg.HTML, `dir="rtl"`) || !pageLinkRE.MatchString(mails[0].msg.Text) {
			t.Error("reminder lacks right-to-left HTML or the page link")
		}
		n, err = f.svc.SendReminders(ctx, f.store)
		testdb.Must(t, err)
		if n != 0 || len(f.outboxMails(t)) != before+1 {
			t.Errorf("second round queued %d reminders", n)
		}
	})
}

func TestResolveLink(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		f := newFixture(t, db, models.Applicant{FirstName: "Jonas", LastName: "Weber", Email: "jonas@example.org", PreferredLanguage: models.LanguageDE})
		f.tx(t, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{f.interview.ID}) })
		lt, err := f.store.FindApplicantLink(ctx, f.applicant.ID, f.event.ID)
		testdb.Must(t, err)
		token := f.svc.linkToken(lt.Nonce)
		wantExpiry := f.event.Days[0].EndsAt.Add(DefaultLinkValidity)
		if !lt.ExpiresAt.Equal(wantExpiry) {
			t.Errorf("expires %s, want %s", lt.ExpiresAt, wantExpiry)
		}
		tests := []struct {
			name  string
			token string
			at    time.Time
			want  error
		}{
			{"valid", token, *f.clock, nil},
			{"forged", strings.Repeat("A", 43), *f.clock, models.ErrNotFound},
			{"malformed", "../../etc/passwd", *f.clock, models.ErrNotFound},
			{"expired", token, wantExpiry, ErrLinkExpired},
		}
		for _, tt := range tests {
			if _, err := ResolveLink(ctx, f.store, tt.token, tt.at); !errors.Is(err, tt.want) && !(tt.want == nil && err == nil) {
				t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
			}
		}
		testdb.Must(t, f.store.RevokeLinkToken(ctx, lt.ID, *f.clock))
		if _, err := ResolveLink(ctx, f.store, token, *f.clock); !errors.Is(err, ErrLinkRevoked) {
			t.Errorf("revoked: %v", err)
		}
	})
}

func TestNewRejectsBadConfig(t *testing.T) {
	inv, err := mail.NewComposer()
	testdb.Must(t, err)
	rem, err := mail.NewReminderComposer()
	testdb.Must(t, err)
	good := Config{BaseURL: "https://x.example", From: "T <t@x.example>", LinkKey: make([]byte, 32)}
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"relative base url", func(c *Config) { c.BaseURL = "/a" }},
		{"bad from", func(c *Config) { c.From = "nobody" }},
		{"short key", func(c *Config) { c.LinkKey = []byte("short") }},
	}
	if _, err := New(good, inv, rem, time.Now); err != nil {
		t.Fatalf("good config: %v", err)
	}
	for _, tt := range tests {
		cfg := good
		tt.edit(&cfg)
		if _, err := New(cfg, inv, rem, time.Now); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

// BenchmarkMove measures one staff move of a published interview on
// SQLite: load, version-guarded update, two rendered mails queued, commit.
func BenchmarkMove(b *testing.B) {
	db := testdb.Open(b, models.DialectSQLite)
	ctx := context.Background()
	f := newFixture(b, db, models.Applicant{FirstName: "Olena", LastName: "Kovalenko", Email: "olena@example.org", PreferredLanguage: models.LanguageUK})
	f.tx(b, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{f.interview.ID}) })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		iv, err := f.store.GetInterview(ctx, f.jc.ID, f.interview.ID)
		if err != nil {
			b.Fatal(err)
		}
		iv.StartsAt, iv.EndsAt = iv.StartsAt.Add(time.Minute), iv.EndsAt.Add(time.Minute)
		if err := f.store.Transaction(ctx, func(tx *models.Store) error { return f.svc.Move(ctx, tx, f.jc.ID, iv) }); err != nil {
			b.Fatal(err)
		}
	}
}
