package outbox_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"treffpunkt/mail/outbox"
	"treffpunkt/mail/outbox/outboxtest"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestDatabaseOutageSendsNothingTwice cuts the worker's connection to
// PostgreSQL while a mail is in the middle of its SMTP transaction, so the
// delivery cannot be recorded at once. The worker keeps the result and
// records it when the database is back: every mail arrives exactly once.
func TestDatabaseOutageSendsNothingTwice(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, models.DialectPostgres)
	e := newEnv(t, db)
	const mails = 60
	e.enqueueMany(t, mails)

	var schema string
	testdb.Must(t, db.Raw("SELECT current_schema()").Scan(&schema).Error)
	base := os.Getenv("TREFFPUNKT_TEST_DATABASE_URL")
	if base == "" {
		base = testdb.DefaultURL
	}
	u, err := url.Parse(base)
	testdb.Must(t, err)
	proxy := startProxy(t, u.Host)
	u.Host = proxy.addr
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	proxied, err := models.Open(ctx, models.DBConfig{URL: u.String(), Now: time.Now})
	testdb.Must(t, err)
	t.Cleanup(func() {
		if sqlDB, err := proxied.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})

	srv := outboxtest.Start(t)
	srv.Hang()
	w, err := outbox.NewWorker(models.NewStore(proxied, time.Now), smtpSender(t, srv.Addr()), time.Now, testLogger(t),
		outbox.Options{BatchSize: 10, PollInterval: 50 * time.Millisecond, RecordTimeout: time.Minute, Lease: 5 * time.Minute})
	testdb.Must(t, err)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	<-srv.Hanging()
	proxy.cut()
	srv.Release() // the server accepts the mail while the database is away
	waitFor(t, "the first delivery", time.Minute, func() bool { return srv.Total() >= 1 })
	time.Sleep(3 * time.Second)
	if n := e.statuses(t)[models.MailSent]; n != 0 {
		t.Fatalf("%d mails recorded as sent while the worker's database was away", n)
	}
	proxy.restore(t)

	waitFor(t, "all mails sent after the database came back", 3*time.Minute, func() bool { return e.statuses(t)[models.MailSent] == mails })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if got := len(srv.Deliveries()); got != mails || srv.Total() != mails {
		t.Errorf("server got %d distinct and %d total mails, want %d each; duplicates: %v", got, srv.Total(), mails, srv.Duplicates())
	}
}

// tcpProxy forwards to a database server and can be cut off and restored,
// like a database that restarts or a network that fails.
type tcpProxy struct {
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	p := &tcpProxy{target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	testdb.Must(t, err)
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *tcpProxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		_ = c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // cut meanwhile
		p.mu.Unlock()
		_ = c.Close()
		_ = up.Close()
		return
	}
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
	_, _ = io.Copy(c, up)
	_ = c.Close()
}

// cut refuses new connections and breaks the open ones.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

// restore accepts connections on the same address again.
func (p *tcpProxy) restore(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	testdb.Must(t, err)
	p.serve(ln)
}
