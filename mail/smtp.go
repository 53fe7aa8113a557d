package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLSMode is how the SMTP connection is encrypted.
type TLSMode string

const (
	// TLSStartTLS upgrades a plain connection and refuses servers without
	// STARTTLS (submission, port 587).
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (smtps, port 465).
	TLSImplicit TLSMode = "tls"
	// TLSNone sends in clear text; only for a relay on the same host or
	// network (port 25).
	TLSNone TLSMode = "none"
)

// DefaultSMTPTimeout bounds every SMTP command, so a hung server fails the
// attempt instead of holding the sending worker.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig is the parsed TREFFPUNKT_SMTP_URL plus what a URL cannot
// carry (TLS roots, DKIM key).
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      TLSMode
	// Auth is the SASL mechanism when Username is set: plain (default),
	// login, cram-md5, scram-sha-1, scram-sha-256 or autodiscover.
	Auth    string
	HELO    string
	Timeout time.Duration
	// TLSConfig overrides the default (system roots, ServerName = Host).
	TLSConfig *tls.Config
	// DKIM signs every message when set.
	DKIM *DKIMConfig
}

// DKIMConfig is a DKIM signing key published as <Selector>._domainkey.<Domain>.
type DKIMConfig struct {
	Domain   string
	Selector string
	// PrivateKeyPEM is an RSA or Ed25519 key, PKCS#1 or PKCS#8.
	PrivateKeyPEM []byte
}

// String prints the configuration as a URL with the password redacted,
// for logs and the printed configuration.
func (c SMTPConfig) String() string {
	scheme := "smtp"
	if c.TLS == TLSImplicit {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(c.Host, strconv.Itoa(c.Port))}
	if c.Username != "" {
		u.User = url.UserPassword(c.Username, "REDACTED")
	}
	q := url.Values{}
	if c.TLS != TLSImplicit {
		q.Set("tls", string(c.TLS))
	}
	if c.Auth != "" {
		q.Set("auth", c.Auth)
	}
	if c.HELO != "" {
		q.Set("helo", c.HELO)
	}
	if c.Timeout != 0 {
		q.Set("timeout", c.Timeout.String())
	}
	u.RawQuery = q.Encode()
	return u.String()
}

var authTypes = map[string]gomail.SMTPAuthType{
	"plain":         gomail.SMTPAuthPlain,
	"login":         gomail.SMTPAuthLogin,
	"cram-md5":      gomail.SMTPAuthCramMD5,
	"scram-sha-1":   gomail.SMTPAuthSCRAMSHA1,
	"scram-sha-256": gomail.SMTPAuthSCRAMSHA256,
	"autodiscover":  gomail.SMTPAuthAutoDiscover,
}

