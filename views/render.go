package views

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"time"
)

// layoutFile and partialsFile are parsed into every page's template set.
const (
	layoutFile   = "layout.html"
	partialsFile = "partials.html"
)

// Renderer executes page templates. Every page has its own template set per
// language (layout + partials + page), parsed once at start-up: separate sets
// keep same-named {{define}} blocks of different pages apart, and one set per
// language binds "t" to that language without cloning per request.
type Renderer struct {
	sets map[string]map[string]*template.Template // lang → page → set
}

// NewRenderer parses all pages of tfs for every language of tr.
func NewRenderer(tfs fs.FS, tr *Translator, assets *Assets) (*Renderer, error) {
	names, err := fs.Glob(tfs, "*.html")
	if err != nil {
		return nil, fmt.Errorf("views: list templates: %w", err)
	}
	r := &Renderer{sets: map[string]map[string]*template.Template{}}
	for _, lang := range tr.Languages() {
		r.sets[lang] = map[string]*template.Template{}
		for _, n := range names {
			if n == layoutFile || n == partialsFile {
				continue
			}
			page := strings.TrimSuffix(path.Base(n), ".html")
			set, err := template.New(page).Funcs(funcs(lang, tr, assets)).ParseFS(tfs, layoutFile, partialsFile, n)
			if err != nil {
				return nil, fmt.Errorf("views: parse page %s: %w", page, err)
			}
			r.sets[lang][page] = set
		}
	}
	return r, nil
}

// Pages lists the page names, for tests.
func (r *Renderer) Pages() []string {
	var out []string
	for p := range r.sets[DefaultLanguage] {
		out = append(out, p)
	}
	return out
}

// Render executes page in lang with data and returns the HTML. It renders
// into a buffer so that a failing template never sends half a page.
func (r *Renderer) Render(lang, page string, data any) ([]byte, error) {
	sets, ok := r.sets[lang]
	if !ok {
		sets = r.sets[DefaultLanguage]
	}
	set, ok := sets[page]
	if !ok {
		return nil, fmt.Errorf("views: unknown page %q", page)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, layoutFile, data); err != nil {
		return nil, fmt.Errorf("views: render %s/%s: %w", lang, page, err)
	}
	return buf.Bytes(), nil
}

func funcs(lang string, tr *Translator, assets *Assets) template.FuncMap {
	return template.FuncMap{
		"t":        func(key string, args ...any) string { return tr.T(lang, key, args...) },
		"tn":       func(key string, n int, args ...any) string { return tr.N(lang, key, n, args...) },
		"date":     func(t time.Time) string { return tr.Date(lang, t) },
		"time":     func(t time.Time) string { return tr.Time(lang, t) },
		"datetime": func(t time.Time) string { return tr.DateTime(lang, t) },
		"static":   assets.URL,
		"isodate":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}
}
