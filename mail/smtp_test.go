package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	smtp "github.com/emersion/go-smtp"
)

// received is one message as the in-process server got it.
type received struct {
	from string
	to   []string
	data []byte
}

// testServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1:0 with
// knobs for failure replies and a hanging DATA.
type testServer struct {
	t    *testing.T
	srv  *smtp.Server
	addr *net.TCPAddr

	mu       sync.Mutex
	got      []received
	mailErr  error         // returned from MAIL FROM
	rcptErr  error         // returned from RCPT TO
	hang     chan struct{} // DATA blocks until closed
	user     string
	password string
	sessions int
}

type testSession struct {
	s    *testServer
	cur  received
	auth bool
}

func (ss *testSession) AuthMechanisms() []string {
	if ss.s.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.user || password != ss.s.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		ss.auth = true
		return nil
	}), nil
}

func (ss *testSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.user != "" && !ss.auth {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	if ss.s.mailErr != nil {
		return ss.s.mailErr
	}
	ss.cur = received{from: from}
	return nil
}

func (ss *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.rcptErr != nil {
		return ss.s.rcptErr
	}
	ss.cur.to = append(ss.cur.to, to)
	return nil
}

func (ss *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	hang := ss.s.hang
	ss.s.mu.Unlock()
	if hang != nil {
		<-hang
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.cur.data = data
	ss.s.got = append(ss.s.got, ss.cur)
	return nil
}

func (ss *testSession) Reset()        { ss.cur = received{} }
func (ss *testSession) Logout() error { return nil }

type serverOpts struct {
	tls      TLSMode
	user     string
	password string
	cert     *tls.Certificate
}

func startServer(t *testing.T, opts serverOpts) *testServer {
	t.Helper()
	ts := &testServer{t: t, user: opts.user, password: opts.password}
	ts.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		ts.mu.Lock()
		ts.sessions++
		ts.mu.Unlock()
		return &testSession{s: ts}, nil
	}))
	ts.srv.Domain = "mx.test"
	ts.srv.ReadTimeout = 10 * time.Second
	ts.srv.WriteTimeout = 10 * time.Second
	var ln net.Listener
	var err error
	ln, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	if opts.cert != nil {
		ts.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*opts.cert}}
	}
	if opts.tls == TLSImplicit {
		ln = tls.NewListener(ln, ts.srv.TLSConfig)
	}
	if opts.tls == TLSNone {
		// A local relay: AUTH over clear text is only for localhost.
		ts.srv.AllowInsecureAuth = true
	}
	ts.addr = ln.Addr().(*net.TCPAddr)
	go func() { _ = ts.srv.Serve(ln) }()
	t.Cleanup(func() {
		ts.mu.Lock()
		if ts.hang != nil {
			select {
			case <-ts.hang:
			default:
				close(ts.hang)
			}
		}
		ts.mu.Unlock()
		_ = ts.srv.Close()
	})
	return ts
}

func (ts *testServer) messages() []received {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]received(nil), ts.got...)
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

func goldenMessage(t *testing.T) (*Message, InvitationData) {
	t.Helper()
	d := sampleData(t)
	msg, err := newTestComposer(t).BuildInvitation(d, "de")
	if err != nil {
		t.Fatal(err)
	}
	return msg, d
}

