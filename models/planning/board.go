package planning

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/scheduling"
)

// The planning board (tables × time) lets staff move, pin, remove and add
// interviews by hand. Every change is checked by building the problem as
// it would be after the change — all active interviews as fixed meetings —
// and running scheduling.Validate on it: the board has no rule checker of
// its own, so it can never disagree with the planner about what is allowed.

// ErrUnknownRow is returned when a change names a board row (table or
// room) the event does not have: a forged or outdated form.
var ErrUnknownRow = errors.New("unknown board row")

// BoardRule is a hard rule in the words staff use; the board shows the
// translation of "board.rule.<value>".
type BoardRule string

// Board rules, in the order the board names them. Several of them are
// parts of one FORMAT.md rule (availability_travel, caps, eligibility),
// split because staff fix each differently.
const (
	BoardRuleWrongTable     BoardRule = "wrong_table"      // the table or room belongs to another employer
	BoardRuleNotShortlisted BoardRule = "not_shortlisted"  // the pair is not on the shortlist
	BoardRuleAlreadyMeets   BoardRule = "already_meets"    // the applicant already meets this employer
	BoardRuleGermanLevel    BoardRule = "german_level"     // below the vacancy's minimum, no exception made
	BoardRuleDrivingLicence BoardRule = "driving_licence"  // the vacancy needs one, the applicant has none
	BoardRuleStepFree       BoardRule = "step_free"        // the applicant needs step-free access
	BoardRuleEmployerHours  BoardRule = "employer_hours"   // not a slot of the table within the employer's hours
	BoardRuleTableTaken     BoardRule = "table_taken"      // the table has another interview then
	BoardRuleApplicantBusy  BoardRule = "applicant_busy"   // the applicant has another interview then
	BoardRuleApplicantTime  BoardRule = "applicant_window" // outside the applicant's hours (childcare, course)
	BoardRuleTravel         BoardRule = "travel"           // no time to travel between sites or from home
	BoardRuleMaxPerDay      BoardRule = "max_per_day"      // more interviews that day than the applicant can attend
	BoardRuleApplicantCap   BoardRule = "applicant_cap"    // more interviews than the applicant wants in total
	BoardRuleEmployerCap    BoardRule = "employer_cap"     // more interviews than the employer wants
	BoardRuleFixed          BoardRule = "fixed"            // a kept interview would be lost
)

// BoardRules returns every board rule in display order, for the locale test.
func BoardRules() []BoardRule {
	return []BoardRule{BoardRuleWrongTable, BoardRuleNotShortlisted, BoardRuleAlreadyMeets, BoardRuleGermanLevel,
		BoardRuleDrivingLicence, BoardRuleStepFree, BoardRuleEmployerHours, BoardRuleTableTaken, BoardRuleApplicantBusy,
		BoardRuleApplicantTime, BoardRuleTravel, BoardRuleMaxPerDay, BoardRuleApplicantCap, BoardRuleEmployerCap, BoardRuleFixed}
}

// classify names the board rule of a violation. Validate reports several
// staff-level rules under one FORMAT rule; its messages tell them apart,
// and TestCheckNamesEveryRule fails if they ever change.
func classify(v scheduling.Violation) BoardRule {
	msg := v.Message
	switch v.Rule {
	case scheduling.RuleKnownIDs:
		return BoardRuleWrongTable
	case scheduling.RuleCandidatePair:
		if strings.Contains(msg, "already meets") {
			return BoardRuleAlreadyMeets
		}
		return BoardRuleNotShortlisted
	case scheduling.RuleEligibility:
		switch {
		case strings.Contains(msg, "German level"):
			return BoardRuleGermanLevel
		case strings.Contains(msg, "driving licence"):
			return BoardRuleDrivingLicence
		}
		return BoardRuleStepFree
	case scheduling.RuleSlotGrid:
		return BoardRuleEmployerHours
	case scheduling.RuleTable:
		return BoardRuleTableTaken
	case scheduling.RuleAvailability:
		switch {
		case strings.Contains(msg, "at the same time"):
			return BoardRuleApplicantBusy
		case strings.Contains(msg, "not inside an availability window"):
			return BoardRuleApplicantTime
		}
		return BoardRuleTravel
	case scheduling.RuleCaps:
		switch {
		case strings.HasPrefix(msg, "employer"):
			return BoardRuleEmployerCap
		case strings.Contains(msg, "more than"):
			return BoardRuleMaxPerDay
		}
		return BoardRuleApplicantCap
	}
	return BoardRuleFixed
}

