package mail

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"
	"time"
	"unicode"

	gomail "github.com/wneessen/go-mail"

	"treffpunkt/mail/calendar"
)

// UserAgent is written to the User-Agent and X-Mailer headers instead of
// go-mail's default, which names the library version and would change the
// golden files on every upgrade.
const UserAgent = "Treffpunkt"

// Address is a mailbox: a display name and a bare address.
type Address struct {
	Name  string
	Email string
}

// Message is one mail to exactly one recipient. It holds plain values
// only, so a caller can store it (e.g. as JSON in an outbox row) and a
// worker can render and send the very same message later; rendering is
// deterministic except for the MIME boundaries.
type Message struct {
	// MessageID is given by the caller, without angle brackets, so that a
	// retried send keeps its identity (e.g. "<uuid>@treffpunkt.example").
	MessageID string
	// Date is the Date header; the caller takes it from its clock.
	Date    time.Time
	From    Address
	To      Address
	Subject string
	Text    string
	HTML    string
	// Calendar is an iTIP object from calendar.Build; nil for mails
	// without an event (e.g. a login link).
	Calendar []byte
	// Method must equal the calendar's METHOD; it sets the method
	// parameter of the text/calendar part.
	Method calendar.Method
}

// Validate reports what is wrong with m before anything is rendered or
// sent; a mail that fails here would fail the same way on every retry.
func (m *Message) Validate() error {
	var errs []error
	if m.MessageID == "" || strings.ContainsAny(m.MessageID, "<> \t\r\n") || strings.Count(m.MessageID, "@") != 1 {
		errs = append(errs, fmt.Errorf("message id %q must look like local@domain without brackets or spaces", m.MessageID))
	}
	if m.Date.IsZero() {
		errs = append(errs, errors.New("date is zero"))
	}
	if err := checkBareAddress(m.From.Email); err != nil {
		errs = append(errs, fmt.Errorf("from: %w", err))
	}
	if err := checkBareAddress(m.To.Email); err != nil {
		errs = append(errs, fmt.Errorf("to: %w", err))
	}
	if strings.TrimSpace(m.Subject) == "" {
		errs = append(errs, errors.New("subject is empty"))
	}
	if m.Text == "" || m.HTML == "" {
		errs = append(errs, errors.New("text and html bodies are both required"))
	}
	if len(m.Calendar) > 0 {
		if !m.Method.Valid() {
			errs = append(errs, fmt.Errorf("calendar method %q is not REQUEST or CANCEL", m.Method))
		} else if !bytes.Contains(m.Calendar, []byte("\r\nMETHOD:"+string(m.Method)+"\r\n")) {
			errs = append(errs, fmt.Errorf("calendar METHOD differs from %s", m.Method))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("mail: invalid message %q: %w", m.MessageID, err)
	}
	return nil
}

func checkBareAddress(addr string) error {
	a, err := netmail.ParseAddress(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if a.Address != addr || a.Name != "" {
		return fmt.Errorf("address %q is not a bare address", addr)
	}
	return nil
}

// headerText makes user-supplied text safe for a header: a line break in
// a name or subject would otherwise start a new header.
func headerText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

// normalizeBody turns CRLF and CR into LF; go-mail writes CRLF on the wire
// and a stray CR would survive quoted-printable as =0D.
func normalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// goMail builds the go-mail message:
//
//	multipart/mixed
//	├── multipart/alternative
//	│   ├── text/plain; charset=UTF-8              (quoted-printable)
//	│   ├── text/html; charset=UTF-8               (quoted-printable)
//	│   └── text/calendar; method=…; charset=UTF-8 (base64, no disposition)
//	└── application/ics; name="invite.ics"         (base64, attachment)
//
// Without a calendar it is multipart/alternative with text and HTML only.
func (m *Message) goMail() (*gomail.Msg, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	msg.FromMailAddress(&netmail.Address{Name: headerText(m.From.Name), Address: m.From.Email})
	msg.ToMailAddress(&netmail.Address{Name: headerText(m.To.Name), Address: m.To.Email})
	msg.Subject(headerText(m.Subject))
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDateWithValue(m.Date)
	msg.SetUserAgent(UserAgent)

	// Never EncodingUSASCII on a part: go-mail would write quoted-printable
	// labelled 7bit, which corrupts the calendar.
	msg.SetBodyString(gomail.TypeTextPlain, normalizeBody(m.Text), gomail.WithPartEncoding(gomail.EncodingQP))
	msg.AddAlternativeString(gomail.TypeTextHTML, normalizeBody(m.HTML), gomail.WithPartEncoding(gomail.EncodingQP))
	if len(m.Calendar) > 0 {
		msg.AddAlternativeString(gomail.ContentType(m.Method.ContentType()), string(m.Calendar),
			gomail.WithPartEncoding(gomail.EncodingB64))
		if err := msg.AttachReader("invite.ics", bytes.NewReader(m.Calendar),
			gomail.WithFileContentType("application/ics"), gomail.WithFileEncoding(gomail.EncodingB64)); err != nil {
			return nil, fmt.Errorf("mail: message %s: attach invite.ics: %w", m.MessageID, err)
		}
	}
	return msg, nil
}

// Bytes renders m as an RFC 5322 message with CRLF line ends, as it goes
// on the wire (without DKIM signature).
func (m *Message) Bytes() ([]byte, error) {
	msg, err := m.goMail()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("mail: render message %s: %w", m.MessageID, err)
	}
	return buf.Bytes(), nil
}

// mimeWordDecoder decodes RFC 2047 words in headers for display.
type mimeWordDecoder struct{ mime.WordDecoder }

func (d *mimeWordDecoder) decode(s string) string {
	out, err := d.DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}
