package imapreply

import (
	"context"
	"fmt"
	"io"
	"testing"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkParseReply measures reading a Gmail reply (MIME tree, two
// base64 calendar parts, two decodes): the CPU a poll spends per message
// besides the IMAP round trips and the database.
func BenchmarkParseReply(b *testing.B) {
	raw := []byte(gmailReply(replyVars{"6f1c2d3e-aaaa-bbbb-cccc-123456789abc@treffpunkt.example", 1, "anna@example.org", "ACCEPTED"}))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		parts, err := calendarParts(raw)
		if err != nil || len(parts) != 2 {
			b.Fatalf("calendarParts = %d parts, %v", len(parts), err)
		}
		for _, p := range parts {
			rs, err := parseReply(p)
			if err != nil || len(rs) != 1 || rs[0].answers[0].partstat != "ACCEPTED" {
				b.Fatalf("parseReply = %+v, %v", rs, err)
			}
		}
	}
}

// BenchmarkPollOnce measures one poll of 50 Accept replies end to end on
// SQLite: IMAP login, search, two fetches, 50 lookups and answers in one
// transaction each, marking seen.
func BenchmarkPollOnce(b *testing.B) {
	const n = 50
	db := testdb.Open(b, models.DialectSQLite)
	f := newFixture(b, db)
	srv := newMailServer(b, nil)
	p := newPoller(b, srv.config(), f, io.Discard)
	ivs := make([]models.Interview, n)
	for i := range ivs {
		ivs[i] = f.publish(b, fmt.Sprintf("bench%d@example.org", i))
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		testdb.Must(b, db.Model(&models.Interview{}).Where("1 = 1").
			Updates(map[string]any{"answer": "", "answered_at": nil, "status": models.InterviewInvited, "ical_sequence": 0}).Error)
		for i, iv := range ivs {
			srv.deliver(b, "INBOX", replyVars{iv.ICalUID, iv.ICalSequence, fmt.Sprintf("bench%d@example.org", i), "ACCEPTED"}.fill(thunderbirdReply))
		}
		b.StartTimer()
		got, err := p.PollOnce(ctx)
		if err != nil || got != n {
			b.Fatalf("PollOnce = %d, %v; want %d", got, err, n)
		}
		b.StopTimer()
		var confirmed int64
		testdb.Must(b, db.Model(&models.Interview{}).Where("answer = ?", models.AnswerConfirmed).Count(&confirmed).Error)
		if confirmed != n {
			b.Fatalf("%d answers recorded, want %d", confirmed, n)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/reply")
}
