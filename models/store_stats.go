package models

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Statistics (issue 7): what came of the events, as job centres report it.
// The definitions below are the ones the statistics page explains; the
// tests compare every figure with a plain SQL count written from them.
//
//   - An event's date is its first day. The period filter and the month
//     of the time series use it; an event without days has no date, so a
//     period filter leaves it out and the time series skips it.
//   - Employers: distinct employers with a registration of status
//     "registered" (not waiting, not cancelled). Vacancies: distinct
//     vacancies those registrations bring.
//   - Shortlisted: shortlist pairs (candidates).
//   - Planned: interviews except cancelled ones; declined ones were on the
//     plan and count. Confirmed: interviews confirmed, attended or marked
//     no-show, i.e. those that stood on the day's plan. Attended, no-shows:
//     their status.
//   - No-show rate: no-shows / (attended + no-shows).
//   - Outcomes: the current outcome of each interview, per kind.
//   - Hires: full-time and part-time hires and apprenticeships, because an
//     apprenticeship contract is employment subject to social insurance
//     and job centres report it as an integration. Internship, trial work
//     and entry qualification are steps towards that, not hires.
//   - Hires per event: hires / events held, where an event counts as held
//     once it has an attended or no-show interview (so future events in
//     the selection do not dilute the rate, and no clock is needed).
//   - Days to hire: from the event's date to the start date recorded with
//     the hire; hires without a start date are left out of median and mean.
//   - Sector filter: only that sector's employers, their vacancies,
//     shortlist pairs and interviews, and only events one of them was
//     registered for.
//
// All counting happens in SQL with GROUP BY per event; Go only adds the
// per-event rows into totals and months (a portable month expression
// differs between the dialects) and takes the median, which neither
// dialect computes portably.

// StatsFilter selects the events the statistics cover. Zero values select
// everything of the job centre.
type StatsFilter struct {
	From, To *time.Time // event date range, inclusive, calendar days (midnight UTC)
	Kind     EventKind  // "" = every kind
	Sector   string     // employer sector, "" = every sector
	EventID  int64      // 0 = every event
}

// HireKinds are the outcome kinds counted as hires (see above).
func HireKinds() []OutcomeKind {
	return []OutcomeKind{OutcomeApprenticeship, OutcomeHireFullTime, OutcomeHirePartTime}
}

// StatsFigures are the counts for a selection of events or one month.
type StatsFigures struct {
	Events      int // events selected
	EventsHeld  int // of those, with an attended or no-show interview
	Employers   int // distinct registered employers (totals only, not per month)
	Vacancies   int // distinct vacancies brought (totals only)
	Shortlisted int
	Planned     int
	Confirmed   int
	Attended    int
	NoShows     int
	Outcomes    map[OutcomeKind]int // current outcome per interview
	Hires       int
	HireDays    []int // days from event date to hire start, sorted; hires without a start date are missing
}

// NoShowRate is no-shows / (attended + no-shows); ok is false while
// nobody was expected yet.
func (f StatsFigures) NoShowRate() (rate float64, ok bool) {
	if n := f.Attended + f.NoShows; n > 0 {
		return float64(f.NoShows) / float64(n), true
	}
	return 0, false
}

// HiresPerEvent is hires / events held; ok is false before any event was held.
func (f StatsFigures) HiresPerEvent() (float64, bool) {
	if f.EventsHeld == 0 {
		return 0, false
	}
	return float64(f.Hires) / float64(f.EventsHeld), true
}

// MedianDaysToHire is the median of HireDays; ok is false without any.
func (f StatsFigures) MedianDaysToHire() (float64, bool) {
	n := len(f.HireDays)
	if n == 0 {
		return 0, false
	}
	if n%2 == 1 {
		return float64(f.HireDays[n/2]), true
	}
	return float64(f.HireDays[n/2-1]+f.HireDays[n/2]) / 2, true
}

// MeanDaysToHire is the mean of HireDays; ok is false without any.
func (f StatsFigures) MeanDaysToHire() (float64, bool) {
	if len(f.HireDays) == 0 {
		return 0, false
	}
	sum := 0
	for _, d := range f.HireDays {
		sum += d
	}
	return float64(sum) / float64(len(f.HireDays)), true
}

