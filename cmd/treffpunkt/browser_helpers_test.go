package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// chromiumPath is Debian's Chromium, which .ci/run installs. Browser tests
// fail (never skip) without it: a green run must mean a browser really ran.
const chromiumPath = "/usr/bin/chromium"

// repoRoot finds the module root so tests can reach .ci/node_modules and
// write screenshots to one predictable place.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// screenshotDir is where browser tests leave their pictures for people to
// look at: TREFFPUNKT_TEST_OUT, or testout/browser in the repository.
func screenshotDir(t *testing.T, sub string) string {
	t.Helper()
	base := os.Getenv("TREFFPUNKT_TEST_OUT")
	if base == "" {
		base = filepath.Join(repoRoot(t), "testout")
	}
	dir := filepath.Join(base, "browser", sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser is one headless Chromium with one tab.
type browser struct {
	t       *testing.T
	ctx     context.Context
	base    string // http://127.0.0.1:port
	shots   string
	axeJS   string
	counter int
}

func newBrowser(t *testing.T, baseURL, shotDir string) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is required for browser tests (apt-get install chromium; .ci/run does it): %v", err)
	}
	axePath := filepath.Join(repoRoot(t), ".ci", "node_modules", "axe-core", "axe.min.js")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is required for accessibility checks (npm ci --prefix .ci; .ci/run does it): %v", err)
	}
	// Not t.TempDir: Chromium's helpers may still write to the profile for a
	// moment after the browser quits, and that must not fail the test.
	profile, err := os.MkdirTemp("", "treffpunkt-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "de-DE"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// A whole journey with screenshots and axe runs takes well under a
	// minute on an idle machine; the limit only stops a hung browser, and
	// is generous because a loaded 2-core machine can be ten times slower.
	ctx, cancelTimeout := context.WithTimeout(ctx, 10*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	b := &browser{t: t, ctx: ctx, base: baseURL, shots: shotDir, axeJS: string(axe)}
	// axe is injected through the DevTools protocol; our CSP rightly forbids
	// foreign scripts, so the test tab alone bypasses it.
	b.run(chromedp.ActionFunc(func(ctx context.Context) error { return page.SetBypassCSP(true).Do(ctx) }))
	return b
}

func (b *browser) run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// open navigates to path and waits until the page's heading is visible.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+path), chromedp.WaitVisible("h1", chromedp.ByQuery))
}

// tick ticks a checkbox or radio button the way a keyboard user does:
// focus it and press the space bar. A mouse click at the element's centre
// lands on whatever is there at that moment, and on a loaded CI machine the
// page may still be settling (fonts, layout), which made such clicks miss.
// The box must be ticked afterwards, or the test stops here.
func (b *browser) tick(sel string) {
	b.t.Helper()
	var checked bool
	b.run(
		chromedp.WaitVisible(sel, chromedp.ByQuery),
		chromedp.Focus(sel, chromedp.ByQuery),
		chromedp.KeyEvent(" "),
		chromedp.Evaluate(fmt.Sprintf("document.querySelector(%q).checked", sel), &checked),
	)
	if !checked {
		b.t.Fatalf("%s is not ticked after pressing space on it", sel)
	}
}

func (b *browser) location() string {
	b.t.Helper()
	var loc string
	b.run(chromedp.Location(&loc))
	return strings.TrimPrefix(loc, b.base)
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	var s string
	b.run(chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

var unsafeName = regexp.MustCompile(`[^a-z0-9-]+`)

// screenshot saves the whole page as PNG, numbered in visiting order.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	var png []byte
	b.run(chromedp.FullScreenshot(&png, 100))
	b.counter++
	file := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.counter, unsafeName.ReplaceAllString(strings.ToLower(name), "-")))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return file
}

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// checkAccessibility runs axe-core on the current page and fails the test on
// any WCAG 2.1 A or AA violation.
func (b *browser) checkAccessibility(page string) {
	b.t.Helper()
	script := b.axeJS + `
;axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
     targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))`
	var violations []axeViolation
	b.run(chromedp.Evaluate(script, &violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	for _, v := range violations {
		j, _ := json.Marshal(v.Targets)
		b.t.Errorf("axe on %s: %s (%s): %s at %s", page, v.ID, v.Impact, v.Help, j)
	}
}

// serveApp listens on a free loopback port, builds the app for that base URL
// and serves it until the test ends.
func serveApp(t *testing.T, build func(baseURL string) (*fiber.App, error)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	app, err := build(base)
	if err != nil {
		ln.Close()
		t.Fatalf("build app: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()
	t.Cleanup(func() {
		if err := app.ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		<-done
	})
	return base
}

// serveStore serves the app exactly as `serve` builds it, over store, with
// the default configuration except the base URL of the test's port.
func serveStore(t *testing.T, store *models.Store, now func() time.Time) string {
	t.Helper()
	return serveApp(t, func(baseURL string) (*fiber.App, error) {
		cfg, err := loadConfig(envFrom(map[string]string{"TREFFPUNKT_BASE_URL": baseURL}), noFiles)
		if err != nil {
			return nil, err
		}
		return newApp(cfg, store, now, slog.New(slog.DiscardHandler))
	})
}

// loginStaff logs in through the real login form and waits until the
// page behind it shows waitFor.
func (b *browser) loginStaff(email, password, waitFor string) {
	b.t.Helper()
	b.open("/login")
	b.run(
		chromedp.SetValue(`#login-form input[name="email"]`, email, chromedp.ByQuery),
		chromedp.SetValue(`#login-form input[name="password"]`, password, chromedp.ByQuery),
		chromedp.Submit(`#login-form`, chromedp.ByQuery),
		chromedp.WaitVisible(waitFor, chromedp.ByQuery),
	)
}

// servePublishedDemo serves the app on the demo data, with the invitation
// service, so the demo's published event has its mails and personal links:
// what the applicant page, check-in and print tests start from.
func servePublishedDemo(t *testing.T, db *gorm.DB) (string, *models.Store, demo.Result) {
	t.Helper()
	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)
	var cfg *Config
	base := serveApp(t, func(baseURL string) (*fiber.App, error) {
		var err error
		cfg, err = loadConfig(envFrom(map[string]string{"TREFFPUNKT_BASE_URL": baseURL,
			"TREFFPUNKT_SECRET_KEY": strings.Repeat("d", 64)}), noFiles)
		if err != nil {
			return nil, err
		}
		return newApp(cfg, store, now, slog.New(slog.DiscardHandler))
	})
	invites, err := newInvites(cfg, now)
	testdb.Must(t, err)
	res, err := demo.Seed(context.Background(), store, demo.Options{Now: now(), HashPassword: handlers.HashPassword, Invites: invites})
	if err != nil {
		t.Fatalf("demo data: %v", err)
	}
	return base, store, res
}