// PlanVersion is the optimistic-locking version of an event's plan: a
// digest of every interview's id, version, status and pinned flag. Any
// change to the plan — a board action, a re-plan, publishing, an
// applicant's answer — changes it, so a form that carries the version it
// was rendered with can tell that someone else changed the plan since.
func PlanVersion(ivs []models.Interview) string {
	sorted := slices.Clone(ivs)
	slices.SortFunc(sorted, func(a, b models.Interview) int { return cmp.Compare(a.ID, b.ID) })
	h := sha256.New()
	for _, iv := range sorted {
		fmt.Fprintf(h, "%d:%d:%s:%t;", iv.ID, iv.Version, iv.Status, iv.Pinned)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Active reports whether an interview occupies its slot on the board:
// declined and cancelled ones have freed it.
func Active(iv models.Interview) bool {
	return iv.Status != models.InterviewDeclined && iv.Status != models.InterviewCancelled
}

// Change is a proposed board edit: move an interview, or add one for a
// shortlisted pair, to a row and slot start.
type Change struct {
	InterviewID int64 // the interview to move; 0 to add one
	CandidateID int64 // the pair to add when InterviewID is 0
	Row         string
	Start       time.Time
}

// Verdict is the result of Check: the rules the change would break (none
// means it may be saved) and where the interview would be stored.
type Verdict struct {
	Refused          []BoardRule
	CandidateID      int64
	TableID, SiteID  *int64
	StartsAt, EndsAt time.Time
}

// Check tests a change against every hard rule. A rule counts as broken
// by the change when the proposed meeting itself breaks it, or when the
// plan after the change breaks it more often than the plan before, so
// that an old problem elsewhere on the board does not block every move.
func Check(d EventData, params matching.Params, ch Change) (Verdict, error) {
	v := Verdict{StartsAt: ch.Start.UTC()}
	var moved *models.Interview
	var cand models.Candidate
	if ch.InterviewID != 0 {
		for i := range d.Interviews {
			if d.Interviews[i].ID == ch.InterviewID && Active(d.Interviews[i]) {
				moved = &d.Interviews[i]
			}
		}
		if moved == nil {
			return v, fmt.Errorf("planning: check: interview %d: %w", ch.InterviewID, models.ErrNotFound)
		}
		cand = models.Candidate{ID: moved.CandidateID, ApplicantID: moved.ApplicantID, VacancyID: moved.VacancyID,
			Applicant: moved.Applicant, Vacancy: moved.Vacancy}
	} else {
		i := slices.IndexFunc(d.Candidates, func(c models.Candidate) bool { return c.ID == ch.CandidateID })
		if i < 0 {
			return v, fmt.Errorf("planning: check: candidate %d: %w", ch.CandidateID, models.ErrNotFound)
		}
		cand = d.Candidates[i]
	}
	v.CandidateID = cand.ID

	before, _, err := BuildProblem(withFixed(d, 0), params)
	if err != nil {
		return v, fmt.Errorf("planning: check: plan before the change: %w", err)
	}
	counts := map[BoardRule]int{}
	for _, vi := range scheduling.Validate(before, &scheduling.Schedule{Meetings: before.FixedMeetings}) {
		counts[classify(vi)]++
	}
	p, idx, err := BuildProblem(withFixed(d, ch.InterviewID), params)
	if err != nil {
		return v, fmt.Errorf("planning: check: plan after the change: %w", err)
	}

	refused := map[BoardRule]bool{}
	aid := "a" + strconv.FormatInt(cand.ApplicantID, 10)
	emp := ""
	for id, reg := range idx.Registrations {
		for _, rv := range reg.Vacancies {
			if rv.VacancyID == cand.VacancyID {
				emp = id
			}
		}
	}
	if emp == "" {
		refused[BoardRuleNotShortlisted] = true // the employer no longer takes part
		v.Refused = ordered(refused)
		return v, nil
	}
	if ch.InterviewID == 0 {
		// A moved interview keeps the eligibility it was planned with, as
		// BuildProblem keeps it for every kept interview.
		switch ineligible(cand) {
		case scheduling.ReasonLanguageLevel:
			refused[BoardRuleGermanLevel] = true
		case scheduling.ReasonDrivingLicence:
			refused[BoardRuleDrivingLicence] = true
		}
	}
	if _, ok := idx.Pairs[[2]string{aid, emp}]; !ok {
		// BuildProblem left the pair out as ineligible (named above) or it
		// is a moved interview; either way the pair itself is shortlisted.
		p.Candidates = append(p.Candidates, scheduling.Candidate{ApplicantID: aid, EmployerID: emp, Score: 20 * clampScore(cand.Score)})
	}
	table, ok := findTable(p, idx, emp, ch.Row, ch.Start)
	if !ok {
		return v, fmt.Errorf("planning: check: row %q: %w", ch.Row, ErrUnknownRow)
	}
	ref := idx.Tables[table.ID]
	v.TableID, v.SiteID = ref.TableID, ref.SiteID
	v.EndsAt = v.StartsAt.Add(time.Duration(idx.InterviewMinutes) * time.Minute)
	proposed := scheduling.Meeting{ApplicantID: aid, EmployerID: emp, TableID: table.ID, Start: ch.Start,
		End: ch.Start.Add(time.Duration(table.SlotMinutes) * time.Minute)}
	reseat(p, idx, d.Interviews, proposed)
	meetings := append(slices.Clone(p.FixedMeetings), proposed)
	after := map[BoardRule]int{}
	for _, vi := range scheduling.Validate(p, &scheduling.Schedule{Meetings: meetings}) {
		r := classify(vi)
		after[r]++
		if vi.Meeting == len(meetings)-1 {
			refused[r] = true
		}
	}
	for r, n := range after {
		if n > counts[r] {
			refused[r] = true
		}
	}
	v.Refused = ordered(refused)
	return v, nil
}

// withFixed returns d with every active interview but skip pinned, so
// BuildProblem turns them all into fixed meetings: the board checks a
// change against the whole plan, not only against what the planner keeps.
// Interviews with a stored room come first, so they claim their rooms
// before those without one are seated in the employer's first free room.
func withFixed(d EventData, skip int64) EventData {
	out := d
	out.Interviews = nil
	for _, iv := range d.Interviews {
		if iv.ID != skip && Active(iv) {
			iv.Pinned = true
			out.Interviews = append(out.Interviews, iv)
		}
	}
	slices.SortStableFunc(out.Interviews, func(a, b models.Interview) int {
		return cmp.Compare(boolRank(a.TableID == nil), boolRank(b.TableID == nil))
	})
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reseat moves an interview without a stored room out of the proposed
// meeting's room into another free room of its employer. Such an
// interview sits in whichever room was free first, so the room the
// proposal takes is not really its own; only when every other room is
// busy too does it stay, and Validate names the table as taken.
func reseat(p *scheduling.Problem, idx Index, ivs []models.Interview, proposed scheduling.Meeting) {
	noRoom := map[int64]bool{}
	for _, iv := range ivs {
		noRoom[iv.ID] = iv.TableID == nil
	}
	overlaps := func(a, b scheduling.Meeting) bool { return a.Start.Before(b.End) && b.Start.Before(a.End) }
	free := func(table string, m scheduling.Meeting, self int) bool {
		if table == proposed.TableID && overlaps(m, proposed) {
			return false
		}
		for j, o := range p.FixedMeetings {
			if j != self && o.TableID == table && overlaps(m, o) {
				return false
			}
		}
		return true
	}
	for i, m := range p.FixedMeetings {
		if m.TableID != proposed.TableID || !overlaps(m, proposed) || !noRoom[idx.Fixed[[2]string{m.ApplicantID, m.EmployerID}]] {
			continue
		}
		for _, e := range p.Employers {
			if e.ID != m.EmployerID {
				continue
			}
			for _, t := range e.Tables {
				if t.ID != m.TableID && covers(t.Windows, m.Start) && free(t.ID, m, i) {
					p.FixedMeetings[i].TableID = t.ID
					break
				}
			}
		}
	}
}

// findTable picks the FORMAT table for a board row: the employer's own
// table of that row open at start, else any of the employer's tables of
// that row (Validate then names the hours), else another employer's table
// of that row (Validate then names the wrong table).
func findTable(p *scheduling.Problem, idx Index, emp, row string, start time.Time) (scheduling.Table, bool) {
	var own, ownClosed, other *scheduling.Table
	for i := range p.Employers {
		e := &p.Employers[i]
		for j := range e.Tables {
			t := &e.Tables[j]
			if RowKey(t.ID, idx.Tables[t.ID]) != row {
				continue
			}
			switch {
			case e.ID == emp && covers(t.Windows, start) && own == nil:
				own = t
			case e.ID == emp && ownClosed == nil:
				ownClosed = t
			case e.ID != emp && other == nil:
				other = t
			}
		}
	}
	for _, t := range []*scheduling.Table{own, ownClosed, other} {
		if t != nil {
			return *t, true
		}
	}
	return scheduling.Table{}, false
}

// RowKey is the board row of a FORMAT table: a stored table or room is one
// row whichever registrations book it over the day; a virtual room (no
// stored table) is its own row.
func RowKey(formatID string, ref TableRef) string {
	if ref.TableID != nil {
		return "t" + strconv.FormatInt(*ref.TableID, 10)
	}
	return formatID
}

func ordered(set map[BoardRule]bool) []BoardRule {
	var out []BoardRule
	for _, r := range BoardRules() {
		if set[r] {
			out = append(out, r)
		}
	}
	return out
}
