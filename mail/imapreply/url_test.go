package imapreply

import (
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		raw     string
		want    Config
		wantErr string
	}{
		{raw: "imaps://termine%40jc.example:p%40ss@mail.jc.example/INBOX",
			want: Config{Addr: "mail.jc.example:993", Security: SecurityTLS, Username: "termine@jc.example", Password: "p@ss", Mailbox: "INBOX", Timeout: DefaultTimeout}},
		{raw: "imaps://u:p@mail.jc.example:1993",
			want: Config{Addr: "mail.jc.example:1993", Security: SecurityTLS, Username: "u", Password: "p", Mailbox: "INBOX", Timeout: DefaultTimeout}},
		{raw: "imap://u:p@mail.jc.example/Antworten?processed=Treffpunkt%2FProcessed&timeout=30s",
			want: Config{Addr: "mail.jc.example:143", Security: SecurityStartTLS, Username: "u", Password: "p", Mailbox: "Antworten",
				ProcessedMailbox: "Treffpunkt/Processed", Timeout: 30 * time.Second}},
		{raw: "imap://u:p@localhost:1143?tls=none",
			want: Config{Addr: "localhost:1143", Security: SecurityNone, Username: "u", Password: "p", Mailbox: "INBOX", Timeout: DefaultTimeout}},
		{raw: "imap://u:p@[::1]?tls=tls",
			want: Config{Addr: "[::1]:993", Security: SecurityTLS, Username: "u", Password: "p", Mailbox: "INBOX", Timeout: DefaultTimeout}},
		{raw: "pop3://u:secret@host", wantErr: "scheme must be imaps or imap"},
		{raw: "imaps://host/INBOX", wantErr: "needs a user and password"},
		{raw: "imaps://u:secret@host?tls=none", wantErr: "imaps always uses TLS"},
		{raw: "imap://u:secret@host?tls=maybe", wantErr: `tls="maybe"`},
		{raw: "imaps://u:secret@host:99999", wantErr: "not between 1 and 65535"},
		{raw: "imaps://u:secret@host?folder=x", wantErr: `unknown parameter "folder"`},
		{raw: "imaps://u:secret@host?timeout=-1s", wantErr: "not a positive duration"},
		{raw: "imaps://u:secret@host/INBOX?processed=INBOX", wantErr: "is the mailbox that is read"},
		{raw: "imaps://u:secret@", wantErr: "has no host"},
		{raw: "imaps://u:secret@host:%zz", wantErr: "not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := ParseURL(tt.raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseURL(%q) error = %v, want one containing %q", tt.raw, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error reveals the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.raw, err)
			}
			if got != tt.want {
				t.Errorf("ParseURL(%q) =\n %+v, want\n %+v", tt.raw, got, tt.want)
			}
		})
	}
}
