package views

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"treffpunkt/models"
)

// localeKeys parses every locale file into the set of keys per language,
// merging the files of all areas, and fails on a key defined twice in one
// language (go-i18n would silently keep one of them).
func localeKeys(t *testing.T) map[string]map[string]bool {
	t.Helper()
	names, err := fs.Glob(LocalesFS(), "*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no locale files: %v", err)
	}
	out := map[string]map[string]bool{}
	for _, n := range names {
		b, err := fs.ReadFile(LocalesFS(), n)
		if err != nil {
			t.Fatalf("read %s: %v", n, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("parse %s: %v", n, err)
		}
		lang := LocaleFileLanguage(n)
		if out[lang] == nil {
			out[lang] = map[string]bool{}
		}
		for k := range m {
			if out[lang][k] {
				t.Errorf("key %q is defined twice for %s (again in %s)", k, lang, n)
			}
			out[lang][k] = true
		}
	}
	return out
}

func TestEveryLocaleHasEveryKey(t *testing.T) {
	locales := localeKeys(t)
	for _, want := range []string{"de", "en"} {
		if locales[want] == nil {
			t.Fatalf("locale %s is missing", want)
		}
	}
	all := map[string]bool{}
	for _, keys := range locales {
		for k := range keys {
			all[k] = true
		}
	}
	for lang, keys := range locales {
		var missing []string
		for k := range all {
			if !keys[k] {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("locale %s lacks %d keys: %v", lang, len(missing), missing)
		}
	}
}

// templateKey finds literal keys of the t and tn template functions.
var templateKey = regexp.MustCompile(`\b(?:t|tn) "([^"]+)"`)

func TestEveryTemplateKeyExists(t *testing.T) {
	locales := localeKeys(t)
	names, err := fs.Glob(TemplatesFS(), "*.html")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, n := range names {
		b, err := fs.ReadFile(TemplatesFS(), n)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") {
				continue // a prefix completed at run time; see TestEnumKeysExist
			}
			found++
			for lang, keys := range locales {
				if !keys[key] {
					t.Errorf("%s uses key %q that locale %s lacks", n, key, lang)
				}
			}
		}
	}
	if found < 50 {
		t.Fatalf("found only %d translation calls in templates; is the pattern broken?", found)
	}
}

// TestEnumKeysExist covers keys the templates build from enum values, e.g.
// (print "event.kind." .Kind).
func TestEnumKeysExist(t *testing.T) {
	var keys []string
	for _, k := range []models.EventKind{models.EventKindJobFair, models.EventKindSpeedDating, models.EventKindGroupSession} {
		keys = append(keys, "event.kind."+string(k))
	}
	for _, s := range []models.EventStatus{models.EventDraft, models.EventOpen, models.EventClosed, models.EventPublished, models.EventDone} {
		keys = append(keys, "event.status."+string(s))
	}
	for _, s := range []models.RegistrationStatus{models.RegistrationRegistered, models.RegistrationWaiting, models.RegistrationCancelled} {
		keys = append(keys, "registration.status."+string(s))
	}
	for _, l := range models.Languages() {
		keys = append(keys, "language."+string(l))
	}
	for _, r := range []models.Role{models.RoleAdmin, models.RoleStaff} {
		keys = append(keys, "role."+string(r))
	}
	for _, h := range []models.Hours{models.HoursFull, models.HoursPart} {
		keys = append(keys, "vacancy.hours."+string(h))
	}
	for i := 0; i < 7; i++ {
		keys = append(keys, "date.weekday."+strconv.Itoa(i))
	}
	for _, code := range []int{400, 403, 404, 405, 413, 429, 500, 503} {
		c := strconv.Itoa(code)
		keys = append(keys, "error."+c+".title", "error."+c+".message")
	}
	for lang, have := range localeKeys(t) {
		for _, k := range keys {
			if !have[k] {
				t.Errorf("locale %s lacks %q", lang, k)
			}
		}
	}
}