// add adds the per-event counts of o (not Employers and Vacancies, which
// are distinct across events and counted separately).
func (f *StatsFigures) add(o StatsFigures) {
	f.Events += o.Events
	f.EventsHeld += o.EventsHeld
	f.Shortlisted += o.Shortlisted
	f.Planned += o.Planned
	f.Confirmed += o.Confirmed
	f.Attended += o.Attended
	f.NoShows += o.NoShows
	f.Hires += o.Hires
	f.HireDays = append(f.HireDays, o.HireDays...)
	for k, n := range o.Outcomes {
		if f.Outcomes == nil {
			f.Outcomes = map[OutcomeKind]int{}
		}
		f.Outcomes[k] += n
	}
}

// StatsMonth is one calendar month of the time series: the events whose
// date falls in it.
type StatsMonth struct {
	Month time.Time // first day of the month, midnight UTC
	StatsFigures
}

// Stats is the result of Statistics.
type Stats struct {
	Total  StatsFigures
	Months []StatsMonth // from the first to the last month with an event, gaps filled with zeros
}

// Statistics counts the figures of the job centre's events selected by f.
func (s *Store) Statistics(ctx context.Context, jobCentreID int64, f StatsFilter) (Stats, error) {
	var out Stats
	type eventRow struct {
		ID       int64
		FirstDay sqlDate
	}
	var events []eventRow
	if err := s.statsEvents(ctx, jobCentreID, f).
		Select("events.id, (SELECT MIN(d.date) FROM event_days d WHERE d.event_id = events.id) AS first_day").
		Scan(&events).Error; err != nil {
		return out, translate(err, "statistics: select events of job centre %d", jobCentreID)
	}
	per := make(map[int64]*StatsFigures, len(events))
	days := make(map[int64]sqlDate, len(events))
	for _, e := range events {
		per[e.ID] = &StatsFigures{Events: 1, Outcomes: map[OutcomeKind]int{}}
		days[e.ID] = e.FirstDay
	}

	// Interviews by status and by current outcome, per event, in one pass.
	// The outcome columns are named after OutcomeKinds (constants, never
	// user input), one conditional sum each.
	cols := []string{"interviews.event_id",
		"SUM(CASE WHEN interviews.status <> 'cancelled' THEN 1 ELSE 0 END) AS planned",
		"SUM(CASE WHEN interviews.status IN ('confirmed', 'attended', 'no_show') THEN 1 ELSE 0 END) AS confirmed",
		"SUM(CASE WHEN interviews.status = 'attended' THEN 1 ELSE 0 END) AS attended",
		"SUM(CASE WHEN interviews.status = 'no_show' THEN 1 ELSE 0 END) AS no_shows"}
	for _, k := range OutcomeKinds() {
		cols = append(cols, fmt.Sprintf("SUM(CASE WHEN outcomes.kind = '%s' THEN 1 ELSE 0 END) AS o_%s", k, k))
	}
	var ivRows []map[string]any
	if err := s.statsInterviews(ctx, jobCentreID, f).
		Joins("LEFT JOIN outcomes ON outcomes.interview_id = interviews.id").
		Select(strings.Join(cols, ", ")).
		Group("interviews.event_id").Find(&ivRows).Error; err != nil {
		return out, translate(err, "statistics: count interviews of job centre %d", jobCentreID)
	}
	hire := map[OutcomeKind]bool{}
	for _, k := range HireKinds() {
		hire[k] = true
	}
	for _, r := range ivRows {
		var bad error
		num := func(col string) int {
			n, err := toInt64(r[col])
			if err != nil && bad == nil {
				bad = fmt.Errorf("column %s: %w", col, err)
			}
			return int(n)
		}
		p := per[int64(num("event_id"))]
		if p == nil {
			continue
		}
		p.Planned, p.Confirmed, p.Attended, p.NoShows = num("planned"), num("confirmed"), num("attended"), num("no_shows")
		if p.Attended+p.NoShows > 0 {
			p.EventsHeld = 1
		}
		for _, k := range OutcomeKinds() {
			if n := num("o_" + string(k)); n > 0 {
				p.Outcomes[k] = n
				if hire[k] {
					p.Hires += n
				}
			}
		}
		if bad != nil {
			return out, translate(bad, "statistics: read interview counts of job centre %d", jobCentreID)
		}
	}

	// Shortlist pairs per event.
	var candRows []struct {
		EventID int64
		N       int
	}
	cq := s.db.WithContext(ctx).Table("candidates").
		Where("candidates.event_id IN (?)", s.statsEvents(ctx, jobCentreID, f).Select("events.id"))
	if f.Sector != "" {
		cq = cq.Where("candidates.vacancy_id IN (?)", s.db.Table("vacancies").Select("vacancies.id").
			Joins("JOIN employers ON employers.id = vacancies.employer_id").
			Where("employers.job_centre_id = ? AND employers.sector = ?", jobCentreID, f.Sector))
	}
	if err := cq.Select("candidates.event_id, COUNT(*) AS n").Group("candidates.event_id").Scan(&candRows).Error; err != nil {
		return out, translate(err, "statistics: count shortlist of job centre %d", jobCentreID)
	}
	for _, r := range candRows {
		if p := per[r.EventID]; p != nil {
			p.Shortlisted = r.N
		}
	}

	// Start dates of hires, for days to hire. One row per hire: few rows.
	var hireRows []struct {
		EventID   int64
		StartDate sqlDate
	}
	if err := s.statsInterviews(ctx, jobCentreID, f).
		Joins("JOIN outcomes ON outcomes.interview_id = interviews.id").
		Where("outcomes.kind IN ? AND outcomes.start_date IS NOT NULL", HireKinds()).
		Select("interviews.event_id, outcomes.start_date").Scan(&hireRows).Error; err != nil {
		return out, translate(err, "statistics: load hire dates of job centre %d", jobCentreID)
	}
	for _, r := range hireRows {
		p, first := per[r.EventID], days[r.EventID]
		if p == nil || !first.Valid || !r.StartDate.Valid {
			continue
		}
		p.HireDays = append(p.HireDays, int(r.StartDate.Time.Sub(first.Time).Hours()/24))
	}

	// Totals and months.
	months := map[time.Time]*StatsMonth{}
	for _, e := range events {
		p := per[e.ID]
		out.Total.add(*p)
		if !e.FirstDay.Valid {
			continue
		}
		m := time.Date(e.FirstDay.Time.Year(), e.FirstDay.Time.Month(), 1, 0, 0, 0, 0, time.UTC)
		if months[m] == nil {
			months[m] = &StatsMonth{Month: m, StatsFigures: StatsFigures{Outcomes: map[OutcomeKind]int{}}}
		}
		months[m].add(*p)
	}
	if out.Total.Outcomes == nil {
		out.Total.Outcomes = map[OutcomeKind]int{}
	}
	sort.Ints(out.Total.HireDays)
	out.Months = fillMonths(months)

	if err := s.statsRegistrations(ctx, jobCentreID, f).
		Select("COUNT(DISTINCT event_registrations.employer_id)").Scan(&out.Total.Employers).Error; err != nil {
		return out, translate(err, "statistics: count employers of job centre %d", jobCentreID)
	}
	if err := s.statsRegistrations(ctx, jobCentreID, f).
		Joins("JOIN registration_vacancies ON registration_vacancies.registration_id = event_registrations.id").
		Select("COUNT(DISTINCT registration_vacancies.vacancy_id)").Scan(&out.Total.Vacancies).Error; err != nil {
		return out, translate(err, "statistics: count vacancies of job centre %d", jobCentreID)
	}
	return out, nil
}

