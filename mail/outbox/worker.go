package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"treffpunkt/mail"
	"treffpunkt/mail/calendar"
	"treffpunkt/models"
)

// Options tune a Worker; zero fields take the defaults below.
type Options struct {
	// BatchSize is how many mails one claim takes (default 20). A full
	// batch is followed by the next claim at once, without PollInterval.
	BatchSize int
	// PollInterval is the pause when nothing was due (default 2s).
	PollInterval time.Duration
	// Concurrency is how many mails are sent at once (default 1). The SMTP
	// sender keeps one connection and serialises its sends, so more only
	// helps a sender that allows parallel sends.
	Concurrency int
	// Lease is how long a claimed mail belongs to this worker (default
	// 5m); after it, another instance may send it. It must exceed
	// SendTimeout + RecordTimeout, so that a live worker never loses a
	// mail it is still working on.
	Lease time.Duration
	// SendTimeout bounds one delivery attempt (default 1m): a hanging
	// mail server costs one attempt, never the worker.
	SendTimeout time.Duration
	// RecordTimeout bounds how long the worker keeps trying to record a
	// result while the database is away (default 30s). A delivery it
	// cannot record is sent again after the lease (at least once).
	RecordTimeout time.Duration
	// RatePerSecond limits deliveries per second (0 = unlimited), to stay
	// below a mail provider's sending limit.
	RatePerSecond float64
	// BackoffBase is the pause after the first temporary failure (default
	// 30s); each further failure doubles it, up to BackoffMax (default
	// 15m), with jitter so that a queue does not retry in lockstep.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// MaxAttempts is how many temporary failures a mail may have before it
	// is marked failed for staff to look at (default 200, about two days
	// at the default backoff).
	MaxAttempts int
	// StopGrace is how long an in-flight delivery may go on after Run's
	// context is cancelled (default 10s) before it is cut and released.
	StopGrace time.Duration
	// Jitter returns a number in [0, 1); default math/rand/v2.Float64.
	Jitter func() float64
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 20
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 1
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 200
	}
	def(&o.PollInterval, 2*time.Second)
	def(&o.Lease, 5*time.Minute)
	def(&o.SendTimeout, time.Minute)
	def(&o.RecordTimeout, 30*time.Second)
	def(&o.BackoffBase, 30*time.Second)
	def(&o.BackoffMax, 15*time.Minute)
	def(&o.StopGrace, 10*time.Second)
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	return o
}

// Reasons recorded for mails that were dropped instead of sent.
const (
	ReasonInterviewCancelled = "interview cancelled before the mail was sent"
	ReasonInterviewGone      = "interview no longer exists"
)

// claimTimeout bounds one claim transaction.
const claimTimeout = 15 * time.Second

// Worker sends the queued mails. Several workers, in one process or in
// several instances on one PostgreSQL database, may run at once: each
// claims different mails (models.Store.ClaimMails).
type Worker struct {
	store   *models.Store
	sender  mail.Sender
	now     func() time.Time
	log     *slog.Logger
	opts    Options
	limiter *rate.Limiter
}

// NewWorker checks its dependencies and options.
func NewWorker(store *models.Store, sender mail.Sender, now func() time.Time, logger *slog.Logger, opts Options) (*Worker, error) {
	switch {
	case store == nil:
		return nil, errors.New("outbox: new worker: store is nil")
	case sender == nil:
		return nil, errors.New("outbox: new worker: sender is nil")
	case now == nil:
		return nil, errors.New("outbox: new worker: clock is nil")
	case logger == nil:
		return nil, errors.New("outbox: new worker: logger is nil")
	case opts.RatePerSecond < 0:
		return nil, fmt.Errorf("outbox: new worker: rate %v per second is negative", opts.RatePerSecond)
	}
	opts = opts.withDefaults()
	if opts.Lease <= opts.SendTimeout+opts.RecordTimeout {
		return nil, fmt.Errorf("outbox: new worker: lease %s must be longer than send timeout %s plus record timeout %s",
			opts.Lease, opts.SendTimeout, opts.RecordTimeout)
	}
	w := &Worker{store: store, sender: sender, now: now, log: logger, opts: opts}
	if opts.RatePerSecond > 0 {
		w.limiter = rate.NewLimiter(rate.Limit(opts.RatePerSecond), 1)
	}
	return w, nil
}

