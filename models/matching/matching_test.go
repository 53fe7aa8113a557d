package matching

import (
	"slices"
	"testing"
	"time"

	"treffpunkt/models"
)

func at(h, m int) time.Time { return time.Date(2026, 4, 14, h, m, 0, 0, time.UTC) }

func lvl(l models.GermanLevel) *models.GermanLevel { return &l }

func TestTravelMinutes(t *testing.T) {
	t.Parallel()
	amberg := Point{Lat: 49.4448, Lon: 11.8583}
	sulzbach := Point{Lat: 49.5035, Lon: 11.7460} // about 10.4 km from Amberg
	p := DefaultParams()
	for _, tc := range []struct {
		name string
		p    Params
		a, b Point
		want int
	}{
		{"same place is the minimum", p, amberg, amberg, 10},
		{"defaults: 10.4 km × 1.3 / 30 km/h", p, amberg, sulzbach, 10 + 28},
		{"faster car", Params{DetourFactor: 1.3, SpeedKmH: 60, MinMinutes: 5}, amberg, sulzbach, 5 + 14},
		{"zero params take defaults", Params{}, amberg, sulzbach, 38},
	} {
		if got := tc.p.TravelMinutes(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: TravelMinutes = %d, want %d (distance %.2f km)", tc.name, got, tc.want, DistanceKm(tc.a, tc.b))
		}
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	site := &Point{Lat: 49.4448, Lon: 11.8583}
	near := &Point{Lat: 49.45, Lon: 11.86}
	far := &Point{Lat: 48.1372, Lon: 11.5756} // Munich
	morning := []Window{{at(8, 0), at(12, 0)}}
	afternoon := []Window{{at(13, 0), at(16, 0)}}
	vac := Vacancy{ID: 7, MinLevel: lvl(models.GermanB1), Site: site, Windows: morning, StepFree: true}
	base := Applicant{ID: 1, Level: models.GermanB2, Home: near, Windows: morning}
	for _, tc := range []struct {
		name     string
		a        Applicant
		v        Vacancy
		eligible bool
		reasons  []Reason
	}{
		{"fits", base, vac, true, nil},
		{"level below", with(base, func(a *Applicant) { a.Level = models.GermanA2 }), vac, false, []Reason{ReasonLevelBelow}},
		{"level exactly met", with(base, func(a *Applicant) { a.Level = models.GermanB1 }), vac, true, nil},
		{"no minimum level", with(base, func(a *Applicant) { a.Level = models.GermanA1 }), Vacancy{ID: 7, Site: site, Windows: morning}, true, nil},
		{"windows do not overlap", with(base, func(a *Applicant) { a.Windows = afternoon }), vac, false, []Reason{ReasonNoOverlap}},
		{"overlap shorter than a slot", with(base, func(a *Applicant) { a.Windows = []Window{{at(11, 50), at(13, 0)}} }), vac, false, []Reason{ReasonNoOverlap}},
		{"overlap of one slot", with(base, func(a *Applicant) { a.Windows = []Window{{at(11, 40), at(13, 0)}} }), vac, true, nil},
		{"too far", with(base, func(a *Applicant) { a.Home = far }), vac, false, []Reason{ReasonTravelTooLong}},
		{"no coordinates", with(base, func(a *Applicant) { a.Home = nil }), vac, true, []Reason{ReasonTravelUnknown}},
		{"needs step-free, site has steps", with(base, func(a *Applicant) { a.NeedsStepFree = true }), with(vac, func(v *Vacancy) { v.StepFree = false }), false, []Reason{ReasonStepFreeMissing}},
		{"licence required", base, with(vac, func(v *Vacancy) { v.DrivingLicence = true }), false, []Reason{ReasonNoLicence}},
		{"several reasons in rule order", with(base, func(a *Applicant) { a.Level = models.GermanA1; a.Home = far; a.Windows = afternoon }), vac, false,
			[]Reason{ReasonLevelBelow, ReasonNoOverlap, ReasonTravelTooLong}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Evaluate(Params{}, tc.a, tc.v)
			if v.Eligible != tc.eligible || !slices.Equal(v.Reasons, tc.reasons) {
				t.Errorf("Evaluate = eligible %v, reasons %v; want %v, %v", v.Eligible, v.Reasons, tc.eligible, tc.reasons)
			}
			if v.Fit < 0 || v.Fit > 1 {
				t.Errorf("Fit = %v, want within 0…1", v.Fit)
			}
		})
	}
}