// fillMonths orders the months and fills the gaps between the first and
// the last with zero months, so a chart over time shows quiet months too.
func fillMonths(months map[time.Time]*StatsMonth) []StatsMonth {
	if len(months) == 0 {
		return nil
	}
	var first, last time.Time
	for m := range months {
		if first.IsZero() || m.Before(first) {
			first = m
		}
		if m.After(last) {
			last = m
		}
	}
	var out []StatsMonth
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		if sm := months[m]; sm != nil {
			sort.Ints(sm.HireDays)
			out = append(out, *sm)
		} else {
			out = append(out, StatsMonth{Month: m, StatsFigures: StatsFigures{Outcomes: map[OutcomeKind]int{}}})
		}
	}
	return out
}

// statsEvents is the job centre's events selected by f, as a query on
// events to select from or to use as a subquery.
func (s *Store) statsEvents(ctx context.Context, jobCentreID int64, f StatsFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("events").Where("events.job_centre_id = ?", jobCentreID)
	if f.EventID != 0 {
		q = q.Where("events.id = ?", f.EventID)
	}
	if f.Kind != "" {
		q = q.Where("events.kind = ?", f.Kind)
	}
	// The date column compares as sortable text on SQLite (see sqliteDSN)
	// and as a date on PostgreSQL, so midnight-UTC parameters work on both.
	if f.From != nil {
		q = q.Where("(SELECT MIN(d.date) FROM event_days d WHERE d.event_id = events.id) >= ?", dateOnly(*f.From))
	}
	if f.To != nil {
		q = q.Where("(SELECT MIN(d.date) FROM event_days d WHERE d.event_id = events.id) <= ?", dateOnly(*f.To))
	}
	if f.Sector != "" {
		q = q.Where(`EXISTS (SELECT 1 FROM event_registrations r JOIN employers e ON e.id = r.employer_id
			WHERE r.event_id = events.id AND r.status = ? AND e.sector = ?)`, RegistrationRegistered, f.Sector)
	}
	return q
}

