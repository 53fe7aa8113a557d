package planning

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/scheduling"
)

// ErrWalkinVacancy is returned when the vacancy is not brought to the event
// by a registered employer: there is no table to meet at.
var ErrWalkinVacancy = errors.New("vacancy not offered at this event")

// Walkin is the event as a planner problem in which every current interview
// is fixed (pinned or not, sent or not: on the day nothing moves) and the
// walk-in applicant is paired with one vacancy. A slot is free for the
// walk-in when scheduling.Validate finds no broken rule that the fixed
// meetings alone did not already break: the same checker as the planner's,
// so a walk-in can never break a rule the planner keeps.
type Walkin struct {
	Problem *scheduling.Problem
	Index   Index
	Pair    [2]string // FORMAT (applicant, employer) of the walk-in meeting
	// Refusal is set when the pair can never meet (German level, driving
	// licence): no slot is checked then.
	Refusal  *scheduling.Violation
	baseline map[string]bool
}

// WalkinSlot is one slot that passes every hard rule.
type WalkinSlot struct {
	TableKey   string // FORMAT table id, what the booking form sends back
	Table      TableRef
	Start, End time.Time // End is the end of the interview, without buffer
}

// NewWalkin builds the walk-in problem for applicant a and vacancy
// vacancyID from d (as Load returns it). a need not be in the event or on
// the shortlist yet; when a is shortlisted for other vacancies of the same
// employer, the walk-in meeting is for vacancyID all the same.
func NewWalkin(d EventData, a models.Applicant, vacancyID int64, params matching.Params) (*Walkin, error) {
	var reg *models.EventRegistration
	var vacancy models.Vacancy
	for i := range d.Registrations {
		r := &d.Registrations[i]
		if r.Status != models.RegistrationRegistered {
			continue
		}
		for _, rv := range r.Vacancies {
			if rv.VacancyID == vacancyID {
				reg, vacancy = r, rv.Vacancy
			}
		}
	}
	if reg == nil {
		return nil, fmt.Errorf("planning: walk-in for vacancy %d at event %d: %w", vacancyID, d.Event.ID, ErrWalkinVacancy)
	}
	sameEmployer := map[int64]bool{}
	for _, rv := range reg.Vacancies {
		sameEmployer[rv.VacancyID] = true
	}
	d.Interviews = slices.Clone(d.Interviews)
	for i := range d.Interviews {
		d.Interviews[i].Pinned = true
	}
	cands := make([]models.Candidate, 0, len(d.Candidates)+1)
	found := false
	for _, c := range d.Candidates {
		switch {
		case c.ApplicantID != a.ID:
		case c.VacancyID == vacancyID:
			c.Score, c.Applicant, found = 5, a, true // the best pair of this employer, so the meeting is for this vacancy
		case sameEmployer[c.VacancyID]:
			continue
		}
		cands = append(cands, c)
	}
	if !found {
		cands = append(cands, models.Candidate{EventID: d.Event.ID, ApplicantID: a.ID, VacancyID: vacancyID, Score: 5,
			Applicant: a, Vacancy: vacancy})
	}
	d.Candidates = cands
	p, idx, err := BuildProblem(d, params)
	if err != nil {
		return nil, fmt.Errorf("planning: walk-in: %w", err)
	}
	w := &Walkin{Problem: p, Index: idx, Pair: [2]string{"a" + strconv.FormatInt(a.ID, 10), "r" + strconv.FormatInt(reg.ID, 10)}}
	for _, u := range idx.Ineligible {
		if u.ApplicantID == w.Pair[0] && u.EmployerID == w.Pair[1] {
			w.Refusal = &scheduling.Violation{Rule: scheduling.RuleEligibility, Meeting: -1, Message: string(u.Reason)}
		}
	}
	w.baseline = map[string]bool{}
	for _, v := range scheduling.Validate(p, &scheduling.Schedule{Meetings: p.FixedMeetings}) {
		w.baseline[v.String()] = true
	}
	return w, nil
}

