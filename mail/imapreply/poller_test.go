package imapreply

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

const applicantEmail = "Anna.Applicant@Example.org"

// TestPollOnce puts one reply per scenario into the organizer's inbox,
// polls, and checks the interview, the outbox and the mailbox; then the
// same reply arrives a second time and must change nothing.
func TestPollOnce(t *testing.T) {
	tests := []struct {
		name string
		// before may change the published interview (e.g. an update raised
		// its SEQUENCE) before the reply arrives.
		before func(t *testing.T, f *fixture, iv models.Interview)
		// me is the applicant's address in lower case; clients change the case.
		message func(iv models.Interview, me string) string
		// wantAnswer and wantStatus are the interview after the poll.
		wantAnswer models.InterviewAnswer
		wantStatus models.InterviewStatus
		// wantQueued is how many mails the reply queues (a decline sends
		// CANCEL to applicant and employer, like the button).
		wantQueued int
		wantLog    string
	}{
		{name: "thunderbird accepts",
			message: func(iv models.Interview, me string) string {
				return replyVars{iv.ICalUID, iv.ICalSequence, me, "ACCEPTED"}.fill(thunderbirdReply)
			},
			wantAnswer: models.AnswerConfirmed, wantStatus: models.InterviewConfirmed, wantLog: "outcome=recorded"},
		{name: "outlook declines without organizer and with a windows zone",
			message: func(iv models.Interview, me string) string {
				return outlookReply(replyVars{iv.ICalUID, iv.ICalSequence, strings.ToUpper(me), "DECLINED"})
			},
			wantAnswer: models.AnswerDeclined, wantStatus: models.InterviewDeclined, wantQueued: 2, wantLog: "outcome=recorded"},
		{name: "gmail accepts with calendar part and ics attachment",
			message: func(iv models.Interview, me string) string {
				return gmailReply(replyVars{iv.ICalUID, iv.ICalSequence, me, "ACCEPTED"})
			},
			wantAnswer: models.AnswerConfirmed, wantStatus: models.InterviewConfirmed, wantLog: "outcome=recorded"},
		{name: "reply only as octet-stream attachment",
			message: func(iv models.Interview, me string) string {
				return attachmentOnlyReply(replyVars{iv.ICalUID, iv.ICalSequence, me, "DECLINED"})
			},
			wantAnswer: models.AnswerDeclined, wantStatus: models.InterviewDeclined, wantQueued: 2, wantLog: "outcome=recorded"},
		{name: "reply to a newer sequence than stored counts",
			message: func(iv models.Interview, me string) string {
				return gmailReply(replyVars{iv.ICalUID, iv.ICalSequence + 1, me, "ACCEPTED"})
			},
			wantAnswer: models.AnswerConfirmed, wantStatus: models.InterviewConfirmed, wantLog: "outcome=recorded"},
		{name: "reply to an older sequence is ignored",
			before: func(t *testing.T, f *fixture, iv models.Interview) {
				testdb.Must(t, f.db.Model(&models.Interview{}).Where("id = ?", iv.ID).Update("ical_sequence", 3).Error)
			},
			message: func(iv models.Interview, me string) string {
				return gmailReply(replyVars{iv.ICalUID, 2, me, "DECLINED"})
			},
			wantStatus: models.InterviewInvited, wantLog: "reply to SEQUENCE 2, current is 3"},
		{name: "another attendee is ignored",
			message: func(iv models.Interview, me string) string {
				return thunderbirdReply2(iv, "mallory@example.org", "DECLINED")
			},
			wantStatus: models.InterviewInvited, wantLog: "no ATTENDEE is the applicant"},
		{name: "the employer's decline is ignored",
			message: func(iv models.Interview, me string) string {
				return outlookReply(replyVars{iv.ICalUID, iv.ICalSequence, strings.ToUpper(contactEmail), "DECLINED"})
			},
			wantStatus: models.InterviewInvited, wantLog: "no ATTENDEE is the applicant"},
		{name: "tentative is ignored",
			message: func(iv models.Interview, me string) string {
				return thunderbirdReply2(iv, me, "TENTATIVE")
			},
			wantStatus: models.InterviewInvited, wantLog: `PARTSTAT \"TENTATIVE\" is not acted on`},
		{name: "unknown uid is ignored",
			message: func(iv models.Interview, me string) string {
				return gmailReply(replyVars{"no-such-uid@treffpunkt.example", 0, me, "ACCEPTED"})
			},
			wantStatus: models.InterviewInvited, wantLog: "unknown UID no-such-uid@treffpunkt.example"},
		{name: "a forwarded request is not a reply",
			message: func(iv models.Interview, me string) string {
				ics := replyVars{iv.ICalUID, iv.ICalSequence, me, "ACCEPTED"}.fill(gmailCalendar)
				return calendarMessage("REQUEST", strings.Replace(ics, "METHOD:REPLY", "METHOD:REQUEST", 1))
			},
			wantStatus: models.InterviewInvited, wantLog: `not a REPLY: method \"REQUEST\"`},
		{name: "a calendar that panics the decoder",
			message:    func(models.Interview, string) string { return calendarMessage("REPLY", "0;0=\n") },
			wantStatus: models.InterviewInvited, wantLog: "calendar decoder panicked"},
		{name: "a truncated calendar",
			message: func(iv models.Interview, me string) string {
				ics := replyVars{iv.ICalUID, iv.ICalSequence, me, "ACCEPTED"}.fill(gmailCalendar)
				return calendarMessage("REPLY", ics[:len(ics)/2])
			},
			wantStatus: models.InterviewInvited, wantLog: "decode calendar"},
		{name: "a sequence that is not a number",
			message: func(iv models.Interview, me string) string {
				ics := replyVars{iv.ICalUID, iv.ICalSequence, me, "ACCEPTED"}.fill(gmailCalendar)
				return calendarMessage("REPLY", strings.Replace(ics, "SEQUENCE:0", "SEQUENCE:zero", 1))
			},
			wantStatus: models.InterviewInvited, wantLog: `SEQUENCE \"zero\"`},
		{name: "a plain text answer",
			message:    func(models.Interview, string) string { return plainMessage },
			wantStatus: models.InterviewInvited, wantLog: "no calendar part"},
		{name: "broken base64 in the calendar part",
			message: func(models.Interview, string) string {
				return "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\n" +
					"Content-Type: text/calendar; method=REPLY\nContent-Transfer-Encoding: base64\n\n!!! not base64 ***\n--b--\n"
			},
			wantStatus: models.InterviewInvited, wantLog: "no calendar part"},
		{name: "a multipart without boundary",
			message: func(models.Interview, string) string {
				return "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--b\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n"
			},
			wantStatus: models.InterviewInvited, wantLog: "outcome=malformed"},
		{name: "an empty message",
			message:    func(models.Interview, string) string { return "" },
			wantStatus: models.InterviewInvited, wantLog: "outcome=malformed"},
	}
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// As staff typed it; the clients below write it in other cases.
				email := fmt.Sprintf("Anna.Applicant%d@Example.org", i)
				iv := f.publish(t, email)
				if tt.before != nil {
					tt.before(t, f, iv)
					iv = f.reload(t, iv.ID)
				}
				queued := f.outboxCount(t)
				srv := newMailServer(t, nil)
				var log bytes.Buffer
				p := newPoller(t, srv.config(), f, &log)
				raw := tt.message(iv, strings.ToLower(email))
				srv.deliver(t, "INBOX", raw)

				n, err := p.PollOnce(ctx)
				if err != nil || n != 1 {
					t.Fatalf("first poll = %d, %v; want 1, nil\nlog: %s", n, err, log.String())
				}
				got := f.reload(t, iv.ID)
				if got.Answer != tt.wantAnswer || got.Status != tt.wantStatus {
					t.Errorf("interview answer %q status %q, want %q %q\nlog: %s", got.Answer, got.Status, tt.wantAnswer, tt.wantStatus, log.String())
				}
				if d := f.outboxCount(t) - queued; d != tt.wantQueued {
					t.Errorf("the reply queued %d mails, want %d", d, tt.wantQueued)
				}
				if os.Getenv("IMAPREPLY_DEBUG") != "" {
					t.Log(log.String())
				}
				if !strings.Contains(log.String(), tt.wantLog) {
					t.Errorf("log lacks %q:\n%s", tt.wantLog, log.String())
				}
				if msgs, unseen := srv.status(t, "INBOX"); msgs != 1 || unseen != 0 {
					t.Errorf("inbox has %d messages, %d unseen; want 1, 0", msgs, unseen)
				}

				// Nothing new: nothing to do.
				if n, err := p.PollOnce(ctx); err != nil || n != 0 {
					t.Fatalf("second poll = %d, %v; want 0, nil", n, err)
				}
				// The same reply again (a resend, or a second copy in another
				// folder moved back): handled, and nothing changes.
				srv.deliver(t, "INBOX", raw)
				if n, err := p.PollOnce(ctx); err != nil || n != 1 {
					t.Fatalf("poll of the copy = %d, %v; want 1, nil", n, err)
				}
				again := f.reload(t, iv.ID)
				if again.Answer != got.Answer || again.Status != got.Status || again.Version != got.Version ||
					!again.UpdatedAt.Equal(got.UpdatedAt) {
					t.Errorf("the copy changed the interview: %+v, was %+v", again, got)
				}
				if d := f.outboxCount(t) - queued; d != tt.wantQueued {
					t.Errorf("after the copy %d mails were queued, want %d", d, tt.wantQueued)
				}
				if _, unseen := srv.status(t, "INBOX"); unseen != 0 {
					t.Errorf("%d messages unseen after the copy", unseen)
				}
			})
		}
	})
}