// ParseSMTPURL parses TREFFPUNKT_SMTP_URL:
//
//	smtp://user:pass@host:587               STARTTLS (default port 587)
//	smtp://user:pass@host:587?tls=starttls  the same, explicitly
//	smtps://user:pass@host:465              implicit TLS (default port 465)
//	smtp://host:25?tls=none                 clear text, for a local relay
//
// Optional query parameters: auth (see SMTPConfig.Auth), helo, timeout
// (a Go duration, default 30s). User and password are percent-encoded.
// Errors never contain the password.
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	var cfg SMTPConfig
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error quotes the whole URL, password included.
		return cfg, errors.New("mail: smtp url is not a valid URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465; percent-encode special characters in user and password)")
	}
	safe := u.Redacted()
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return cfg, fmt.Errorf("mail: smtp url %q: scheme must be smtp or smtps (e.g. smtp://user:pass@host:587)", safe)
	}
	if u.Opaque != "" || u.Host == "" {
		return cfg, fmt.Errorf("mail: smtp url %q has no host (expected smtp://user:pass@host:587)", safe)
	}
	if u.Path != "" && u.Path != "/" {
		return cfg, fmt.Errorf("mail: smtp url %q must not have a path", safe)
	}
	q := u.Query()
	for key := range q {
		switch key {
		case "tls", "auth", "helo", "timeout":
		default:
			return cfg, fmt.Errorf("mail: smtp url %q: unknown parameter %q (known: tls, auth, helo, timeout)", safe, key)
		}
	}
	switch u.Scheme {
	case "smtp":
		cfg.TLS = TLSStartTLS
		switch t := q.Get("tls"); t {
		case "", "starttls":
		case "none":
			cfg.TLS = TLSNone
		case "tls":
			cfg.TLS = TLSImplicit
		default:
			return cfg, fmt.Errorf("mail: smtp url %q: tls=%q must be starttls, tls or none", safe, t)
		}
	case "smtps":
		cfg.TLS = TLSImplicit
		if t := q.Get("tls"); t != "" && t != "tls" {
			return cfg, fmt.Errorf("mail: smtp url %q: smtps always uses TLS, remove tls=%s or use smtp://", safe, t)
		}
	default:
		return cfg, fmt.Errorf("mail: smtp url %q: scheme must be smtp or smtps", safe)
	}
	cfg.Host = u.Hostname()
	if cfg.Host == "" {
		return cfg, fmt.Errorf("mail: smtp url %q has no host", safe)
	}
	cfg.Port = map[TLSMode]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[cfg.TLS]
	if p := u.Port(); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return cfg, fmt.Errorf("mail: smtp url %q: port %q is not between 1 and 65535", safe, p)
		}
		cfg.Port = port
	}
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
		if cfg.Username == "" {
			return cfg, fmt.Errorf("mail: smtp url %q has a password but no user", safe)
		}
	}
	if a := strings.ToLower(q.Get("auth")); a != "" {
		if _, ok := authTypes[a]; !ok {
			return cfg, fmt.Errorf("mail: smtp url %q: auth=%q must be one of plain, login, cram-md5, scram-sha-1, scram-sha-256, autodiscover", safe, a)
		}
		if cfg.Username == "" {
			return cfg, fmt.Errorf("mail: smtp url %q: auth=%s needs a user and password", safe, a)
		}
		cfg.Auth = a
	}
	cfg.HELO = q.Get("helo")
	cfg.Timeout = DefaultSMTPTimeout
	if t := q.Get("timeout"); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("mail: smtp url %q: timeout=%q is not a positive duration such as 30s", safe, t)
		}
		cfg.Timeout = d
	}
	return cfg, nil
}

// SMTPSender delivers through one SMTP connection that it keeps open
// between messages and re-opens after an error. Sends are serialised.
type SMTPSender struct {
	cfg  SMTPConfig
	dkim *gomail.DKIMSigner

	mu     sync.Mutex // serialises sends; guards client
	client *gomail.Client

	connMu  sync.Mutex // guards conn and aborted; the dialer runs in the send goroutine
	conn    net.Conn   // the TCP connection under client, closed to abort a hung send
	aborted bool       // set by abort: a connection dialled afterwards is closed at once
}

// setConn records a freshly dialled connection, unless the send was
// aborted meanwhile: then the connection is closed and an error returned,
// so a dial that completes late cannot hang on the server's greeting.
func (s *SMTPSender) setConn(c net.Conn) error {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	if s.aborted {
		_ = c.Close()
		return errors.New("send aborted")
	}
	s.conn = c
	return nil
}

// cutConn closes the TCP connection, which makes any blocked read or
// write in go-mail return at once.
func (s *SMTPSender) cutConn() {
	s.connMu.Lock()
	if s.conn != nil {
		_ = s.conn.Close()
	}
	s.conn = nil
	s.connMu.Unlock()
}

// abort cuts the connection and refuses connections dialled later in the
// same send.
func (s *SMTPSender) abort() {
	s.connMu.Lock()
	s.aborted = true
	s.connMu.Unlock()
	s.cutConn()
}

// NewSMTPSender checks cfg and prepares the DKIM signer; it does not
// connect yet, so the application starts while the mail server is down.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Host == "" || cfg.Port == 0 {
		return nil, errors.New("mail: smtp sender: host and port are required")
	}
	switch cfg.TLS {
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, fmt.Errorf("mail: smtp sender: unknown tls mode %q", cfg.TLS)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}
	s := &SMTPSender{cfg: cfg}
	if cfg.DKIM != nil {
		key, err := gomail.PrivKeyFromPEM(cfg.DKIM.PrivateKeyPEM)
		if err != nil {
			return nil, fmt.Errorf("mail: smtp sender: dkim key: %w", err)
		}
		if cfg.DKIM.Domain == "" || cfg.DKIM.Selector == "" {
			return nil, errors.New("mail: smtp sender: dkim needs domain and selector")
		}
		s.dkim = gomail.NewDKIMSigner(cfg.DKIM.Domain, cfg.DKIM.Selector, key)
	}
	return s, nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	if s.cfg.TLSConfig != nil {
		c := s.cfg.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = s.cfg.Host
		}
		return c
	}
	return &tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}
}

