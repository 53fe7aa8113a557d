package planning

import (
	"cmp"
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

// Freed slots: when an applicant declines or staff cancel, the slot (table
// and time) is free again. Replacing fills exactly that slot and moves
// nothing else: every interview that still stands becomes a fixed meeting
// (not only the pinned and sent ones a re-plan keeps), the newcomer is one
// more meeting, and scheduling.Validate decides. So the rules are checked
// by the one rule checker the planner's results go through as well.

// Reasons a shortlisted applicant cannot take a freed slot that the
// planner's unplaced reasons (scheduling.Reason) do not cover.
const (
	// ReasonAlreadyMeets: the applicant already meets this employer.
	ReasonAlreadyMeets scheduling.Reason = "already_meets"
	// ReasonBusy: the applicant has another interview at that time.
	ReasonBusy scheduling.Reason = "busy"
	// ReasonDeclinedBefore: the applicant declined (or was cancelled for)
	// an interview with this employer at this event.
	ReasonDeclinedBefore scheduling.Reason = "declined_before"
)

// MaxProposals is how many replacements staff are offered for one slot:
// the best and a few alternatives, not the whole shortlist.
const MaxProposals = 3

// Errors of Replacements.
var (
	// ErrNotFreed: the interview is neither declined nor cancelled.
	ErrNotFreed = errors.New("interview does not free a slot")
	// ErrSlotTaken: another interview took the slot meanwhile.
	ErrSlotTaken = errors.New("slot taken")
)

// Proposal is a shortlisted applicant who can take a freed slot.
type Proposal struct {
	Candidate   models.Candidate // with Applicant and Vacancy
	SameVacancy bool             // shortlisted for the vacancy of the freed interview
	Interviews  int              // interviews the applicant already has at this event
}

// Rejection is a shortlisted applicant who cannot take the slot, and why.
type Rejection struct {
	Candidate models.Candidate
	Reason    scheduling.Reason
}

// Freed is a declined or cancelled interview whose slot is still free,
// with the replacements that fit it, best first.
type Freed struct {
	Interview models.Interview // the declined or cancelled one
	TableID   *int64           // where the newcomer meets the employer (nil: a room at the site without its own row)
	SiteID    *int64
	Table     string // label of the table or room
	StartsAt  time.Time
	EndsAt    time.Time // without buffer, as interviews are stored
	Proposals []Proposal
	Rejected  []Rejection
}

// NewInterview is the interview that fills the slot with proposal p. It
// names the freed interview, whose slot is then taken for good (the column
// is unique, so two acceptances at once store one). UID and check-in code
// are left to the caller, as with Interviews.
func (f Freed) NewInterview(p Proposal) models.Interview {
	freed := f.Interview.ID
	return models.Interview{CandidateID: p.Candidate.ID, TableID: f.TableID, SiteID: f.SiteID,
		StartsAt: f.StartsAt.UTC(), EndsAt: f.EndsAt.UTC(), Status: models.InterviewPlanned, ReplacesInterviewID: &freed}
}

// FreedSlots lists the event's declined and cancelled interviews whose slot
// is still free and starts after now, each with its replacements. A slot
// whose replacement declined as well is listed once, by the replacement;
// several freed interviews of one stored table and time, by the latest.
func FreedSlots(d EventData, params matching.Params, now time.Time) ([]Freed, error) {
	if !slices.ContainsFunc(d.Interviews, func(iv models.Interview) bool { return freeing(iv) && iv.StartsAt.After(now) }) {
		return nil, nil // the usual case, and the event page asks every time
	}
	r, err := newReplacer(d, params)
	if err != nil {
		return nil, err
	}
	ivs := slices.Clone(d.Interviews)
	slices.SortFunc(ivs, func(a, b models.Interview) int { return cmp.Compare(b.ID, a.ID) })
	seen := map[string]bool{}
	var out []Freed
	for _, iv := range ivs {
		if !freeing(iv) || !iv.StartsAt.After(now) {
			continue
		}
		f, err := r.replace(iv)
		if errors.Is(err, ErrSlotTaken) || errors.Is(err, ErrUnmappedInterview) {
			continue // filled meanwhile, or its employer is no longer registered
		}
		if err != nil {
			return nil, err
		}
		if f.TableID != nil {
			// Rooms without a row of their own are told apart by nothing
			// but time, so only stored tables can show a slot twice.
			key := strconv.FormatInt(*f.TableID, 10) + "@" + f.StartsAt.UTC().Format(time.RFC3339)
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Freed) int {
		return cmp.Or(a.StartsAt.Compare(b.StartsAt), strings.Compare(a.Table, b.Table), cmp.Compare(a.Interview.ID, b.Interview.ID))
	})
	return out, nil
}

// Replacements returns the replacements for one freed interview of the
// event: ErrNotFreed when it is not declined or cancelled, ErrSlotTaken
// when its slot is no longer free, models.ErrNotFound when it is not one of
// the event's interviews.
func Replacements(d EventData, params matching.Params, interviewID int64) (Freed, error) {
	i := slices.IndexFunc(d.Interviews, func(iv models.Interview) bool { return iv.ID == interviewID })
	if i < 0 {
		return Freed{}, fmt.Errorf("planning: replace interview %d: %w", interviewID, models.ErrNotFound)
	}
	if !freeing(d.Interviews[i]) {
		return Freed{}, fmt.Errorf("planning: replace interview %d: status %s: %w", interviewID, d.Interviews[i].Status, ErrNotFreed)
	}
	r, err := newReplacer(d, params)
	if err != nil {
		return Freed{}, err
	}
	return r.replace(d.Interviews[i])
}

func freeing(iv models.Interview) bool {
	return iv.Status == models.InterviewDeclined || iv.Status == models.InterviewCancelled
}

// replacer is the event as a problem in which every standing interview is fixed.
type replacer struct {
	d        EventData
	p        *scheduling.Problem
	idx      Index
	slot     time.Duration // FORMAT slot: interview plus buffer
	baseline map[string]bool
	empOf    map[int64]string // vacancy → FORMAT employer
	active   map[int64]int    // applicant → standing interviews
	declined map[[2]int64]bool
	replaced map[int64]bool // freed interviews another one already fills
}

func newReplacer(d EventData, params matching.Params) (*replacer, error) {
	fixed := d
	fixed.Interviews = make([]models.Interview, len(d.Interviews))
	for i, iv := range d.Interviews {
		if !freeing(iv) {
			iv.Pinned = true // nothing that stands may move, planned or not
		}
		fixed.Interviews[i] = iv
	}
	p, idx, err := BuildProblem(fixed, params)
	if err != nil {
		return nil, fmt.Errorf("planning: freed slots of event %d: %w", d.Event.ID, err)
	}
	r := &replacer{d: d, p: p, idx: idx, slot: time.Duration(d.Event.SlotMinutes+d.Event.BufferMinutes) * time.Minute,
		baseline: map[string]bool{}, empOf: map[int64]string{}, active: map[int64]int{}, declined: map[[2]int64]bool{}, replaced: map[int64]bool{}}
	// Violations the standing plan has already (e.g. data changed after
	// staff placed an interview by hand) are not the newcomer's fault.
	for _, v := range scheduling.Validate(p, &scheduling.Schedule{Meetings: p.FixedMeetings}) {
		r.baseline[v.String()] = true
	}
	for id, reg := range idx.Registrations {
		for _, rv := range reg.Vacancies {
			r.empOf[rv.VacancyID] = id
		}
	}
	for _, iv := range d.Interviews {
		if iv.ReplacesInterviewID != nil {
			r.replaced[*iv.ReplacesInterviewID] = true // even if the newcomer declined: that frees the newcomer's slot
		}
		if freeing(iv) {
			r.declined[[2]int64{iv.ApplicantID, iv.EmployerID}] = true
		} else {
			r.active[iv.ApplicantID]++
		}
	}
	return r, nil
}

// replace finds a free table for the freed interview's slot and judges
// every shortlisted applicant of the employer for it.
func (r *replacer) replace(iv models.Interview) (Freed, error) {
	if r.replaced[iv.ID] {
		return Freed{}, fmt.Errorf("planning: replace interview %d: filled: %w", iv.ID, ErrSlotTaken)
	}
	emp, ok := r.empOf[iv.VacancyID]
	if !ok {
		return Freed{}, fmt.Errorf("planning: replace interview %d: %w", iv.ID, ErrUnmappedInterview)
	}
	table, err := r.freeTable(iv, emp)
	if err != nil {
		return Freed{}, err
	}
	ref := r.idx.Tables[table]
	f := Freed{Interview: iv, TableID: ref.TableID, SiteID: ref.SiteID, Table: ref.Label, StartsAt: iv.StartsAt,
		EndsAt: iv.StartsAt.Add(time.Duration(r.idx.InterviewMinutes) * time.Minute)}
	if f.SiteID == nil {
		f.SiteID = iv.SiteID
	}
	meeting := scheduling.Meeting{EmployerID: emp, TableID: table, Start: iv.StartsAt, End: iv.StartsAt.Add(r.slot)}
	judged := map[int64]bool{iv.ApplicantID: true} // whoever freed the slot is not asked again
	// The freed vacancy's shortlist first, then the employer's other vacancies.
	for _, same := range []bool{true, false} {
		for _, c := range r.d.Candidates {
			if (c.VacancyID == iv.VacancyID) != same || r.empOf[c.VacancyID] != emp || judged[c.ApplicantID] {
				continue
			}
			judged[c.ApplicantID] = true
			meeting.ApplicantID = "a" + strconv.FormatInt(c.ApplicantID, 10)
			if reason := r.judge(c, iv.EmployerID, meeting); reason != "" {
				f.Rejected = append(f.Rejected, Rejection{Candidate: c, Reason: reason})
				continue
			}
			f.Proposals = append(f.Proposals, Proposal{Candidate: c, SameVacancy: same, Interviews: r.active[c.ApplicantID]})
		}
	}
	slices.SortStableFunc(f.Proposals, func(a, b Proposal) int {
		return cmp.Or(compareBool(b.SameVacancy, a.SameVacancy), cmp.Compare(b.Candidate.Score, a.Candidate.Score),
			cmp.Compare(a.Interviews, b.Interviews), strings.Compare(name(a.Candidate.Applicant), name(b.Candidate.Applicant)),
			cmp.Compare(a.Candidate.ID, b.Candidate.ID))
	})
	if len(f.Proposals) > MaxProposals {
		f.Proposals = f.Proposals[:MaxProposals]
	}
	slices.SortStableFunc(f.Rejected, func(a, b Rejection) int {
		return strings.Compare(name(a.Candidate.Applicant), name(b.Candidate.Applicant))
	})
	return f, nil
}

// freeTable returns the FORMAT table of the freed interview's slot if no
// standing interview occupies it: the interview's own table, or for one
// without a stored table the first of the employer's rooms free then.
func (r *replacer) freeTable(iv models.Interview, emp string) (string, error) {
	var tables []scheduling.Table
	for _, e := range r.p.Employers {
		if e.ID == emp {
			tables = e.Tables
		}
	}
	end := iv.StartsAt.Add(r.slot)
	for _, t := range tables {
		ref := r.idx.Tables[t.ID]
		if iv.TableID != nil && (ref.TableID == nil || *ref.TableID != *iv.TableID) {
			continue
		}
		if iv.TableID == nil && ref.TableID != nil {
			continue
		}
		busy := slices.ContainsFunc(r.p.FixedMeetings, func(m scheduling.Meeting) bool {
			return m.TableID == t.ID && m.Start.Before(end) && iv.StartsAt.Before(m.End)
		})
		if !busy {
			return t.ID, nil
		}
	}
	return "", fmt.Errorf("planning: replace interview %d: %w", iv.ID, ErrSlotTaken)
}

// judge returns why candidate c cannot take meeting m, or "" if it can.
func (r *replacer) judge(c models.Candidate, employerID int64, m scheduling.Meeting) scheduling.Reason {
	key := [2]string{m.ApplicantID, m.EmployerID}
	if _, ok := r.idx.Fixed[key]; ok {
		return ReasonAlreadyMeets
	}
	if r.declined[[2]int64{c.ApplicantID, employerID}] {
		return ReasonDeclinedBefore
	}
	if reason := ineligible(c); reason != "" {
		return reason
	}
	for _, f := range r.p.FixedMeetings {
		if f.ApplicantID == m.ApplicantID && f.Start.Before(m.End) && m.Start.Before(f.End) {
			return ReasonBusy
		}
	}
	ms := append(slices.Clone(r.p.FixedMeetings), m)
	var found []scheduling.Violation
	for _, v := range scheduling.Validate(r.p, &scheduling.Schedule{Meetings: ms}) {
		if !r.baseline[v.String()] {
			found = append(found, v)
		}
	}
	return reasonOf(found)
}

// reasonOf turns the violations the newcomer causes into the most telling
// unplaced reason: eligibility before time before caps before the rest.
func reasonOf(vs []scheduling.Violation) scheduling.Reason {
	if len(vs) == 0 {
		return ""
	}
	rank := map[scheduling.Rule]int{scheduling.RuleCandidatePair: 0, scheduling.RuleEligibility: 1, scheduling.RuleAvailability: 2, scheduling.RuleCaps: 3}
	best := vs[0]
	for _, v := range vs[1:] {
		rv, ok1 := rank[v.Rule]
		rb, ok2 := rank[best.Rule]
		if ok1 && (!ok2 || rv < rb) {
			best = v
		}
	}
	switch best.Rule {
	case scheduling.RuleCandidatePair:
		return ReasonAlreadyMeets
	case scheduling.RuleEligibility:
		return scheduling.ReasonStepFree // level and licence are decided before, per vacancy
	case scheduling.RuleAvailability:
		return scheduling.ReasonNoCommonTime
	case scheduling.RuleCaps:
		if strings.HasPrefix(best.Message, "employer ") {
			return scheduling.ReasonEmployerFull
		}
		return scheduling.ReasonApplicantFull
	}
	return scheduling.ReasonConflict
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
