package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
	"treffpunkt/views/svgchart"
)

// parseStatsFilter reads the filter of the statistics page from the query.
// Every refused value gets a message next to its field; sectors must be
// one the job centre's employers have, so a typo is not silently "none".
func parseStatsFilter(c *fiber.Ctx, sectors []string) (views.StatsFilterForm, models.StatsFilter, views.FieldErrors) {
	form := views.StatsFilterForm{From: strings.TrimSpace(c.Query("from")), To: strings.TrimSpace(c.Query("to")),
		Kind: c.Query("kind"), Sector: c.Query("sector")}
	var f models.StatsFilter
	errs := views.FieldErrors{}
	date := func(field, raw string) *time.Time {
		d, ok := parseDay(raw, time.UTC) // event dates are compared as UTC days
		switch {
		case !ok:
			errs[field] = "stats.error.date"
		case !d.IsZero():
			return &d
		}
		return nil
	}
	f.From, f.To = date("from", form.From), date("to", form.To)
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		errs["to"] = "stats.error.range"
	}
	if form.Kind != "" {
		if k := models.EventKind(form.Kind); k.Valid() {
			f.Kind = k
		} else {
			errs["kind"] = "stats.error.kind"
		}
	}
	if form.Sector != "" {
		found := false
		for _, s := range sectors {
			found = found || s == form.Sector
		}
		if found {
			f.Sector = form.Sector
		} else {
			errs["sector"] = "stats.error.sector"
		}
	}
	return form, f, errs
}

// fillStatsPage turns the counts into localised figures, charts and their
// data tables. withMonths adds the chart over time (not for one event).
func (h *Handler) fillStatsPage(page *views.StatsPage, st models.Stats, withMonths bool) {
	lang := page.Lang
	t := func(key string, args ...any) string { return h.tr.T(lang, key, args...) }
	n := func(v int) string { return views.FormatInt(lang, v) }
	g := st.Total
	page.Empty = g.Events == 0
	none := t("stats.none")
	rate, hasRate := g.NoShowRate()
	perEvent, hasPerEvent := g.HiresPerEvent()
	median, hasMedian := g.MedianDaysToHire()
	mean, _ := g.MeanDaysToHire()
	opt := func(ok bool, s string) string {
		if !ok {
			return none
		}
		return s
	}
	page.Figures = []views.StatsRow{
		{Label: t("stats.figure.events"), Value: n(g.Events)},
		{Label: t("stats.figure.employers"), Value: n(g.Employers)},
		{Label: t("stats.figure.vacancies"), Value: n(g.Vacancies)},
		{Label: t("stats.figure.no_show_rate"), Value: opt(hasRate, views.FormatPercent(lang, rate))},
		{Label: t("stats.figure.hires"), Value: n(g.Hires)},
		{Label: t("stats.figure.hires_per_event"), Value: opt(hasPerEvent, views.FormatDecimal(lang, perEvent, 1))},
		{Label: t("stats.figure.days_median"), Value: opt(hasMedian, views.FormatDecimal(lang, median, 0))},
		{Label: t("stats.figure.days_mean"), Value: opt(hasMedian, views.FormatDecimal(lang, mean, 1))},
	}

	steps := []struct {
		key string
		v   int
	}{{"stats.step.shortlisted", g.Shortlisted}, {"stats.step.planned", g.Planned}, {"stats.step.confirmed", g.Confirmed},
		{"stats.step.attended", g.Attended}, {"stats.step.no_shows", g.NoShows}, {"stats.step.hires", g.Hires}}
	funnel := svgchart.Funnel{ID: "chart-funnel", Title: t("stats.funnel.title"), Desc: t("stats.funnel.desc")}
	for _, s := range steps {
		funnel.Bars = append(funnel.Bars, svgchart.Bar{Label: t(s.key), Value: s.v, Text: n(s.v)})
		page.FunnelRows = append(page.FunnelRows, views.StatsRow{Label: t(s.key), Value: n(s.v)})
	}
	page.Funnel = funnel.SVG()

	outcomes := svgchart.Funnel{ID: "chart-outcomes", Title: t("stats.outcomes.title"), Desc: t("stats.outcomes.desc"),
		Colour: svgchart.ColourTurquoise}
	for _, k := range models.OutcomeKinds() {
		label := t("outcome.kind." + string(k))
		outcomes.Bars = append(outcomes.Bars, svgchart.Bar{Label: label, Value: g.Outcomes[k], Text: n(g.Outcomes[k])})
		page.OutcomeRows = append(page.OutcomeRows, views.StatsRow{Label: label, Value: n(g.Outcomes[k])})
	}
	page.Outcomes = outcomes.SVG()

	if !withMonths || len(st.Months) == 0 {
		return
	}
	chart := svgchart.Columns{ID: "chart-months", Title: t("stats.months.title"), Desc: t("stats.months.desc"), TickText: n}
	planned := svgchart.Series{Name: t("stats.step.planned"), Colour: svgchart.ColourSlate}
	attended := svgchart.Series{Name: t("stats.step.attended"), Colour: svgchart.ColourBlue}
	hires := svgchart.Series{Name: t("stats.step.hires"), Colour: svgchart.ColourTurquoise}
	for _, m := range st.Months {
		label := t(fmt.Sprintf("stats.month.%d", int(m.Month.Month())), "Year", m.Month.Year())
		chart.Labels = append(chart.Labels, label)
		for _, p := range []struct {
			s *svgchart.Series
			v int
		}{{&planned, m.Planned}, {&attended, m.Attended}, {&hires, m.Hires}} {
			p.s.Values, p.s.Texts = append(p.s.Values, p.v), append(p.s.Texts, n(p.v))
		}
		page.MonthRows = append(page.MonthRows, views.StatsMonthRow{Month: label, Events: n(m.Events),
			Planned: n(m.Planned), Attended: n(m.Attended), NoShows: n(m.NoShows), Hires: n(m.Hires)})
	}
	chart.Series = []svgchart.Series{planned, attended, hires}
	page.Months = chart.SVG()
}