func TestDateFormats(t *testing.T) {
	tr, err := NewTranslator(LocalesFS())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		lang string
		at   time.Time
		fn   func(string, time.Time) string
		want string
	}{
		{"winter de", "de", time.Date(2026, 12, 14, 8, 0, 0, 0, time.UTC), tr.DateTime, "Mo., 14.12.2026, 09:00 Uhr"},
		{"winter en", "en", time.Date(2026, 12, 14, 8, 0, 0, 0, time.UTC), tr.DateTime, "Mon, 14 Dec 2026, 09:00"},
		// Summer time starts on 29 March 2026 at 02:00 CET: 01:30 UTC is 03:30 CEST.
		{"after DST switch", "de", time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), tr.Time, "03:30 Uhr"},
		{"before DST switch", "de", time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), tr.Time, "01:30 Uhr"},
		// Late evening UTC is already the next day in Berlin.
		{"day boundary", "de", time.Date(2026, 10, 24, 22, 30, 0, 0, time.UTC), tr.Date, "So., 25.10.2026"},
		{"unknown language falls back to German", "fr", time.Date(2026, 12, 14, 8, 0, 0, 0, time.UTC), tr.Date, "Mo., 14.12.2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.lang, tt.at); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLanguageMatching(t *testing.T) {
	tr, err := NewTranslator(LocalesFS())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ header, want string }{
		{"", "de"},
		{"en-GB,en;q=0.9", "en"},
		{"de-AT", "de"},
		{"fr-FR, en;q=0.5", "en"},
		{"fr-FR", "de"},
		{"%%%garbage", "de"},
	}
	for _, tt := range tests {
		if got := tr.Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
	if got := tr.Dir("de"); got != "ltr" {
		t.Errorf("Dir(de) = %q", got)
	}
	if got := tr.N("en", "applicants.count", 1); got != "1 person found" {
		t.Errorf("plural one = %q", got)
	}
	if got := tr.N("de", "applicants.count", 3); got != "3 Personen gefunden" {
		t.Errorf("plural other = %q", got)
	}
}

func TestAssets(t *testing.T) {
	a, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := a.URL("kern/fonts/fira-sans.css")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(strings.TrimPrefix(fonts, StaticPrefix), "/", 2)
	css, ok := a.Lookup(parts[0], parts[1])
	if !ok {
		t.Fatalf("Lookup of its own URL %s failed", fonts)
	}
	// Every url() in the CSS must point at a hashed asset we serve.
	refs := cssURL.FindAllStringSubmatch(string(css.Body), -1)
	if len(refs) == 0 {
		t.Fatal("fira-sans.css has no url() references")
	}
	for _, m := range refs {
		p := strings.SplitN(strings.TrimPrefix(m[2], StaticPrefix), "/", 2)
		if len(p) != 2 {
			t.Fatalf("reference %q not rewritten", m[2])
		}
		font, ok := a.Lookup(p[0], p[1])
		if !ok {
			t.Fatalf("reference %q does not resolve", m[2])
		}
		if font.ContentType != "font/woff2" {
			t.Errorf("%s has type %q", font.Path, font.ContentType)
		}
	}
	if _, ok := a.Lookup("0000000000000000", "app.css"); ok {
		t.Error("Lookup accepted a wrong hash")
	}
	if _, err := a.URL("nope.css"); err == nil {
		t.Error("URL of an unknown asset succeeded")
	}
	if _, err := a.URL("kern/update.sh"); err == nil {
		t.Error("the vendoring script is served")
	}
}

func TestEveryPageParses(t *testing.T) {
	tr, err := NewTranslator(LocalesFS())
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(TemplatesFS(), tr, a)
	if err != nil {
		t.Fatal(err)
	}
	// Features add pages; the foundation's must always be there.
	pages := map[string]bool{}
	for _, p := range r.Pages() {
		pages[p] = true
	}
	for _, want := range []string{PageApplicant, PageApplicants, PageEmployer, PageEmployers, PageError, PageEvent, PageEvents, PageLogin, PageStaff, PageStaffNew, PageStaffUser} {
		if !pages[want] {
			t.Errorf("page %q was not parsed; have %v", want, r.Pages())
		}
	}
	body, err := r.Render("en", PageError, ErrorPage{Layout: Layout{Lang: "en", Dir: "ltr", RequestID: "abc123"}, Status: 404, TitleKey: "error.404.title", MessageKey: "error.404.message"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`<html lang="en" dir="ltr">`, "Page not found", "abc123", `href="#main"`} {
		if !strings.Contains(string(body), s) {
			t.Errorf("error page lacks %q", s)
		}
	}
	if strings.Contains(string(body), "style=") || strings.Contains(string(body), "<script") {
		t.Error("page has inline style or script, which the CSP forbids")
	}
}
