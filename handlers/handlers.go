// Package handlers is the HTTP layer of Treffpunkt: Fiber routes, middleware
// (request id, access log, panic recovery, security headers, sessions, CSRF,
// language) and one handler per action. It renders views and talks to the
// database only through models.Store.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/models/postcode"
	"treffpunkt/views"
)

// Options are the HTTP settings from the configuration.
type Options struct {
	BaseURL          string
	SecureCookies    bool     // BASE_URL is https: Secure cookies, __Host- names, HSTS
	TrustedProxies   []string // reverse proxies whose X-Forwarded-For we believe
	SessionIdle      time.Duration
	SessionMax       time.Duration
	LoginMaxFailures int           // failed logins allowed per e-mail and per IP within LoginWindow
	LoginWindow      time.Duration // window of the login rate limit
	Version          string        // shown in the footer
	ImportMaxBytes   int64         // largest CSV import; 0: DefaultImportMaxBytes
	ImportMaxRows    int           // most applicants in one CSV import; 0: DefaultImportMaxRows
	MailFrom         string        // "Name <address>" of every mail; empty: DefaultMailFrom
	// ExportKey keys the applicants' pseudonyms in pseudonymised exports
	// (export.Key of the secret); without it those exports are refused.
	ExportKey []byte
	// Travel is the travel-time estimate of the planner, the freed-slot
	// replacements and the shortlist; zero fields: matching.DefaultParams.
	Travel matching.Params
}

// Defaults used when an Options field is zero.
const (
	DefaultSessionIdle      = 30 * time.Minute // social data: a forgotten browser logs out soon
	DefaultSessionMax       = 10 * time.Hour   // one working day
	DefaultLoginMaxFailures = 5
	DefaultLoginWindow      = 15 * time.Minute
	DefaultMailFrom         = "Treffpunkt <termine@treffpunkt.localhost>"
)

// dbTimeout bounds every store call of a request, so a hanging database
// frees the handler instead of piling up requests.
const dbTimeout = 5 * time.Second

// Deps are what the handlers need from main.
type Deps struct {
	Options Options
	Store   *models.Store
	Now     func() time.Time
	Logger  *slog.Logger
	// Invites queues the mails of interview changes; the applicant page
	// records answers through it. Nil refuses answers (503).
	Invites *invite.Service
}

// Handler holds the dependencies of all HTTP handlers; every handler is a
// method so that nothing lives in package variables.
type Handler struct {
	opts   Options
	store  *models.Store
	now    func() time.Time
	log    *slog.Logger
	tr     *views.Translator
	assets *views.Assets
	pages  *views.Renderer

	invites        *invite.Service       // see Deps.Invites
	applicantPages *views.ApplicantPages // the applicant's personal page (de, en, uk, ar)
	printPages     *views.PrintPages     // printable plans per table and per applicant

	employerMail *mail.EmployerComposer // login links and waiting-list offers
	mailFrom     mail.Address

	// registrationMail renders the confirmation of a public registration.
	registrationMail *mail.RegistrationComposer
	postcodes        *postcode.Table // German postcodes, to check addresses

	linkBlocks *linkBlocks // addresses refused on link routes (link_limit.go)
}

// New parses the templates, translations and static assets, and returns the
// Fiber app with all routes. Start-up fails on a broken template or locale
// rather than on the first request.
func New(deps Deps) (*fiber.App, error) {
	h, err := newHandler(deps)
	if err != nil {
		return nil, err
	}
	if err := h.initApplicantPage(deps); err != nil {
		return nil, err
	}
	if err := h.initPrintPages(); err != nil {
		return nil, err
	}
	cfg := fiber.Config{
		Immutable:             true, // fasthttp reuses buffers; strings from the request must stay valid
		ErrorHandler:          h.handleError,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		// fasthttp's write deadline covers the whole response, and a
		// streamed export of a long period may take minutes: the limit is
		// the export's own (exportTimeout). The price: a client that reads
		// very slowly may hold its connection that long.
		WriteTimeout: exportTimeout,
		IdleTimeout:  120 * time.Second,
		// A CSV import may be as large as configured; the form around it
		// needs a little more. The import handler checks the file itself.
		BodyLimit: int(max(h.importMaxBytes(), 4<<20) + 1<<20),
	}
	if len(h.opts.TrustedProxies) > 0 {
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = h.opts.TrustedProxies
		cfg.EnableIPValidation = true
	}
	app := fiber.New(cfg)
	h.routes(app)
	return app, nil
}

func newHandler(deps Deps) (*Handler, error) {
	if deps.Store == nil {
		return nil, errors.New("handlers: new: Store is nil")
	}
	if deps.Now == nil {
		return nil, errors.New("handlers: new: Now is nil")
	}
	if deps.Logger == nil {
		return nil, errors.New("handlers: new: Logger is nil")
	}
	opts := deps.Options
	if opts.SessionIdle <= 0 {
		opts.SessionIdle = DefaultSessionIdle
	}
	if opts.SessionMax <= 0 {
		opts.SessionMax = DefaultSessionMax
	}
	if opts.LoginMaxFailures <= 0 {
		opts.LoginMaxFailures = DefaultLoginMaxFailures
	}
	if opts.LoginWindow <= 0 {
		opts.LoginWindow = DefaultLoginWindow
	}
	tr, err := views.NewTranslator(views.LocalesFS())
	if err != nil {
		return nil, fmt.Errorf("handlers: new: %w", err)
	}
	assets, err := views.NewAssets(views.StaticFS())
	if err != nil {
		return nil, fmt.Errorf("handlers: new: %w", err)
	}
	pages, err := views.NewRenderer(views.TemplatesFS(), tr, assets)
	if err != nil {
		return nil, fmt.Errorf("handlers: new: %w", err)
	}
	employerMail, err := mail.NewEmployerComposer()
	if err != nil {
		return nil, fmt.Errorf("handlers: new: %w", err)
	}
	registrationMail, err := mail.NewRegistrationComposer()
	if err != nil {
		return nil, fmt.Errorf("handlers: new: %w", err)
	}
	postcodes, err := postcode.Load()
	if err != nil {
		return nil, fmt.Errorf("handlers: new: %w", err)
	}
	mailFrom, err := parseMailFrom(opts.MailFrom)
	if err != nil {
		return nil, fmt.Errorf("handlers: new: %w", err)
	}
	return &Handler{linkBlocks: newLinkBlocks(), opts: opts, store: deps.Store, now: deps.Now, log: deps.Logger, tr: tr, assets: assets, pages: pages,
		employerMail: employerMail, registrationMail: registrationMail, postcodes: postcodes, mailFrom: mailFrom}, nil
}

// dbContext derives the context for store calls from the request's.
func dbContext(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.UserContext(), dbTimeout)
}