// TestSMTPRoundTrip sends the German invitation through a real SMTP server
// in every TLS mode and compares what arrived with the golden file, byte
// for byte (after the random MIME boundaries are normalised), then runs
// the arrived bytes through the external parsers.
func TestSMTPRoundTrip(t *testing.T) {
	cert, pool := selfSigned(t)
	golden := mustRead(t, "testdata/invite_de.eml")
	tests := []struct {
		name string
		mode TLSMode
		user string
	}{
		{"clear text relay", TLSNone, ""},
		{"clear text relay with auth", TLSNone, "relay"},
		{"starttls with auth", TLSStartTLS, "termine@treffpunkt.example"},
		{"implicit tls with auth", TLSImplicit, "termine@treffpunkt.example"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, serverOpts{tls: tc.mode, user: tc.user, password: "s3cret:pä$$", cert: cert})
			cfg := SMTPConfig{Host: "127.0.0.1", Port: ts.addr.Port, TLS: tc.mode, Timeout: 10 * time.Second,
				TLSConfig: &tls.Config{RootCAs: pool}}
			if tc.user != "" {
				cfg.Username, cfg.Password = tc.user, "s3cret:pä$$"
			}
			s, err := NewSMTPSender(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = s.Close() }()
			msg, d := goldenMessage(t)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := s.Send(ctx, msg); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := ts.messages()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			if got[0].from != d.Organizer.Email || len(got[0].to) != 1 || got[0].to[0] != d.Recipient.Email {
				t.Errorf("envelope %s → %v", got[0].from, got[0].to)
			}
			arrived := normalizeBoundaries(got[0].data)
			if !bytes.Equal(arrived, golden) {
				t.Errorf("arrived message differs from testdata/invite_de.eml:\n%s", arrived)
			}
			checkMail(t, got[0].data, expectationFor(d))
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return data
}

// TestSMTPKeepsAndRenewsConnection sends twice over one connection, then
// lets the server drop it and checks that the next send reconnects.
func TestSMTPKeepsAndRenewsConnection(t *testing.T) {
	ts := startServer(t, serverOpts{tls: TLSNone})
	s, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: ts.addr.Port, TLS: TLSNone, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	msg, _ := goldenMessage(t)
	ctx := context.Background()
	for i := range 2 {
		if err := s.Send(ctx, msg); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	ts.mu.Lock()
	sessions := ts.sessions
	ts.mu.Unlock()
	if sessions != 1 {
		t.Errorf("two sends used %d connections, want 1", sessions)
	}
	// Cut the kept connection from the sender's side, as a server idle
	// timeout would.
	s.cutConn()
	if err := s.Send(ctx, msg); err != nil {
		t.Fatalf("send after the connection dropped: %v", err)
	}
	if n := len(ts.messages()); n != 3 {
		t.Errorf("server received %d messages, want 3", n)
	}
}

// TestSMTPErrors checks the classification the outbox worker relies on.
func TestSMTPErrors(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(ts *testServer)
		closed    bool
		silent    bool // accepts TCP, never greets
		ctxWait   time.Duration
		temporary bool
		code      int
	}{
		{"550 on RCPT is permanent", func(ts *testServer) {
			ts.rcptErr = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}, false, false, 0, false, 550},
		{"552 on MAIL is permanent", func(ts *testServer) {
			ts.mailErr = &smtp.SMTPError{Code: 552, EnhancedCode: smtp.EnhancedCode{5, 3, 4}, Message: "too big"}
		}, false, false, 0, false, 552},
		{"451 on MAIL is temporary", func(ts *testServer) {
			ts.mailErr = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		}, false, false, 0, true, 451},
		{"421 on RCPT is temporary", func(ts *testServer) {
			ts.rcptErr = &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "too many"}
		}, false, false, 0, true, 421},
		{"closed port is temporary", nil, true, false, 0, true, 0},
		{"server that never greets is cut off by the context", nil, false, true, 300 * time.Millisecond, true, 0},
		{"server hanging in DATA is cut off by the context", func(ts *testServer) { ts.hang = make(chan struct{}) }, false, false, 300 * time.Millisecond, true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			port := 0
			switch {
			case tc.silent:
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = ln.Close() })
				go func() {
					for {
						conn, err := ln.Accept()
						if err != nil {
							return
						}
						t.Cleanup(func() { _ = conn.Close() })
					}
				}()
				port = ln.Addr().(*net.TCPAddr).Port
			case tc.closed:
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				port = ln.Addr().(*net.TCPAddr).Port
				_ = ln.Close()
			default:
				ts := startServer(t, serverOpts{tls: TLSNone})
				ts.mu.Lock()
				tc.setup(ts)
				ts.mu.Unlock()
				port = ts.addr.Port
			}
			s, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone, Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = s.Close() }()
			ctx := context.Background()
			if tc.ctxWait > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.ctxWait)
				defer cancel()
			}
			msg, _ := goldenMessage(t)
			err = s.Send(ctx, msg)
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if got := IsTemporary(err); got != tc.temporary {
				t.Errorf("IsTemporary(%v) = %v, want %v", err, got, tc.temporary)
			}
			var de *DeliveryError
			if !errors.As(err, &de) || de.Code != tc.code {
				t.Errorf("error %#v: want *DeliveryError with code %d", err, tc.code)
			}
			if tc.ctxWait > 0 && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("hung send returned %v, want the context's deadline", err)
			}
		})
	}
}

func TestSMTPWrongPasswordIsTemporary(t *testing.T) {
	cert, pool := selfSigned(t)
	ts := startServer(t, serverOpts{tls: TLSStartTLS, user: "u", password: "right", cert: cert})
	s, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: ts.addr.Port, TLS: TLSStartTLS, Username: "u", Password: "wrong-pw-123",
		Timeout: 10 * time.Second, TLSConfig: &tls.Config{RootCAs: pool}})
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := goldenMessage(t)
	err = s.Send(context.Background(), msg)
	if err == nil {
		t.Fatal("Send with a wrong password succeeded")
	}
	// A configuration problem must not throw the mail away.
	if !IsTemporary(err) {
		t.Errorf("auth failure classified permanent: %v", err)
	}
	if strings.Contains(err.Error(), "wrong-pw-123") {
		t.Errorf("error reveals the password: %v", err)
	}
}