// Check returns the rules a walk-in meeting at table tableKey from start
// would break; none means it may be booked.
func (w *Walkin) Check(tableKey string, start time.Time) []scheduling.Violation {
	if w.Refusal != nil {
		return []scheduling.Violation{*w.Refusal}
	}
	slot := 0
	for _, e := range w.Problem.Employers {
		for _, t := range e.Tables {
			if t.ID == tableKey {
				slot = t.SlotMinutes
			}
		}
	}
	if slot == 0 {
		return []scheduling.Violation{{Rule: scheduling.RuleKnownIDs, Meeting: -1, Message: "unknown table " + tableKey}}
	}
	m := w.meeting(tableKey, start, slot)
	ms := append(slices.Clone(w.Problem.FixedMeetings), m)
	var out []scheduling.Violation
	for _, v := range scheduling.Validate(w.Problem, &scheduling.Schedule{Meetings: ms}) {
		if !w.baseline[v.String()] {
			out = append(out, v)
		}
	}
	return out
}

func (w *Walkin) meeting(tableKey string, start time.Time, slot int) scheduling.Meeting {
	return scheduling.Meeting{ApplicantID: w.Pair[0], EmployerID: w.Pair[1], TableID: tableKey,
		Start: start.UTC(), End: start.UTC().Add(time.Duration(slot) * time.Minute)}
}

// FreeSlots returns every slot of the employer's tables that starts at or
// after from and passes every hard rule, by start and table. When there is
// none, refused counts the rules that closed the slots, so staff learn why.
func (w *Walkin) FreeSlots(from time.Time) (free []WalkinSlot, refused map[scheduling.Rule]int) {
	refused = map[scheduling.Rule]int{}
	if w.Refusal != nil {
		refused[w.Refusal.Rule]++
		return nil, refused
	}
	for _, e := range w.Problem.Employers {
		if e.ID != w.Pair[1] {
			continue
		}
		for _, t := range e.Tables {
			step := time.Duration(t.SlotMinutes) * time.Minute
			for _, win := range t.Windows {
				for s := win.Start; !s.Add(step).After(win.End); s = s.Add(step) {
					if s.Before(from) {
						continue
					}
					vs := w.Check(t.ID, s)
					if len(vs) == 0 {
						free = append(free, WalkinSlot{TableKey: t.ID, Table: w.Index.Tables[t.ID], Start: s,
							End: s.Add(time.Duration(w.Index.InterviewMinutes) * time.Minute)})
						continue
					}
					seen := map[scheduling.Rule]bool{}
					for _, v := range vs {
						if !seen[v.Rule] {
							refused[v.Rule]++
							seen[v.Rule] = true
						}
					}
				}
			}
		}
	}
	slices.SortFunc(free, func(a, b WalkinSlot) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Table.Label, b.Table.Label), cmp.Compare(a.TableKey, b.TableKey))
	})
	return free, refused
}

// Schedule is the fixed meetings plus the walk-in meeting at tableKey from
// start, for Interviews to turn into the one new interview, after Check
// found nothing. The walk-in's candidate must be stored, i.e. the data were
// loaded after saving it, or the interview would have no candidate.
func (w *Walkin) Schedule(tableKey string, start time.Time) (*scheduling.Schedule, error) {
	if vs := w.Check(tableKey, start); len(vs) > 0 {
		return nil, fmt.Errorf("planning: walk-in at %s %s: %s", tableKey, start.Format(time.RFC3339), vs[0])
	}
	if w.Index.Pairs[w.Pair].ID == 0 {
		return nil, fmt.Errorf("planning: walk-in %s/%s: candidate not stored", w.Pair[0], w.Pair[1])
	}
	slot := 0
	for _, e := range w.Problem.Employers {
		for _, t := range e.Tables {
			if t.ID == tableKey {
				slot = t.SlotMinutes
			}
		}
	}
	return &scheduling.Schedule{Meetings: append(slices.Clone(w.Problem.FixedMeetings), w.meeting(tableKey, start, slot))}, nil
}
