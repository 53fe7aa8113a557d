package views

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Berlin must resolve even in a scratch container.

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// DefaultLanguage is the UI language when nothing else decides: the users are
// German job centres.
const DefaultLanguage = "de"

// DisplayZone is the zone in which all instants are shown. Job centres are in
// Germany; instants are stored in UTC.
const DisplayZone = "Europe/Berlin"

// Translator localises strings, dates and times for the UI languages. Each
// area of the app keeps its own locales/<area>.<lang>.json files (flat keys,
// go-i18n format), so features add strings without editing one shared file.
type Translator struct {
	langs      []string // supported languages, default first
	localizers map[string]*i18n.Localizer
	matcher    language.Matcher
	zone       *time.Location
	dirs       map[string]string
}

// NewTranslator loads every <lang>.json of fsys. The default language must
// be among them.
func NewTranslator(fsys fs.FS) (*Translator, error) {
	bundle := i18n.NewBundle(language.German)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("views: list locales: %w", err)
	}
	langs := []string{DefaultLanguage}
	for _, n := range names {
		if _, err := bundle.LoadMessageFileFS(fsys, n); err != nil {
			return nil, fmt.Errorf("views: load locale %s: %w", n, err)
		}
		if l := LocaleFileLanguage(n); !contains(langs, l) {
			langs = append(langs, l)
		}
	}
	hasDefault := false
	for _, n := range names {
		hasDefault = hasDefault || LocaleFileLanguage(n) == DefaultLanguage
	}
	if !hasDefault {
		return nil, fmt.Errorf("views: no locale file for the default language %s", DefaultLanguage)
	}
	sort.Strings(langs[1:])
	zone, err := time.LoadLocation(DisplayZone)
	if err != nil {
		return nil, fmt.Errorf("views: load zone %s: %w", DisplayZone, err)
	}
	tr := &Translator{langs: langs, localizers: map[string]*i18n.Localizer{}, zone: zone, dirs: map[string]string{}}
	tags := make([]language.Tag, 0, len(langs))
	for _, l := range langs {
		tags = append(tags, language.Make(l))
		tr.localizers[l] = i18n.NewLocalizer(bundle, l)
		tr.dirs[l] = tr.T(l, "meta.dir")
	}
	tr.matcher = language.NewMatcher(tags)
	return tr, nil
}

// LocaleFileLanguage is the language of a locale file: the last
// dot-separated part before .json ("events.en.json" → "en").
func LocaleFileLanguage(name string) string {
	base := strings.TrimSuffix(path.Base(name), ".json")
	return base[strings.LastIndex(base, ".")+1:]
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Languages returns the supported UI languages, the default first.
func (t *Translator) Languages() []string { return append([]string(nil), t.langs...) }

// Supported reports whether lang is one of the UI languages.
func (t *Translator) Supported(lang string) bool { _, ok := t.localizers[lang]; return ok }

// Match picks the best UI language for an Accept-Language header value; the
// default language when nothing fits or the header is malformed.
func (t *Translator) Match(acceptLanguage string) string {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return DefaultLanguage
	}
	_, idx, conf := t.matcher.Match(prefs...)
	if conf == language.No {
		return DefaultLanguage
	}
	return t.langs[idx]
}

// Dir is the writing direction of lang ("ltr" or "rtl") for the dir attribute.
func (t *Translator) Dir(lang string) string {
	if d := t.dirs[lang]; d == "rtl" {
		return d
	}
	return "ltr"
}

// T translates key into lang. args are name/value pairs for the message's
// template, e.g. T("de", "login.locked", "Minutes", 15). A missing key yields
// the key itself, which the locale tests catch before users see it.
func (t *Translator) T(lang, key string, args ...any) string {
	return t.localize(lang, key, nil, args)
}

// N translates a message with plural forms for count n; the message gets
// {{.Count}} as well as args.
func (t *Translator) N(lang, key string, n int, args ...any) string {
	return t.localize(lang, key, n, append(args, "Count", n))
}

func (t *Translator) localize(lang, key string, count any, args []any) string {
	loc, ok := t.localizers[lang]
	if !ok {
		loc = t.localizers[DefaultLanguage]
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if name, ok := args[i].(string); ok {
			data[name] = args[i+1]
		}
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil {
		return key
	}
	return s
}

// Date formats the calendar day of tm in the display zone, e.g.
// "Mo., 14.12.2026" or "Mon, 14 Dec 2026".
func (t *Translator) Date(lang string, tm time.Time) string {
	return t.T(lang, "date.format.date", t.dateArgs(lang, tm)...)
}

// Time formats the wall-clock time of tm in the display zone, e.g. "09:00 Uhr".
func (t *Translator) Time(lang string, tm time.Time) string {
	return t.T(lang, "date.format.time", t.dateArgs(lang, tm)...)
}

// DateTime formats day and time, e.g. "Mo., 14.12.2026, 09:00 Uhr".
func (t *Translator) DateTime(lang string, tm time.Time) string {
	return t.T(lang, "date.format.datetime", "Date", t.Date(lang, tm), "Time", t.Time(lang, tm))
}

func (t *Translator) dateArgs(lang string, tm time.Time) []any {
	l := tm.In(t.zone)
	return []any{
		"Weekday", t.T(lang, "date.weekday."+strconv.Itoa(int(l.Weekday()))),
		"Day", l.Day(),
		"DD", fmt.Sprintf("%02d", l.Day()),
		"MM", fmt.Sprintf("%02d", int(l.Month())),
		"Month", t.T(lang, "date.month."+strconv.Itoa(int(l.Month()))),
		"YYYY", l.Year(),
		"HH", fmt.Sprintf("%02d", l.Hour()),
		"Min", fmt.Sprintf("%02d", l.Minute()),
	}
}
