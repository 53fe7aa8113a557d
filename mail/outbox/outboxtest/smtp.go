// Package outboxtest is a real SMTP server (emersion/go-smtp) for tests of
// the outbox: it records what it accepted by Message-ID, answers chosen
// recipients with an error, and can hang, so tests prove retries,
// exactly-once delivery and that a stuck server blocks no request.
package outboxtest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"
)

// Server is an SMTP server on 127.0.0.1 without TLS or auth, stopped when
// the test ends. Use it with a sender URL like smtp://127.0.0.1:PORT?tls=none.
type Server struct {
	srv  *smtp.Server
	addr string

	mu      sync.Mutex
	ids     map[string]int // Message-ID (without brackets) → deliveries
	raw     map[string][]byte
	order   []string
	reply   func(rcpt string) error
	hang    chan struct{}
	hanging chan struct{} // closed when a DATA starts hanging
}

// Start listens on a free port.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartAt(t, "127.0.0.1:0")
}

// StartAt listens on addr, e.g. a port reserved by FreeAddr earlier.
func StartAt(t testing.TB, addr string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("outboxtest: listen on %s: %v", addr, err)
	}
	s := &Server{addr: ln.Addr().String(), ids: map[string]int{}, raw: map[string][]byte{}, hanging: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "mx.outbox.test"
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxRecipients = 1
	go func() { _ = s.srv.Serve(ln) }()
	t.Cleanup(func() {
		s.Release()
		_ = s.srv.Close()
	})
	return s
}

// FreeAddr reserves a free port on 127.0.0.1 and frees it again, so a
// server can start there later while a client already points at it.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("outboxtest: reserve port: %v", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatalf("outboxtest: free port: %v", err)
	}
	return addr
}

// Addr is host:port of the server.
func (s *Server) Addr() string { return s.addr }

// URL is TREFFPUNKT_SMTP_URL for this server (plain text, a local relay).
func (s *Server) URL() string { return "smtp://" + s.addr + "?tls=none&timeout=10s" }

// Reply makes RCPT TO answer fn(recipient); nil accepts. Use
// &smtp.SMTPError{Code: 451, …} for a temporary and 550 for a permanent
// refusal.
func (s *Server) Reply(fn func(rcpt string) error) {
	s.mu.Lock()
	s.reply = fn
	s.mu.Unlock()
}

// Hang makes every DATA block until Release; Hanging is closed once one
// does.
func (s *Server) Hang() {
	s.mu.Lock()
	if s.hang == nil {
		s.hang = make(chan struct{})
	}
	s.mu.Unlock()
}

// Hanging is closed when the first DATA started to hang.
func (s *Server) Hanging() <-chan struct{} { return s.hanging }

// Release lets hanging DATA commands finish.
func (s *Server) Release() {
	s.mu.Lock()
	if s.hang != nil {
		close(s.hang)
		s.hang = nil
	}
	s.mu.Unlock()
}

// Deliveries returns how often each Message-ID was accepted.
func (s *Server) Deliveries() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.ids))
	for k, v := range s.ids {
		out[k] = v
	}
	return out
}

// Raw returns the message last accepted with the Message-ID, as received.
func (s *Server) Raw(messageID string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw[messageID]
}

// Total is the number of accepted messages, duplicates included.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.order)
}

// Duplicates lists Message-IDs accepted more than once.
func (s *Server) Duplicates() []string {
	var out []string
	for id, n := range s.Deliveries() {
		if n > 1 {
			out = append(out, id)
		}
	}
	return out
}

type session struct {
	s *Server
}

func (ss *session) AuthMechanisms() []string { return nil }

func (ss *session) Mail(string, *smtp.MailOptions) error { return nil }

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	reply := ss.s.reply
	ss.s.mu.Unlock()
	if reply != nil {
		return reply(to)
	}
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "unparsable message"}
	}
	id := strings.Trim(msg.Header.Get("Message-ID"), "<>")
	if id == "" {
		return errors.New("message without Message-ID")
	}
	ss.s.mu.Lock()
	hang := ss.s.hang
	if hang != nil {
		select {
		case <-ss.s.hanging:
		default:
			close(ss.s.hanging)
		}
	}
	ss.s.mu.Unlock()
	if hang != nil {
		<-hang
	}
	ss.s.mu.Lock()
	ss.s.ids[id]++
	ss.s.raw[id] = data
	ss.s.order = append(ss.s.order, id)
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset()        {}
func (ss *session) Logout() error { return nil }