// Run sends mails until ctx is cancelled and then returns nil. Mails it
// claimed but did not start are released at once; a delivery in progress
// may finish within StopGrace, else it is cut and released. Database and
// mail-server outages are logged and waited out, never returned.
func (w *Worker) Run(ctx context.Context) error {
	for {
		n, err := w.RunOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			w.log.Warn("outbox: claim mails", "err", err)
		}
		if err == nil && n >= w.opts.BatchSize {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(w.opts.PollInterval):
		}
	}
}

// RunOnce claims one batch of due mails, delivers them and records each
// result; it returns how many mails it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	cctx, cancel := context.WithTimeout(ctx, claimTimeout)
	mails, err := w.store.ClaimMails(cctx, w.now(), w.opts.BatchSize, w.opts.Lease)
	cancel()
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	sem := make(chan struct{}, w.opts.Concurrency)
	var wg sync.WaitGroup
	for _, m := range mails {
		if ctx.Err() != nil {
			w.release(ctx, m)
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			w.release(ctx, m)
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			w.deliver(ctx, m)
		})
	}
	wg.Wait()
	return len(mails), nil
}

// deliver sends one claimed mail and records what happened.
func (w *Worker) deliver(ctx context.Context, m models.OutboxMail) {
	log := w.log.With("mail_id", m.ID, "kind", m.Kind, "message_id", m.MessageID, "attempt", m.Attempts+1)
	msg, err := Decode(m)
	if err != nil {
		log.Error("outbox: stored mail cannot be read", "err", err)
		w.record(ctx, m, func(rctx context.Context) error {
			return w.store.MarkMailFailed(rctx, m, w.now(), err.Error())
		})
		return
	}
	if m.InterviewID != nil && !isCancellation(m, msg) {
		drop, reason, err := w.obsolete(ctx, m)
		if err != nil {
			log.Warn("outbox: check interview; mail released", "err", err)
			w.release(ctx, m)
			return
		}
		if drop {
			log.Info("outbox: mail dropped", "reason", reason)
			w.record(ctx, m, func(rctx context.Context) error {
				return w.store.MarkMailCancelled(rctx, m, w.now(), reason)
			})
			return
		}
	}
	if w.limiter != nil {
		if err := w.limiter.Wait(ctx); err != nil {
			w.release(ctx, m)
			return
		}
	}
	if ctx.Err() != nil {
		w.release(ctx, m)
		return
	}
	// The whole batch shares one lease. Mails that waited behind slow
	// deliveries (or the rate limit) must not be sent so late that the
	// lease could run out mid-send and another instance send them too.
	if m.ClaimedUntil != nil && w.now().Add(w.opts.SendTimeout+w.opts.RecordTimeout).After(*m.ClaimedUntil) {
		log.Info("outbox: too little of the lease left for a delivery; mail released")
		w.release(ctx, m)
		return
	}
	err = w.send(ctx, msg)
	switch {
	case err == nil:
		log.Info("outbox: mail sent", "to_domain", domainOf(m.Recipient))
		w.record(ctx, m, func(rctx context.Context) error { return w.store.MarkMailSent(rctx, m, w.now()) })
	case ctx.Err() != nil && mail.IsTemporary(err):
		// Cut by shutdown: not the mail's fault, so no attempt is counted.
		log.Info("outbox: delivery interrupted by shutdown; mail released", "err", err)
		w.release(ctx, m)
	case mail.IsTemporary(err) && m.Attempts+1 < w.opts.MaxAttempts:
		now := w.now()
		next := now.Add(Backoff(m.Attempts+1, w.opts.BackoffBase, w.opts.BackoffMax, w.opts.Jitter()))
		log.Warn("outbox: temporary delivery failure; will retry", "next_attempt_at", next, "err", err)
		w.record(ctx, m, func(rctx context.Context) error {
			return w.store.MarkMailRetry(rctx, m, now, next, err.Error())
		})
	default:
		reason := err.Error()
		if mail.IsTemporary(err) {
			reason = fmt.Sprintf("gave up after %d attempts: %s", m.Attempts+1, reason)
		}
		log.Error("outbox: delivery failed permanently", "err", err)
		w.record(ctx, m, func(rctx context.Context) error { return w.store.MarkMailFailed(rctx, m, w.now(), reason) })
	}
}