// dial opens a new connection; the caller holds s.mu.
func (s *SMTPSender) dial(ctx context.Context) error {
	tlsConf := s.tlsConfig()
	opts := []gomail.Option{
		gomail.WithTimeout(s.cfg.Timeout),
		gomail.WithTLSConfig(tlsConf),
		gomail.WithDialContextFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			if err := s.setConn(conn); err != nil {
				return nil, err
			}
			if s.cfg.TLS != TLSImplicit {
				return conn, nil
			}
			tc := tls.Client(conn, tlsConf)
			if err := tc.HandshakeContext(ctx); err != nil {
				_ = conn.Close()
				return nil, fmt.Errorf("tls handshake: %w", err)
			}
			return tc, nil
		}),
	}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		auth := authTypes[s.cfg.Auth]
		if auth == "" {
			auth = gomail.SMTPAuthPlain
		}
		opts = append(opts, gomail.WithSMTPAuth(auth),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	if s.cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(s.cfg.HELO))
	}
	if s.dkim != nil {
		opts = append(opts, gomail.WithAlwaysDKIMSign(s.dkim))
	}
	opts = append(opts, gomail.WithPort(s.cfg.Port))
	client, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: smtp client for %s: %w", s.cfg, err)}
	}
	if err := client.DialWithContext(ctx); err != nil {
		s.cutConn()
		// Whatever fails before the mail transaction (refused, TLS, AUTH)
		// is the server's or the configuration's fault, not the message's:
		// keep the mail queued until an administrator fixes it.
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("mail: connect to %s:%d: %w", s.cfg.Host, s.cfg.Port, err)}
	}
	s.client = client
	return nil
}

// dropLocked forgets the connection without QUIT: after an error the
// server may not answer, and QUIT would wait for the timeout.
func (s *SMTPSender) dropLocked() {
	s.cutConn()
	s.client = nil
}

// Send delivers msg. It returns when the server accepted the message,
// when it failed, or as soon as ctx is done (the connection is then cut,
// so a hung server never holds the caller longer than ctx allows). Errors
// are *DeliveryError; see IsTemporary.
func (s *SMTPSender) Send(ctx context.Context, msg *Message) error {
	gm, err := msg.goMail()
	if err != nil {
		return &DeliveryError{Err: err}
	}
	s.mu.Lock()
	defer s.mu.Unlock()

	reused := s.client != nil
	err = s.sendLocked(ctx, gm)
	var se *gomail.SendError
	if err != nil && reused && ctx.Err() == nil && errors.As(err, &se) && se.Reason == gomail.ErrConnCheck {
		// The kept connection went stale (server idle timeout); nothing
		// was transmitted yet, so one reconnect cannot send twice.
		s.dropLocked()
		err = s.sendLocked(ctx, gm)
	}
	if err != nil {
		de, _ := errors.AsType[*DeliveryError](classify(err))
		if de.Code == 0 {
			s.dropLocked()
		}
		return &DeliveryError{
			Temporary: de.Temporary,
			Code:      de.Code,
			Err:       fmt.Errorf("mail: send %s to %s via %s:%d: %w", msg.MessageID, msg.To.Email, s.cfg.Host, s.cfg.Port, err),
		}
	}
	return nil
}

func (s *SMTPSender) sendLocked(ctx context.Context, gm *gomail.Msg) error {
	if err := ctx.Err(); err != nil {
		return &DeliveryError{Temporary: true, Err: err}
	}
	s.connMu.Lock()
	s.aborted = false
	s.connMu.Unlock()
	done := make(chan error, 1)
	go func() {
		if s.client == nil {
			if err := s.dial(ctx); err != nil {
				done <- err
				return
			}
		}
		done <- s.client.Send(gm)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// Cutting the connection unblocks the goroutine; wait for it so
		// that it never touches s after we return.
		s.abort()
		<-done
		s.dropLocked()
		return &DeliveryError{Temporary: true, Err: fmt.Errorf("aborted: %w", ctx.Err())}
	}
}

// Close ends the kept connection politely (QUIT).
func (s *SMTPSender) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		return nil
	}
	err := s.client.Close()
	s.dropLocked()
	if err != nil {
		return fmt.Errorf("mail: close smtp connection: %w", err)
	}
	return nil
}