func with[T any](x T, edit func(*T)) T { edit(&x); return x }

func TestSuggestRanksAndSkipsShortlisted(t *testing.T) {
	t.Parallel()
	site := &Point{Lat: 49.4448, Lon: 11.8583}
	morning := []Window{{at(8, 0), at(12, 0)}}
	vac := Vacancy{ID: 7, MinLevel: lvl(models.GermanB1), Site: site, Windows: morning}
	as := []Applicant{
		{ID: 1, Level: models.GermanA2, Home: site, Windows: morning},                          // ineligible
		{ID: 2, Level: models.GermanB1, Home: &Point{49.55, 11.9}, Windows: morning},           // eligible, further
		{ID: 3, Level: models.GermanB1, Home: site, Windows: morning},                          // eligible, next door
		{ID: 4, Level: models.GermanC1, Home: site, Windows: morning},                          // shortlisted already
		{ID: 5, Level: models.GermanB2, Home: site, Windows: []Window{{at(11, 0), at(12, 0)}}}, // eligible, less overlap
	}
	got := Suggest(Params{}, as, vac, map[int64]bool{4: true})
	var ids []int64
	for _, v := range got {
		ids = append(ids, v.ApplicantID)
	}
	// 3 beats 2 (same windows, shorter trip); 2 beats 5 (a whole morning
	// shared outweighs 30 minutes less travel); 1 is ineligible, 4 listed.
	if want := []int64{3, 2, 5, 1}; !slices.Equal(ids, want) {
		t.Errorf("Suggest order = %v, want %v", ids, want)
	}
}

func TestParseDaily(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want string
		bad  bool
	}{
		{"", "", false},
		{"08:30-13:30", "08:30-13:30", false},
		{"8-12, 14:00-16:00", "08:00-12:00, 14:00-16:00", false},
		{"14:00-16:00; 8.30 bis 12.00 Uhr", "08:30-12:00, 14:00-16:00", false},
		{"08:00–12:00 und 13:00-15:00", "08:00-12:00, 13:00-15:00", false},
		{"13:30-08:30", "", true},
		{"08:00-12:00, 11:00-13:00", "", true},
		{"25:00-26:00", "", true},
		{"morgens", "", true},
	} {
		ds, err := ParseDaily(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && FormatDaily(ds) != tc.want) {
			t.Errorf("ParseDaily(%q) = %q, %v; want %q, bad %v", tc.in, FormatDaily(ds), err, tc.want, tc.bad)
		}
	}
}

func TestOnDaysAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// 27 March 2026 is winter time (UTC+1), 30 March summer time (UTC+2).
	days := []Window{
		{time.Date(2026, 3, 27, 7, 0, 0, 0, time.UTC), time.Date(2026, 3, 27, 15, 0, 0, 0, time.UTC)},
		{time.Date(2026, 3, 30, 6, 0, 0, 0, time.UTC), time.Date(2026, 3, 30, 14, 0, 0, 0, time.UTC)},
	}
	ws := OnDays([]Daily{{From: 8*60 + 30, Until: 13*60 + 30}, {From: 15 * 60, Until: 18 * 60}}, days, berlin)
	want := []Window{
		{time.Date(2026, 3, 27, 7, 30, 0, 0, time.UTC), time.Date(2026, 3, 27, 12, 30, 0, 0, time.UTC)},
		{time.Date(2026, 3, 27, 14, 0, 0, 0, time.UTC), time.Date(2026, 3, 27, 15, 0, 0, 0, time.UTC)}, // clipped to closing
		{time.Date(2026, 3, 30, 6, 30, 0, 0, time.UTC), time.Date(2026, 3, 30, 11, 30, 0, 0, time.UTC)},
		{time.Date(2026, 3, 30, 13, 0, 0, 0, time.UTC), time.Date(2026, 3, 30, 14, 0, 0, 0, time.UTC)},
	}
	if len(ws) != len(want) {
		t.Fatalf("OnDays = %v, want %v", ws, want)
	}
	for i := range want {
		if !ws[i].Start.Equal(want[i].Start) || !ws[i].End.Equal(want[i].End) {
			t.Errorf("window %d = %v–%v, want %v–%v", i, ws[i].Start, ws[i].End, want[i].Start, want[i].End)
		}
	}
	if all := OnDays(nil, days, berlin); len(all) != 2 || !all[0].Start.Equal(days[0].Start) {
		t.Errorf("OnDays(no ranges) = %v, want the whole days", all)
	}
}
