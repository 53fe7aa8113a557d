package calendar

import (
	"fmt"
	"time"

	ical "github.com/emersion/go-ical"
)

// transition is one change of UTC offset of a zone.
type transition struct {
	at       time.Time // the instant, UTC
	from, to int       // offsets in seconds east of UTC
	name     string    // abbreviation after the change, e.g. CEST
	dst      bool
}

// Timezone returns a VTIMEZONE for loc in yearly-RRULE form, with the
// rules loc follows in year. Outlook shifts events by an hour or two when
// the VTIMEZONE is missing, and misreads RDATE lists, hence RRULEs. Rules
// are derived from the zone's transitions in that year as "n-th (or last)
// weekday of a month at a local time", which is how every European zone
// and most others are defined; a zone that changed its rules differs from
// the result only in the years before or after the change.
func Timezone(loc *time.Location, year int) (*ical.Component, error) {
	name := loc.String()
	if loc == time.Local || name == "Local" || name == "" {
		return nil, fmt.Errorf("calendar: timezone: %q is not an IANA zone name", name)
	}
	tz := ical.NewComponent(ical.CompTimezone)
	setRaw(tz, ical.PropTimezoneID, name)

	trs := transitions(loc, year)
	if len(trs) == 0 {
		jan := time.Date(year, time.January, 1, 0, 0, 0, 0, loc)
		abbr, off := jan.Zone()
		std := ical.NewComponent(ical.CompTimezoneStandard)
		setRaw(std, ical.PropDateTimeStart, "19700101T000000")
		setRaw(std, ical.PropTimezoneOffsetFrom, formatOffset(off))
		setRaw(std, ical.PropTimezoneOffsetTo, formatOffset(off))
		setRaw(std, ical.PropTimezoneName, abbr)
		tz.Children = append(tz.Children, std)
		return tz, nil
	}
	for _, tr := range trs {
		kind := ical.CompTimezoneStandard
		if tr.dst {
			kind = ical.CompTimezoneDaylight
		}
		// The onset is given in the wall clock before the change.
		onset := tr.at.In(time.FixedZone("", tr.from))
		week, last := weekOfMonth(onset)
		byday := fmt.Sprintf("%d%s", week, weekdayCode(onset.Weekday()))
		if last {
			byday = "-1" + weekdayCode(onset.Weekday())
		}
		first := firstOccurrence(1970, onset.Month(), onset.Weekday(), week, last)
		obs := ical.NewComponent(kind)
		setRaw(obs, ical.PropDateTimeStart, fmt.Sprintf("%04d%02d%02dT%02d%02d%02d",
			first.Year(), first.Month(), first.Day(), onset.Hour(), onset.Minute(), onset.Second()))
		setRaw(obs, ical.PropRecurrenceRule, fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s", int(onset.Month()), byday))
		setRaw(obs, ical.PropTimezoneOffsetFrom, formatOffset(tr.from))
		setRaw(obs, ical.PropTimezoneOffsetTo, formatOffset(tr.to))
		setRaw(obs, ical.PropTimezoneName, tr.name)
		tz.Children = append(tz.Children, obs)
	}
	return tz, nil
}

// transitions finds the offset changes of loc in year: a daily scan, then
// a binary search to the second.
func transitions(loc *time.Location, year int) []transition {
	var out []transition
	start := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(year+1, time.January, 1, 0, 0, 0, 0, time.UTC)
	offsetAt := func(t time.Time) int { _, off := t.In(loc).Zone(); return off }
	for day := start; day.Before(end); day = day.Add(24 * time.Hour) {
		next := day.Add(24 * time.Hour)
		if offsetAt(day) == offsetAt(next) {
			continue
		}
		lo, hi := day, next // offset(lo) is old, offset(hi) is new
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if offsetAt(mid) == offsetAt(lo) {
				lo = mid
			} else {
				hi = mid
			}
		}
		after := hi.In(loc)
		abbr, off := after.Zone()
		out = append(out, transition{at: hi, from: offsetAt(lo), to: off, name: abbr, dst: after.IsDST()})
	}
	return out
}

// weekOfMonth returns n for "the n-th weekday of the month" and whether it
// is also the last such weekday; rules say "last Sunday", not "5th".
func weekOfMonth(t time.Time) (int, bool) {
	week := (t.Day()-1)/7 + 1
	daysInMonth := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return week, t.Day()+7 > daysInMonth
}

func firstOccurrence(year int, month time.Month, wd time.Weekday, week int, last bool) time.Time {
	if last {
		d := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	d := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(week-1))
}

func weekdayCode(wd time.Weekday) string {
	return [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[wd]
}

func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign = '-'
		sec = -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}
