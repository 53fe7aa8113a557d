package imapreply

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Security is how the connection to the IMAP server is protected.
type Security int

// Connection security modes.
const (
	// SecurityTLS is implicit TLS (imaps, port 993).
	SecurityTLS Security = iota
	// SecurityStartTLS upgrades a plain connection (imap, port 143).
	SecurityStartTLS
	// SecurityNone is clear text: only for a server on the same host and
	// for tests, since the password crosses the wire as is.
	SecurityNone
)

// Defaults for zero Config fields.
const (
	DefaultMailbox         = "INBOX"
	DefaultTimeout         = time.Minute
	DefaultBatchSize       = 50
	DefaultMaxMessageBytes = 5 << 20
)

// Config says which mailbox to read.
type Config struct {
	// Addr is host:port of the IMAP server.
	Addr     string
	Security Security
	Username string
	Password string
	// Mailbox is where replies to the organizer address arrive (INBOX).
	Mailbox string
	// ProcessedMailbox, when set, receives every handled message (moved
	// there after it is marked \Seen), so the inbox of a shared organizer
	// mailbox stays readable for people. It is created when missing.
	ProcessedMailbox string
	// TLSConfig overrides the TLS settings (tests use a self-signed
	// certificate); nil verifies the server against the system roots.
	TLSConfig *tls.Config
	// Timeout bounds one poll: connect, fetch, record, mark.
	Timeout time.Duration
	// BatchSize is how many unseen messages one poll takes at most; the
	// rest wait for the next poll, so a flooded mailbox cannot stall the
	// worker.
	BatchSize int
	// MaxMessageBytes: larger messages are not downloaded (a reply is a
	// few kilobytes), only marked seen and logged.
	MaxMessageBytes int64
}

func (c Config) withDefaults() Config {
	if c.Mailbox == "" {
		c.Mailbox = DefaultMailbox
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	return c
}

// ParseURL parses TREFFPUNKT_IMAP_URL:
//
//	imaps://user:pass@host:993/INBOX          implicit TLS (default port 993)
//	imap://user:pass@host:143/INBOX           STARTTLS (default port 143)
//	imap://user:pass@localhost:143?tls=none   clear text, for a local server
//
// The path names the mailbox (default INBOX; percent-encode "/" in nested
// names). Optional query parameters: processed (a mailbox to move handled
// messages to, e.g. processed=Treffpunkt/Processed), timeout (a Go
// duration, default 1m). User and password are percent-encoded. Errors
// never contain the password.
func ParseURL(raw string) (Config, error) {
	var cfg Config
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error quotes the whole URL, password included.
		return cfg, errors.New("imapreply: imap url is not a valid URL (expected imaps://user:pass@host:993/INBOX; percent-encode special characters in user and password)")
	}
	safe := u.Redacted()
	if u.Opaque != "" || u.Host == "" {
		return cfg, fmt.Errorf("imapreply: imap url %q has no host (expected imaps://user:pass@host:993/INBOX)", safe)
	}
	q := u.Query()
	for key := range q {
		switch key {
		case "tls", "processed", "timeout":
		default:
			return cfg, fmt.Errorf("imapreply: imap url %q: unknown parameter %q (known: tls, processed, timeout)", safe, key)
		}
	}
	port := 0
	switch u.Scheme {
	case "imaps":
		cfg.Security, port = SecurityTLS, 993
		if t := q.Get("tls"); t != "" && t != "tls" {
			return cfg, fmt.Errorf("imapreply: imap url %q: imaps always uses TLS, remove tls=%s or use imap://", safe, t)
		}
	case "imap":
		cfg.Security, port = SecurityStartTLS, 143
		switch t := q.Get("tls"); t {
		case "", "starttls":
		case "none":
			cfg.Security = SecurityNone
		case "tls":
			cfg.Security, port = SecurityTLS, 993
		default:
			return cfg, fmt.Errorf("imapreply: imap url %q: tls=%q must be starttls, tls or none", safe, t)
		}
	default:
		return cfg, fmt.Errorf("imapreply: imap url %q: scheme must be imaps or imap (e.g. imaps://user:pass@host:993/INBOX)", safe)
	}
	host := u.Hostname()
	if host == "" {
		return cfg, fmt.Errorf("imapreply: imap url %q has no host", safe)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return cfg, fmt.Errorf("imapreply: imap url %q: port %q is not between 1 and 65535", safe, p)
		}
		port = n
	}
	cfg.Addr = net.JoinHostPort(host, strconv.Itoa(port))
	if u.User == nil || u.User.Username() == "" {
		return cfg, fmt.Errorf("imapreply: imap url %q needs a user and password (imaps://user:pass@host:993/INBOX)", safe)
	}
	cfg.Username = u.User.Username()
	cfg.Password, _ = u.User.Password()
	cfg.Mailbox = strings.TrimPrefix(u.Path, "/")
	if cfg.Mailbox == "" {
		cfg.Mailbox = DefaultMailbox
	}
	cfg.ProcessedMailbox = q.Get("processed")
	if cfg.ProcessedMailbox == cfg.Mailbox {
		return cfg, fmt.Errorf("imapreply: imap url %q: processed=%s is the mailbox that is read", safe, cfg.ProcessedMailbox)
	}
	cfg.Timeout = DefaultTimeout
	if t := q.Get("timeout"); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("imapreply: imap url %q: timeout=%q is not a positive duration such as 1m", safe, t)
		}
		cfg.Timeout = d
	}
	return cfg, nil
}
