package mail

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultLocale is used for recipients whose language Treffpunkt does not
// speak: the staff and most employers read German.
const DefaultLocale = "de"

// catalog maps translation keys to strings with {name} placeholders.
type catalog map[string]string

// loadCatalogs reads every templates/locales/<area>.<lang>.json and merges
// the areas of one language; each kind of mail keeps its own files. A key
// defined twice for one language is an error, not a silent override.
func loadCatalogs(fsys fs.FS) (map[string]catalog, error) {
	files, err := fs.Glob(fsys, "templates/locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("mail: list locales: %w", err)
	}
	out := make(map[string]catalog, len(files))
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("mail: read locale %s: %w", f, err)
		}
		var c catalog
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, fmt.Errorf("mail: parse locale %s: %w", f, err)
		}
		base := strings.TrimSuffix(path.Base(f), ".json")
		lang := base[strings.LastIndex(base, ".")+1:]
		if out[lang] == nil {
			out[lang] = catalog{}
		}
		for k, v := range c {
			if _, dup := out[lang][k]; dup {
				return nil, fmt.Errorf("mail: locale %s: key %q is defined twice for %s", f, k, lang)
			}
			out[lang][k] = v
		}
	}
	if _, ok := out[DefaultLocale]; !ok {
		return nil, fmt.Errorf("mail: locale %q is missing", DefaultLocale)
	}
	return out, nil
}

// t returns the translation of key with {name} placeholders filled from
// pairs (name, value, name, value, …). A missing key yields the key itself
// so that a gap shows in the mail instead of failing the send; the
// catalogue test makes sure no key is missing.
func (c catalog) t(key string, pairs ...string) string {
	s, ok := c[key]
	if !ok {
		return key
	}
	if len(pairs) == 0 {
		return s
	}
	args := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		args = append(args, "{"+pairs[i]+"}", pairs[i+1])
	}
	return strings.NewReplacer(args...).Replace(s)
}

// date formats the calendar date of t (already in the event's zone).
func (c catalog) date(t time.Time) string {
	return c.t("date.format",
		"weekday", c.t("weekday."+strconv.Itoa(int(t.Weekday()))),
		"day", strconv.Itoa(t.Day()),
		"month", c.t("month."+strconv.Itoa(int(t.Month()))),
		"year", strconv.Itoa(t.Year()))
}

// timeRange formats the clock times of start and end, 24-hour everywhere:
// that is what the applicant sees on signs and timetables in Germany.
func (c catalog) timeRange(start, end time.Time) string {
	return c.t("time.range", "start", start.Format("15:04"), "end", end.Format("15:04"))
}

// matchLocale maps a language tag such as "de-DE", "AR" or "uk_UA" to a
// supported locale, falling back to DefaultLocale.
func matchLocale(catalogs map[string]catalog, tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if _, ok := catalogs[tag]; ok {
		return tag
	}
	return DefaultLocale
}

func sortedLocales(catalogs map[string]catalog) []string {
	out := make([]string, 0, len(catalogs))
	for l := range catalogs {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}
