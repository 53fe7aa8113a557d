package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/mail/outbox/outboxtest"
	"treffpunkt/models"
)

func TestServeRejectsBadDKIM(t *testing.T) {
	key := dkimKey(t)
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"key without selector", map[string]string{"TREFFPUNKT_SMTP_URL": "smtp://mail.example:587", "TREFFPUNKT_DKIM_KEY": key}, "TREFFPUNKT_DKIM_SELECTOR"},
		{"selector without key", map[string]string{"TREFFPUNKT_SMTP_URL": "smtp://mail.example:587", "TREFFPUNKT_DKIM_SELECTOR": "tp"}, "TREFFPUNKT_DKIM_KEY"},
		{"without SMTP", map[string]string{"TREFFPUNKT_DKIM_SELECTOR": "tp", "TREFFPUNKT_DKIM_KEY": key}, "TREFFPUNKT_SMTP_URL"},
		{"not a key", map[string]string{"TREFFPUNKT_SMTP_URL": "smtp://mail.example:587", "TREFFPUNKT_DKIM_SELECTOR": "tp",
			"TREFFPUNKT_DKIM_KEY": "-----BEGIN PRIVATE KEY-----\ntopsecret\n-----END PRIVATE KEY-----"}, "TREFFPUNKT_DKIM_KEY: must be"},
		{"bad selector", map[string]string{"TREFFPUNKT_SMTP_URL": "smtp://mail.example:587", "TREFFPUNKT_DKIM_SELECTOR": "a b", "TREFFPUNKT_DKIM_KEY": key}, "TREFFPUNKT_DKIM_SELECTOR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TREFFPUNKT_DATA_DIR", t.TempDir())
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runCommand(t, time.Minute, "serve")
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d naming %s", code, stderr, exitUsage, tc.want)
			}
			if strings.Contains(stdout+stderr, "topsecret") || strings.Contains(stdout+stderr, "PRIVATE KEY") {
				t.Error("the DKIM key reached the output")
			}
		})
	}
}

// dkimKey is a fresh Ed25519 key in PKCS#8 PEM.
func dkimKey(t *testing.T) string {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func TestServeRejectsBadSMTPURL(t *testing.T) {
	for _, raw := range []string{
		"smtp://u:topsecret@mail.example:587?tls=maybe",
		"smtp://u:topsecret@mail.example:99999",
		"smtps://u:topsecret@mail.example?tls=starttls",
		"smtp://mail.example?colour=blue",
	} {
		t.Run(raw, func(t *testing.T) {
			t.Setenv("TREFFPUNKT_DATA_DIR", t.TempDir())
			t.Setenv("TREFFPUNKT_SMTP_URL", raw)
			code, stdout, stderr := runCommand(t, time.Minute, "serve")
			if code != exitUsage || !strings.Contains(stderr, "TREFFPUNKT_SMTP_URL") {
				t.Errorf("exit %d, stderr %q; want exit %d naming TREFFPUNKT_SMTP_URL", code, stderr, exitUsage)
			}
			if strings.Contains(stdout+stderr, "topsecret") {
				t.Error("the SMTP password reached the output")
			}
		})
	}
}

// TestServeSendsQueuedMail proves the wiring of serve: a mail queued in
// the database goes out through the configured delivery, SMTP when
// TREFFPUNKT_SMTP_URL is set and an .eml file in MAIL_DIR otherwise.
func TestServeSendsQueuedMail(t *testing.T) {
	key := dkimKey(t)
	for _, tc := range []struct {
		name string
		smtp bool
		dkim bool
	}{{"eml files", false, false}, {"smtp", true, false}, {"smtp with dkim", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			dataDir, mailDir := t.TempDir(), t.TempDir()
			t.Setenv("TREFFPUNKT_DATA_DIR", dataDir)
			t.Setenv("TREFFPUNKT_MAIL_DIR", mailDir)
			t.Setenv("TREFFPUNKT_LISTEN", "127.0.0.1:0")
			var srv *outboxtest.Server
			if tc.smtp {
				srv = outboxtest.Start(t)
				t.Setenv("TREFFPUNKT_SMTP_URL", srv.URL())
			}
			if tc.dkim {
				t.Setenv("TREFFPUNKT_MAIL_FROM", "Jobcenter Amberg <termine@amberg.example>")
				t.Setenv("TREFFPUNKT_DKIM_SELECTOR", "tp2026")
				t.Setenv("TREFFPUNKT_DKIM_KEY", key)
			}
			if code, _, stderr := runCommand(t, time.Minute, "migrate"); code != exitOK {
				t.Fatalf("migrate: exit %d, %s", code, stderr)
			}
			messageID := queueDirectly(t, dataDir)
			delivered := func() bool {
				if srv != nil {
					return srv.Deliveries()[messageID] == 1
				}
				names, _ := filepath.Glob(filepath.Join(mailDir, "*.eml"))
				for _, n := range names {
					if b, err := os.ReadFile(n); err == nil && bytes.Contains(b, []byte("<"+messageID+">")) {
						return true
					}
				}
				return false
			}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr bytes.Buffer
			done := make(chan int, 1)
			go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr) }()
			deadline := time.Now().Add(time.Minute)
			for !delivered() {
				select {
				case code := <-done:
					t.Fatalf("serve ended early with exit %d: %s", code, stderr.String())
				case <-time.After(50 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					t.Fatalf("the queued mail was not delivered within a minute; log:\n%s", stderr.String())
				}
			}
			cancel()
			if code := <-done; code != exitOK {
				t.Errorf("serve: exit %d after shutdown; log:\n%s", code, stderr.String())
			}
			if srv != nil {
				signed := bytes.Contains(srv.Raw(messageID), []byte("DKIM-Signature:"))
				if signed != tc.dkim || tc.dkim && !bytes.Contains(srv.Raw(messageID), []byte("s=tp2026")) {
					t.Errorf("DKIM signature present = %v, want %v:\n%.600s", signed, tc.dkim, srv.Raw(messageID))
				}
			}
		})
	}
}

// queueDirectly puts one mail into the SQLite database of dataDir, as a
// handler of a running instance would, and returns its Message-ID.
func queueDirectly(t *testing.T, dataDir string) string {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, models.DBConfig{DataDir: dataDir})
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	defer closeDatabase(db, newLogger(&Config{LogLevel: "error"}, os.Stderr))
	store := models.NewStore(db, time.Now)
	jc := models.JobCentre{Name: "Jobcenter Amberg", Slug: "amberg"}
	if err := store.CreateJobCentre(ctx, &jc); err != nil {
		t.Fatalf("create job centre: %v", err)
	}
	msg := &mail.Message{
		MessageID: "serve-test@treffpunkt.test", Date: time.Now(),
		From:    mail.Address{Name: "Jobcenter Amberg", Email: "termine@amberg.example"},
		To:      mail.Address{Email: "clara@example.org"},
		Subject: "Ihr Zugang", Text: "Guten Tag", HTML: "<p>Guten Tag</p>",
	}
	err = store.Transaction(ctx, func(tx *models.Store) error {
		return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: jc.ID, Kind: "employer_login", Locale: "de", Message: msg})
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return msg.MessageID
}
