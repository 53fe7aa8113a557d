package views

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"treffpunkt/models"
)

// PageStats is the statistics page, across events (/stats) or for one
// event (/events/:id/stats).
const PageStats = "stats"

// StatsFilterForm is the filter as typed, kept for redisplay.
type StatsFilterForm struct {
	From   string // yyyy-mm-dd
	To     string
	Kind   string
	Sector string
}

// StatsPage shows key figures, the funnel and outcomes as charts with
// their data tables, and for several events the months.
type StatsPage struct {
	Layout
	Event   *models.Event // set on the per-event page
	Filter  StatsFilterForm
	Errors  FieldErrors
	Kinds   []models.EventKind
	Sectors []string
	Invalid bool // the filter was refused: no figures shown
	Empty   bool // no event matches

	Figures     []StatsRow // key figures, values localised
	Funnel      template.HTML
	FunnelRows  []StatsRow
	Outcomes    template.HTML
	OutcomeRows []StatsRow
	Months      template.HTML
	MonthRows   []StatsMonthRow
}

// StatsRow is one labelled, localised figure. Label is a translated text.
type StatsRow struct {
	Label string
	Value string
}

// StatsMonthRow is one month of the data table under the chart over time.
type StatsMonthRow struct {
	Month                                     string
	Events, Planned, Attended, NoShows, Hires string
}

// FormatInt writes n with the language's thousands separator:
// "12.345" in German, "12,345" in English.
func FormatInt(lang string, n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "."
	if lang != DefaultLanguage {
		sep = ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatDecimal writes f with digits decimals and the language's decimal
// mark: "2,5" in German, "2.5" in English; grouping as FormatInt.
func FormatDecimal(lang string, f float64, digits int) string {
	pow := math.Pow10(digits)
	r := math.Round(math.Abs(f) * pow)
	whole := int(r / pow)
	out := FormatInt(lang, whole)
	if f < 0 && r != 0 {
		out = "-" + out
	}
	if digits > 0 {
		frac := strconv.Itoa(int(r) - whole*int(pow))
		frac = strings.Repeat("0", digits-len(frac)) + frac
		mark := ","
		if lang != DefaultLanguage {
			mark = "."
		}
		out += mark + frac
	}
	return out
}

// FormatPercent writes a share 0…1 as a percentage with one decimal:
// "28,6 %" in German (with the space DIN 5008 asks for), "28.6%" in English.
func FormatPercent(lang string, share float64) string {
	if lang == DefaultLanguage {
		return FormatDecimal(lang, share*100, 1) + "\u00a0%"
	}
	return FormatDecimal(lang, share*100, 1) + "%"
}
