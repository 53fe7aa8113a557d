package mail

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileSender(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mails")
	fs, err := NewFileSender(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := newTestComposer(t)
	var msgs []*Message
	for _, gc := range goldenCases[:3] {
		msg, err := c.BuildInvitation(gc.data(t), gc.locale)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, msg)
		if err := fs.Send(context.Background(), msg); err != nil {
			t.Fatalf("Send %s: %v", gc.name, err)
		}
	}
	// Sending the same message again replaces its file: no duplicates.
	if err := fs.Send(context.Background(), msgs[0]); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("directory holds %v, want 3 .eml files and no temporary files", names)
	}
	list, err := fs.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("List returned %d mails, want 3", len(list))
	}
	// Newest first: the cancellation was dated last.
	wantOrder := []string{msgs[2].MessageID, msgs[1].MessageID, msgs[0].MessageID}
	for i, sm := range list {
		if sm.MessageID != wantOrder[i] {
			t.Errorf("List[%d] = %s, want %s", i, sm.MessageID, wantOrder[i])
		}
		if sm.Name != FileName(msgs[2-i]) || sm.Size == 0 || !sm.Date.Equal(msgs[2-i].Date) {
			t.Errorf("List[%d] = %+v", i, sm)
		}
	}
	if list[2].Subject != msgs[0].Subject || !strings.Contains(list[2].To, msgs[0].To.Email) || !strings.Contains(list[2].From, "Jobcenter Kassel") {
		t.Errorf("decoded headers %+v, want subject %q", list[2], msgs[0].Subject)
	}
	raw, err := fs.Read(list[2].Name)
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("testdata/invite_de.eml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(normalizeBoundaries(raw), golden) {
		t.Error("stored file differs from testdata/invite_de.eml")
	}
	checkMail(t, raw, expectationFor(sampleData(t)))
}

func TestFileSenderReadRefusesOtherPaths(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "secret.eml"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs, err := NewFileSender(filepath.Join(dir, "mails"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.eml"), filepath.Join(dir, "mails", "link.eml")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../secret.eml", "/etc/passwd", "", ".tmp-1.eml", "x.txt", "link.eml", "sub/../../secret.eml"} {
		if data, err := fs.Read(name); err == nil {
			t.Errorf("Read(%q) returned %q, want an error", name, data)
		}
	}
}

func TestFileNameIsSafe(t *testing.T) {
	msg := &Message{MessageID: "../../etc/passwd\x00<x>@evil example", Date: fixedNow}
	name := FileName(msg)
	if name != filepath.Base(name) || strings.ContainsAny(name, "/\\\x00<> ") || !strings.HasSuffix(name, ".eml") {
		t.Errorf("FileName = %q", name)
	}
	if !strings.HasPrefix(name, "20270315T083000Z-") {
		t.Errorf("FileName = %q, want the UTC date first so names sort by time", name)
	}
}
