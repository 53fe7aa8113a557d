package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"treffpunkt/handlers"
	"treffpunkt/mail"
	"treffpunkt/mail/imapreply"
	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/matching"
)

// shutdownGrace bounds how long in-flight requests may take after a signal.
const shutdownGrace = 15 * time.Second

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withDemo := fs.Bool("demo", false, "load demo data (idempotent) before serving")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	cfg, logger, db, code := setup(ctx, stderr)
	if db == nil {
		return code
	}
	defer closeDatabase(db, logger)
	logger.Info("starting treffpunkt", "version", version, "config", strings.Join(cfg.redacted(), " "))
	if cfg.secretGenerated {
		logger.Info("generated a development secret; set TREFFPUNKT_SECRET_KEY in production", "file", cfg.DataDir+"/secret.key")
	}

	if cfg.AutoMigrate {
		if err := models.Migrate(ctx, db); err != nil {
			fmt.Fprintln(stderr, "treffpunkt:", err)
			return exitFailure
		}
	} else if err := models.CheckSchema(ctx, db); err != nil {
		// An outdated schema is an operator's task, not a crash: say what to run.
		fmt.Fprintln(stderr, "treffpunkt:", err)
		if errors.Is(err, models.ErrSchemaOutdated) {
			return exitUsage
		}
		return exitFailure
	}

	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)

	invites, err := newInvites(cfg, now)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return exitFailure
	}
	var demoResult *demo.Result
	if *withDemo {
		res, err := demo.Seed(ctx, store, demo.Options{Now: now(), HashPassword: handlers.HashPassword, Invites: invites})
		if err != nil {
			fmt.Fprintln(stderr, "treffpunkt: load demo data:", err)
			return exitFailure
		}
		demoResult = &res
	}

	app, err := newApp(cfg, store, now, logger)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return exitFailure
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "treffpunkt: listen on %s (TREFFPUNKT_LISTEN): %v\n", cfg.Listen, err)
		return exitFailure
	}
	printWelcome(stdout, cfg, demoResult)

	sender, err := newMailSender(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return exitFailure
	}
	waitlist, err := newWaitlistWorker(cfg, store, now, logger)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return exitFailure
	}
	outcomeWorker, err := newOutcomeWorker(cfg, store, now, logger)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return exitFailure
	}
	var replies *imapreply.Poller
	if cfg.IMAPURL != "" {
		if replies, err = newReplyPoller(cfg, store, invites, logger); err != nil {
			fmt.Fprintln(stderr, "treffpunkt:", err)
			return exitFailure
		}
	}
	workers := startWorkers(ctx, store, sender, waitlist, invites, replies, outcomeWorker, now, logger)

	serveErr := make(chan error, 1)
	go func() { serveErr <- app.Listener(ln) }()
	select {
	case err := <-serveErr:
		if err != nil {
			logger.Error("http server stopped", "err", err)
			workers.stop()
			return exitFailure
		}
	case <-ctx.Done():
	}

	// Ordered shutdown: stop taking requests, then stop workers, then close
	// the database (deferred above), so nothing writes to a closed pool.
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := app.ShutdownWithContext(sctx); err != nil {
		logger.Error("http shutdown", "err", err)
	}
	workers.stop()
	return exitOK
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	statusOnly := fs.Bool("status", false, "only print the schema version, change nothing")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	_, logger, db, code := setup(ctx, stderr)
	if db == nil {
		return code
	}
	defer closeDatabase(db, logger)
	if !*statusOnly {
		if err := models.Migrate(ctx, db); err != nil {
			fmt.Fprintln(stderr, "treffpunkt:", err)
			return exitFailure
		}
	}
	current, latest, err := models.MigrationStatus(ctx, db)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "database schema version %d (latest %d, %s)\n", current, latest, models.Dialect(db))
	return exitOK
}

// setup is what every command that touches data does first: load and
// validate the configuration, prepare DATA_DIR, open the database. On
// failure db is nil and code is the exit code.
func setup(ctx context.Context, stderr io.Writer) (cfg *Config, logger *slog.Logger, db *gorm.DB, code int) {
	cfg, code = mustConfig(stderr)
	if cfg == nil {
		return nil, nil, nil, code
	}
	if err := cfg.prepareDataDir(); err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return nil, nil, nil, exitFailure
	}
	logger = newLogger(cfg, stderr)
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return nil, nil, nil, exitFailure
	}
	return cfg, logger, db, exitOK
}

// newApp builds the web application from its dependencies; the browser test
// uses it too, so what it checks is what serve runs.
func newApp(cfg *Config, store *models.Store, now func() time.Time, logger *slog.Logger) (*fiber.App, error) {
	invites, err := newInvites(cfg, now)
	if err != nil {
		return nil, err
	}
	return handlers.New(handlers.Deps{
		Options: handlers.Options{
			BaseURL:          cfg.BaseURL,
			SecureCookies:    cfg.secureCookies(),
			TrustedProxies:   cfg.TrustedProxies,
			SessionIdle:      cfg.SessionIdle,
			SessionMax:       cfg.SessionMax,
			LoginMaxFailures: 5,
			LoginWindow:      15 * time.Minute,
			Version:          version,
			MailFrom:         cfg.MailFrom,
			ImportMaxBytes:   cfg.ImportMaxBytes,
			ImportMaxRows:    cfg.ImportMaxRows,
			ExportKey:        exportKey(cfg),
			Travel: matching.Params{DetourFactor: cfg.TravelDetour, SpeedKmH: cfg.TravelSpeedKmH,
				MinMinutes: cfg.TravelMinMinutes, MaxTravelMinutes: cfg.TravelMaxMinutes},
		},
		Store:   store,
		Now:     now,
		Logger:  logger,
		Invites: invites,
	})
}

