package outbox_test

import (
	"testing"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/mail/outbox/outboxtest"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkDeliver measures one mail through the whole outbox: claim,
// decode, render, deliver, record; per database and sender. The queue is
// filled outside the timer.
func BenchmarkDeliver(b *testing.B) {
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		for _, senderKind := range []string{"file", "smtp"} {
			b.Run(dialect+"/"+senderKind, func(b *testing.B) {
				e := newEnv(b, testdb.Open(b, dialect))
				var sender mail.Sender
				if senderKind == "file" {
					fs, err := mail.NewFileSender(b.TempDir())
					testdb.Must(b, err)
					sender = fs
				} else {
					sender = smtpSender(b, outboxtest.Start(b).Addr())
				}
				w := e.worker(b, sender, outbox.Options{BatchSize: 50})
				e.enqueueMany(b, b.N)
				b.ResetTimer()
				for sent := 0; sent < b.N; {
					n, err := w.RunOnce(e.ctx)
					if err != nil || n == 0 {
						b.Fatalf("RunOnce = %d, %v after %d of %d mails", n, err, sent, b.N)
					}
					sent += n
				}
				b.StopTimer()
				if got := e.statuses(b)[models.MailSent]; got != b.N {
					b.Fatalf("%d of %d mails sent", got, b.N)
				}
			})
		}
	}
}
