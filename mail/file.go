package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	netmail "net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// FileSender writes each message as one .eml file into a directory
// (TREFFPUNKT_MAIL_DIR) when no SMTP server is configured; staff can read
// them in the app. The name is derived from the message's Date and
// Message-ID, so sending the same message again replaces its file instead
// of adding a second one.
type FileSender struct {
	dir string
}

// NewFileSender creates dir if needed and checks that it is writable.
func NewFileSender(dir string) (*FileSender, error) {
	if dir == "" {
		return nil, errors.New("mail: file sender: directory is empty")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("mail: file sender: create %s: %w", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return nil, fmt.Errorf("mail: file sender: %s is not writable: %w", dir, err)
	}
	name := probe.Name()
	_ = probe.Close()
	if err := os.Remove(name); err != nil {
		return nil, fmt.Errorf("mail: file sender: remove probe in %s: %w", dir, err)
	}
	return &FileSender{dir: dir}, nil
}

// Dir returns the directory the sender writes to.
func (f *FileSender) Dir() string { return f.dir }

// FileName returns the .eml name of msg: UTC date and time, then the
// Message-ID reduced to safe characters; names sort by date.
func FileName(msg *Message) string {
	id := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.', r == '_':
			return r
		case r == '@':
			return '_'
		}
		return -1
	}, msg.MessageID)
	if len(id) > 120 {
		id = id[:120]
	}
	return msg.Date.UTC().Format("20060102T150405Z") + "-" + id + ".eml"
}

// Send writes msg atomically: a temporary file in the same directory,
// synced, then renamed, so a reader never sees half a mail.
func (f *FileSender) Send(ctx context.Context, msg *Message) error {
	if err := ctx.Err(); err != nil {
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: file sender: %w", err)}
	}
	data, err := msg.Bytes()
	if err != nil {
		return &DeliveryError{Err: err}
	}
	name := FileName(msg)
	tmp, err := os.CreateTemp(f.dir, ".tmp-*.eml")
	if err != nil {
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: file sender: %w", err)}
	}
	// After a successful rename the temporary name is gone and Remove
	// fails harmlessly; on every error path it cleans up.
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: file sender: write %s: %w", name, err)}
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: file sender: sync %s: %w", name, err)}
	}
	if err := tmp.Close(); err != nil {
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: file sender: close %s: %w", name, err)}
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: file sender: chmod %s: %w", name, err)}
	}
	if err := os.Rename(tmp.Name(), filepath.Join(f.dir, name)); err != nil {
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: file sender: rename to %s: %w", name, err)}
	}
	return nil
}

// StoredMail describes one .eml file for a listing.
type StoredMail struct {
	Name      string
	Size      int64
	MessageID string
	Date      time.Time
	From      string
	To        string
	Subject   string
}

// List returns the stored mails, newest first. Files whose headers cannot
// be parsed are listed with their name and size only.
func (f *FileSender) List() ([]StoredMail, error) {
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		return nil, fmt.Errorf("mail: list %s: %w", f.dir, err)
	}
	var out []StoredMail
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // replaced between ReadDir and Info
		}
		if err != nil {
			return nil, fmt.Errorf("mail: stat %s: %w", e.Name(), err)
		}
		sm := StoredMail{Name: e.Name(), Size: info.Size()}
		if data, err := f.Read(e.Name()); err == nil {
			if m, err := netmail.ReadMessage(bytes.NewReader(data)); err == nil {
				dec := new(mimeWordDecoder)
				sm.MessageID = strings.Trim(m.Header.Get("Message-ID"), "<>")
				sm.Date, _ = m.Header.Date()
				sm.From = dec.decode(m.Header.Get("From"))
				sm.To = dec.decode(m.Header.Get("To"))
				sm.Subject = dec.decode(m.Header.Get("Subject"))
			}
		}
		out = append(out, sm)
	}
	slices.SortFunc(out, func(a, b StoredMail) int { return strings.Compare(b.Name, a.Name) })
	return out, nil
}

// Read returns the raw bytes of one stored mail. The name must be a plain
// file name from List; anything reaching outside the directory is refused.
func (f *FileSender) Read(name string) ([]byte, error) {
	if name == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".eml") {
		return nil, fmt.Errorf("mail: read %q: not a stored mail name", name)
	}
	root, err := os.OpenRoot(f.dir)
	if err != nil {
		return nil, fmt.Errorf("mail: open %s: %w", f.dir, err)
	}
	defer func() { _ = root.Close() }()
	data, err := root.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("mail: read %s: %w", name, err)
	}
	return data, nil
}
