package matching

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Daily is a range of clock times on every day, e.g. childcare hours
// 08:30–13:30, in minutes after midnight local time.
type Daily struct{ From, Until int }

// ErrDaily is returned for availability text that is not a list of time
// ranges.
var ErrDaily = errors.New("not a list of time ranges like 08:30-13:30")

var dailyRange = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|bis|to)\s*(\d{1,2})(?:[:.](\d{2}))?(?:\s*uhr)?$`)

// ParseDaily reads "08:30-13:30", "8-12, 14:00-16:00", "8.30 bis 13.30 Uhr"
// (ranges separated by ",", ";", "/" or "und"/"and"). Empty text means no
// restriction and yields nil. Ranges are sorted and must not overlap.
func ParseDaily(s string) ([]Daily, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return nil, nil
	}
	parts := strings.FieldsFunc(strings.NewReplacer(" und ", ",", " and ", ",").Replace(s), func(r rune) bool {
		return r == ',' || r == ';' || r == '/'
	})
	var out []Daily
	for _, part := range parts {
		m := dailyRange.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil, fmt.Errorf("matching: availability %q: %w", part, ErrDaily)
		}
		from, err1 := clock(m[1], m[2])
		until, err2 := clock(m[3], m[4])
		if err := errors.Join(err1, err2); err != nil || until <= from {
			return nil, fmt.Errorf("matching: availability %q: %w", part, ErrDaily)
		}
		out = append(out, Daily{From: from, Until: until})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From < out[j].From })
	for i := 1; i < len(out); i++ {
		if out[i].From < out[i-1].Until {
			return nil, fmt.Errorf("matching: availability %q: ranges overlap: %w", s, ErrDaily)
		}
	}
	return out, nil
}

func clock(h, m string) (int, error) {
	hh, err := strconv.Atoi(h)
	if err != nil {
		return 0, err
	}
	mm := 0
	if m != "" {
		if mm, err = strconv.Atoi(m); err != nil {
			return 0, err
		}
	}
	if hh > 24 || mm > 59 || (hh == 24 && mm > 0) {
		return 0, ErrDaily
	}
	return hh*60 + mm, nil
}

// FormatDaily writes ranges in the normal form ParseDaily reads back,
// "08:30-13:30, 14:00-16:00".
func FormatDaily(ds []Daily) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%02d:%02d-%02d:%02d", d.From/60, d.From%60, d.Until/60, d.Until%60)
	}
	return strings.Join(parts, ", ")
}

// OnDays turns daily ranges into windows on each day, clipped to the day's
// opening hours. The clock times are read in loc (the event's zone), so
// 08:30 stays 08:30 on both sides of a daylight-saving change. No ranges
// means the whole of each day.
func OnDays(ds []Daily, days []Window, loc *time.Location) []Window {
	var out []Window
	for _, day := range days {
		if len(ds) == 0 {
			out = append(out, day)
			continue
		}
		y, m, d := day.Start.In(loc).Date()
		for _, r := range ds {
			w := Window{
				Start: time.Date(y, m, d, r.From/60, r.From%60, 0, 0, loc),
				End:   time.Date(y, m, d, r.Until/60, r.Until%60, 0, 0, loc),
			}
			if w.Start.Before(day.Start) {
				w.Start = day.Start
			}
			if w.End.After(day.End) {
				w.End = day.End
			}
			if w.End.After(w.Start) {
				out = append(out, w)
			}
		}
	}
	return out
}