// newWaitlistWorker builds the loop that passes expired waiting-list offers
// on to the next employer; it mails links, so it needs the base URL and the
// sender address like the web app.
func newWaitlistWorker(cfg *Config, store *models.Store, now func() time.Time, logger *slog.Logger) (*handlers.WaitlistWorker, error) {
	return handlers.NewWaitlistWorker(handlers.Deps{
		Options: handlers.Options{BaseURL: cfg.BaseURL, MailFrom: cfg.MailFrom, Version: version},
		Store:   store, Now: now, Logger: logger,
	}, time.Minute)
}

func openDatabase(ctx context.Context, cfg *Config, logger *slog.Logger) (*gorm.DB, error) {
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := models.Open(octx, models.DBConfig{
		URL:       cfg.DatabaseURL,
		DataDir:   cfg.DataDir,
		Now:       func() time.Time { return time.Now().UTC() },
		Logger:    logger,
		SlowQuery: 200 * time.Millisecond,
	})
	if err != nil {
		return nil, fmt.Errorf("open database (TREFFPUNKT_DATABASE_URL=%q): %w", redactURL(cfg.DatabaseURL), err)
	}
	return db, nil
}

func closeDatabase(db *gorm.DB, logger *slog.Logger) {
	sqlDB, err := db.DB()
	if err == nil {
		err = sqlDB.Close()
	}
	if err != nil {
		logger.Error("close database", "err", err)
	}
}

func newLogger(cfg *Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel)) // validated in loadConfig
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func printWelcome(w io.Writer, cfg *Config, res *demo.Result) {
	fmt.Fprintf(w, "\nTreffpunkt %s läuft / is running: %s\n", version, cfg.BaseURL)
	fmt.Fprintf(w, "  Anmeldung / login:      %s/login\n", cfg.BaseURL)
	fmt.Fprintf(w, "  Veranstaltungen:        %s/events\n", cfg.BaseURL)
	fmt.Fprintf(w, "  Arbeitgeber:            %s/employers\n", cfg.BaseURL)
	fmt.Fprintf(w, "  Bewerber/innen:         %s/applicants\n", cfg.BaseURL)
	fmt.Fprintf(w, "  Health:                 %s/healthz  %s/readyz\n", cfg.BaseURL, cfg.BaseURL)
	if cfg.DatabaseURL == "" {
		fmt.Fprintf(w, "  Datenbank / database:   SQLite %s/treffpunkt.db\n", cfg.DataDir)
	}
	if cfg.SMTPURL == "" {
		fmt.Fprintf(w, "  E-Mails als Dateien:    %s\n", cfg.MailDir)
	}
	if res != nil {
		fmt.Fprintln(w, "\nDemo-Daten / demo data:", res.Summary())
		for _, l := range res.Logins {
			fmt.Fprintf(w, "  %-6s %-45s Passwort: %s\n", l.Role, l.Email, l.Password)
		}
	}
	fmt.Fprintln(w, "\nBeenden mit Strg+C / stop with Ctrl+C.")
}

// workers are the background loops of one instance. Every loop is safe to
// run in several instances at once: its state lives in the database.
type workers struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// reminderInterval is how often due reminders are queued; a reminder a few
// minutes late the day before an interview is harmless.
const reminderInterval = 5 * time.Minute

func startWorkers(ctx context.Context, store *models.Store, sender mail.Sender, waitlist *handlers.WaitlistWorker, invites *invite.Service, replies *imapreply.Poller, outcomeRequests func(context.Context), now func() time.Time, logger *slog.Logger) *workers {
	wctx, cancel := context.WithCancel(ctx)
	w := &workers{cancel: cancel, done: make(chan struct{})}
	var wg sync.WaitGroup
	wg.Go(func() { sessionSweeper(wctx, store, now, logger) })
	wg.Go(func() { runOutbox(wctx, store, sender, now, logger) })
	wg.Go(func() { waitlist.Run(wctx) })
	wg.Go(func() { invites.RunReminders(wctx, store, reminderInterval, logger.Warn) })
	wg.Go(func() { outcomeRequests(wctx) })
	// Retention (issue 8): erase applicant data past each job centre's period, once a day across instances.
	wg.Go(func() { runRetention(wctx, store, retentionInterval, retentionCheck, now, logger) })
	if replies != nil {
		wg.Go(func() { replies.Run(wctx, replyInterval) })
	}
	go func() {
		wg.Wait()
		close(w.done)
	}()
	return w
}

func (w *workers) stop() {
	w.cancel()
	<-w.done
}

// loginAttemptRetention keeps failed logins long enough for every rate-limit
// window and for a look at an attack the morning after.
const loginAttemptRetention = 24 * time.Hour

// sessionSweeper deletes expired sessions and old login attempts so the
// tables do not grow without bound; expiry and rate limits are checked on
// every request, so a late sweep is harmless.
func sessionSweeper(ctx context.Context, store *models.Store, now func() time.Time, logger *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		sessions, err := store.DeleteExpiredSessions(dctx, now())
		if err == nil {
			var attempts int64
			attempts, err = store.DeleteLoginAttemptsBefore(dctx, now().Add(-loginAttemptRetention))
			logger.Debug("swept sessions and login attempts", "sessions", sessions, "attempts", attempts)
		}
		cancel()
		if err != nil && ctx.Err() == nil {
			logger.Warn("sweep sessions and login attempts", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