func TestSMTPDKIM(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	ts := startServer(t, serverOpts{tls: TLSNone})
	s, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: ts.addr.Port, TLS: TLSNone, Timeout: 10 * time.Second,
		DKIM: &DKIMConfig{Domain: "treffpunkt.example", Selector: "mail2027", PrivateKeyPEM: keyPEM}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	msg, d := goldenMessage(t)
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := ts.messages()
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	header, _, _ := bytes.Cut(got[0].data, []byte("\r\n\r\n"))
	for _, want := range []string{"DKIM-Signature:", "d=treffpunkt.example", "s=mail2027", "a=ed25519-sha256"} {
		if !bytes.Contains(header, []byte(want)) {
			t.Errorf("arrived header lacks %q:\n%s", want, header)
		}
	}
	checkMail(t, got[0].data, expectationFor(d))
}

func TestParseSMTPURL(t *testing.T) {
	tests := []struct {
		raw     string
		want    SMTPConfig
		wantErr string
	}{
		{raw: "smtp://user:pa%3Ass@mail.example.org:587",
			want: SMTPConfig{Host: "mail.example.org", Port: 587, Username: "user", Password: "pa:ss", TLS: TLSStartTLS, Timeout: DefaultSMTPTimeout}},
		{raw: "smtp://mail.example.org?tls=starttls",
			want: SMTPConfig{Host: "mail.example.org", Port: 587, TLS: TLSStartTLS, Timeout: DefaultSMTPTimeout}},
		{raw: "smtps://u:p4ssw0rd@mail.example.org",
			want: SMTPConfig{Host: "mail.example.org", Port: 465, Username: "u", Password: "p4ssw0rd", TLS: TLSImplicit, Timeout: DefaultSMTPTimeout}},
		{raw: "smtp://localhost?tls=none&timeout=5s&helo=app.example",
			want: SMTPConfig{Host: "localhost", Port: 25, TLS: TLSNone, HELO: "app.example", Timeout: 5 * time.Second}},
		{raw: "smtp://u:hunter22@[::1]:2525?tls=none&auth=login",
			want: SMTPConfig{Host: "::1", Port: 2525, Username: "u", Password: "hunter22", TLS: TLSNone, Auth: "login", Timeout: DefaultSMTPTimeout}},
		{raw: "http://mail.example.org", wantErr: "scheme"},
		{raw: "smtp://", wantErr: "no host"},
		{raw: "mail.example.org:587", wantErr: "scheme"},
		{raw: "smtp://mail.example.org:99999", wantErr: "port"},
		{raw: "smtp://mail.example.org?tls=maybe", wantErr: "tls="},
		{raw: "smtps://mail.example.org?tls=none", wantErr: "smtps always uses TLS"},
		{raw: "smtp://mail.example.org?timeout=soon", wantErr: "timeout"},
		{raw: "smtp://mail.example.org?tsl=none", wantErr: "unknown parameter"},
		{raw: "smtp://mail.example.org?auth=plain", wantErr: "needs a user"},
		{raw: "smtp://u:topsecret@mail.example.org/path", wantErr: "path"},
		{raw: "smtp://u:top secret%zz@mail.example.org", wantErr: "not a valid URL"},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			got, err := ParseSMTPURL(tc.raw)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseSMTPURL = %v, want an error mentioning %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "topsecret") || strings.Contains(err.Error(), "top secret") {
					t.Errorf("error reveals the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSMTPURL: %v", err)
			}
			if got.Host != tc.want.Host || got.Port != tc.want.Port || got.Username != tc.want.Username ||
				got.Password != tc.want.Password || got.TLS != tc.want.TLS || got.HELO != tc.want.HELO ||
				got.Timeout != tc.want.Timeout || got.Auth != tc.want.Auth {
				t.Errorf("ParseSMTPURL = %+v, want %+v", got, tc.want)
			}
			if tc.want.Password != "" && strings.Contains(got.String(), tc.want.Password) {
				t.Errorf("String() reveals the password: %s", got)
			}
		})
	}
}

func TestIsTemporary(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"delivery temporary", &DeliveryError{Temporary: true, Err: errors.New("x")}, true},
		{"delivery permanent wrapped", errors.Join(errors.New("ctx"), &DeliveryError{Err: errors.New("x")}), false},
		{"deadline", context.DeadlineExceeded, true},
		{"eof", io.ErrUnexpectedEOF, true},
		{"net error", &net.OpError{Op: "dial", Err: errors.New("refused")}, true},
		{"unknown", errors.New("template broken"), false},
	}
	for _, tc := range tests {
		if got := IsTemporary(tc.err); got != tc.want {
			t.Errorf("%s: IsTemporary = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func BenchmarkSMTPSend(b *testing.B) {
	ts := startBenchServer(b)
	s, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: ts.Addr().(*net.TCPAddr).Port, TLS: TLSNone, Timeout: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	msg, err := newTestComposer(b).BuildInvitation(sampleData(b), "de")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if err := s.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// startBenchServer is a minimal accepting server for the benchmark.
func startBenchServer(b *testing.B) net.Listener {
	b.Helper()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &testSession{s: &testServer{}}, nil
	}))
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	return ln
}