// statsInterviews is the interviews of the selected events, of the sector's
// employers when f names one.
func (s *Store) statsInterviews(ctx context.Context, jobCentreID int64, f StatsFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("interviews").
		Where("interviews.event_id IN (?)", s.statsEvents(ctx, jobCentreID, f).Select("events.id"))
	if f.Sector != "" {
		q = q.Where("interviews.employer_id IN (?)", s.sectorEmployers(jobCentreID, f.Sector))
	}
	return q
}

// statsRegistrations is the registered (not waiting or cancelled)
// registrations of the selected events.
func (s *Store) statsRegistrations(ctx context.Context, jobCentreID int64, f StatsFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("event_registrations").
		Where("event_registrations.event_id IN (?) AND event_registrations.status = ?",
			s.statsEvents(ctx, jobCentreID, f).Select("events.id"), RegistrationRegistered)
	if f.Sector != "" {
		q = q.Where("event_registrations.employer_id IN (?)", s.sectorEmployers(jobCentreID, f.Sector))
	}
	return q
}

func (s *Store) sectorEmployers(jobCentreID int64, sector string) *gorm.DB {
	return s.db.Table("employers").Select("employers.id").
		Where("employers.job_centre_id = ? AND employers.sector = ?", jobCentreID, sector)
}

// EmployerSectors lists the distinct non-empty sectors of the job centre's
// employers, sorted, for the statistics filter.
func (s *Store) EmployerSectors(ctx context.Context, jobCentreID int64) ([]string, error) {
	var out []string
	err := s.db.WithContext(ctx).Model(&Employer{}).
		Where("job_centre_id = ? AND sector <> ''", jobCentreID).
		Distinct("sector").Order("sector").Pluck("sector", &out).Error
	return out, translate(err, "list employer sectors of job centre %d", jobCentreID)
}

// sqlDate scans a date that PostgreSQL returns as time.Time and SQLite
// returns as text when it comes out of an expression such as MIN(), where
// the driver no longer knows the column's declared type.
type sqlDate struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (d *sqlDate) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = sqlDate{}
		return nil
	case time.Time:
		*d = sqlDate{Time: dateOnly(x.UTC()), Valid: true}
		return nil
	case []byte:
		return d.parse(string(x))
	case string:
		return d.parse(x)
	}
	return fmt.Errorf("models: scan date from %T", v)
}

func (d *sqlDate) parse(s string) error {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			*d = sqlDate{Time: dateOnly(t.UTC()), Valid: true}
			return nil
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			*d = sqlDate{Time: t, Valid: true}
			return nil
		}
	}
	return fmt.Errorf("models: scan date from %q", s)
}

// toInt64 reads a count that the drivers return as an integer, or for
// SUM on some expressions as text or float, depending on the dialect.
func toInt64(v any) (int64, error) {
	switch x := v.(type) {
	case nil:
		return 0, nil // SUM over no rows
	case int64:
		return x, nil
	case int32:
		return int64(x), nil
	case int:
		return int64(x), nil
	case float64:
		return int64(x), nil
	case []byte:
		return strconv.ParseInt(string(x), 10, 64)
	case string:
		return strconv.ParseInt(x, 10, 64)
	}
	return 0, fmt.Errorf("unexpected count type %T", v)
}

// Value implements driver.Valuer, so sqlDate can be a parameter too.
func (d sqlDate) Value() (driver.Value, error) {
	if !d.Valid {
		return nil, nil
	}
	return d.Time, nil
}