// send delivers msg within SendTimeout. Cancelling ctx (shutdown) does not
// cut the delivery at once: it may finish within StopGrace, so that a mail
// the server is accepting right now is not sent twice after a restart.
func (w *Worker) send(ctx context.Context, msg *mail.Message) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.opts.SendTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(w.opts.StopGrace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-sctx.Done():
		}
	})
	defer stop()
	return w.sender.Send(sctx, msg)
}

// obsolete reports whether the mail's interview was cancelled (or is gone)
// since the mail was queued.
func (w *Worker) obsolete(ctx context.Context, m models.OutboxMail) (bool, string, error) {
	qctx, cancel := context.WithTimeout(ctx, claimTimeout)
	defer cancel()
	status, err := w.store.MailInterviewStatus(qctx, m.JobCentreID, *m.InterviewID)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return true, ReasonInterviewGone, nil
	case err != nil:
		return false, "", err
	case status == models.InterviewCancelled:
		return true, ReasonInterviewCancelled, nil
	}
	return false, "", nil
}

// release gives a claimed mail back without counting an attempt.
func (w *Worker) release(ctx context.Context, m models.OutboxMail) {
	w.record(ctx, m, func(rctx context.Context) error { return w.store.ReleaseMail(rctx, m, w.now()) })
}

// record writes a result, retrying while the database is unreachable for
// up to RecordTimeout, also after ctx was cancelled: a result that is not
// written makes the mail go out again once the lease ends.
func (w *Worker) record(ctx context.Context, m models.OutboxMail, write func(context.Context) error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.opts.RecordTimeout)
	defer cancel()
	pause := 100 * time.Millisecond
	for {
		err := write(rctx)
		switch {
		case err == nil:
			return
		case errors.Is(err, models.ErrConflict), errors.Is(err, models.ErrNotFound):
			// Someone else holds the mail now (its lease ran out, or staff
			// acted): their record wins.
			w.log.Warn("outbox: mail changed meanwhile; result not recorded", "mail_id", m.ID, "err", err)
			return
		}
		select {
		case <-rctx.Done():
			w.log.Error("outbox: could not record result; the mail is retried after its lease", "mail_id", m.ID, "err", err)
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// Backoff is the pause before the next attempt after failures temporary
// failures (1 or more): base doubled per further failure, capped at ceiling,
// then "equal jitter" (half fixed, half random by jitter in [0, 1)), so
// the pause is never below half of the exponential value.
func Backoff(failures int, base, ceiling time.Duration, jitter float64) time.Duration {
	d := ceiling
	if shift := max(0, failures-1); shift < 62 {
		if s := base << shift; s > 0 && s < ceiling {
			d = s
		}
	}
	half := d / 2
	return half + time.Duration(jitter*float64(d-half))
}

// isCancellation reports whether the mail itself tells of a cancellation,
// which must go out although (because) its interview is cancelled.
func isCancellation(m models.OutboxMail, msg *mail.Message) bool {
	return m.Kind == models.MailKindInvitationCancel || msg.Method == calendar.MethodCancel
}

// domainOf keeps the logs free of personal addresses.
func domainOf(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == '@' {
			return addr[i+1:]
		}
	}
	return ""
}