// thunderbirdReply2 is the Thunderbird reply with a different attendee
// and answer.
func thunderbirdReply2(iv models.Interview, attendee, partstat string) string {
	return replyVars{iv.ICalUID, iv.ICalSequence, attendee, partstat}.fill(thunderbirdReply)
}

// TestPollOnceTLSAndProcessedFolder reads over implicit TLS, verifies the
// server certificate, takes at most BatchSize messages per poll and moves
// handled messages to the processed folder.
func TestPollOnceTLSAndProcessedFolder(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		cert, pool := selfSigned(t)
		srv := newMailServer(t, &cert)
		cfg := srv.config()
		cfg.Security, cfg.TLSConfig = SecurityTLS, &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		cfg.ProcessedMailbox, cfg.BatchSize = "Treffpunkt/Processed", 2
		var log bytes.Buffer
		p := newPoller(t, cfg, f, &log)
		var ivs []models.Interview
		for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
			iv := f.publish(t, email)
			ivs = append(ivs, iv)
			srv.deliver(t, "INBOX", replyVars{iv.ICalUID, iv.ICalSequence, strings.ToUpper(email), "ACCEPTED"}.fill(thunderbirdReply))
		}
		for i, want := range []int{2, 1, 0} {
			if n, err := p.PollOnce(ctx); err != nil || n != want {
				t.Fatalf("poll %d = %d, %v; want %d, nil\nlog: %s", i+1, n, err, want, log.String())
			}
		}
		for _, iv := range ivs {
			if got := f.reload(t, iv.ID); got.Answer != models.AnswerConfirmed {
				t.Errorf("interview %d: answer %q, want confirmed", iv.ID, got.Answer)
			}
		}
		if msgs, _ := srv.status(t, "INBOX"); msgs != 0 {
			t.Errorf("inbox keeps %d messages, want 0", msgs)
		}
		if msgs, unseen := srv.status(t, "Treffpunkt/Processed"); msgs != 3 || unseen != 0 {
			t.Errorf("processed folder has %d messages, %d unseen; want 3, 0", msgs, unseen)
		}

		// A client that does not trust the certificate must not connect.
		cfg.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		untrusting := newPoller(t, cfg, f, &log)
		if _, err := untrusting.PollOnce(ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("poll with an untrusted certificate: %v, want a certificate error", err)
		}
	})
}

// TestPollOnceErrors: a wrong password and an unreachable database fail
// the poll, and a message whose answer could not be stored stays unseen
// for the next poll.
func TestPollOnceErrors(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		srv := newMailServer(t, nil)
		iv := f.publish(t, applicantEmail)
		srv.deliver(t, "INBOX", thunderbirdReply2(iv, "anna.applicant@example.org", "ACCEPTED"))
		other := f.publish(t, "ben@example.org")
		srv.deliver(t, "INBOX", thunderbirdReply2(other, "ben@example.org", "DECLINED"))
		var log bytes.Buffer

		cfg := srv.config()
		cfg.Password = "wrong"
		if _, err := newPoller(t, cfg, f, &log).PollOnce(ctx); err == nil || !strings.Contains(err.Error(), "login") {
			t.Errorf("poll with a wrong password: %v, want a login error", err)
		}

		// A store on a closed database stands for a database that went away.
		down := testdb.Open(t, db.Dialector.Name())
		sqlDB, err := down.DB()
		testdb.Must(t, err)
		testdb.Must(t, sqlDB.Close())
		broken := &fixture{store: models.NewStore(down, testdb.Clock), svc: f.svc}
		n, err := newPoller(t, srv.config(), broken, &log).PollOnce(ctx)
		if err == nil || n != 0 {
			t.Errorf("poll with the database down = %d, %v; want 0 and an error", n, err)
		}
		if err != nil && strings.Count(err.Error(), "imapreply: message uid") != 2 {
			t.Errorf("want an error for each of the 2 messages, got: %v", err)
		}
		if _, unseen := srv.status(t, "INBOX"); unseen != 2 {
			t.Errorf("%d unseen after a failed poll, want 2 (kept for the next poll)", unseen)
		}

		if n, err := newPoller(t, srv.config(), f, &log).PollOnce(ctx); err != nil || n != 2 {
			t.Fatalf("poll after the database is back = %d, %v; want 2, nil", n, err)
		}
		if got := f.reload(t, iv.ID); got.Answer != models.AnswerConfirmed {
			t.Errorf("answer %q, want confirmed", got.Answer)
		}
		if got := f.reload(t, other.ID); got.Answer != models.AnswerDeclined {
			t.Errorf("answer %q, want declined", got.Answer)
		}
	})
}

// TestRunStops: Run polls at once and returns when its context ends.
func TestRunStops(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		srv := newMailServer(t, nil)
		iv := f.publish(t, applicantEmail)
		srv.deliver(t, "INBOX", thunderbirdReply2(iv, "anna.applicant@example.org", "ACCEPTED"))
		var log bytes.Buffer
		p := newPoller(t, srv.config(), f, &log)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { p.Run(ctx, time.Hour); close(done) }()
		deadline := time.Now().Add(30 * time.Second)
		for f.reload(t, iv.ID).Answer != models.AnswerConfirmed {
			if time.Now().After(deadline) {
				t.Fatalf("Run did not record the reply; log: %s", log.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}
	})
}
