package planning

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"treffpunkt/models"
	"treffpunkt/scheduling"
)

// Run solves p in the given mode. The solve is deterministic for the same
// data, mode and seed unless timeLimit fires (Stats.Stopped then says so),
// which is why applying a previewed plan re-runs it instead of storing it.
// The result is checked with scheduling.Validate: a plan that breaks a rule
// is an error, never shown or saved.
func Run(ctx context.Context, p *scheduling.Problem, mode Mode, seed int64, timeLimit time.Duration, now func() time.Time) (*scheduling.Schedule, error) {
	if !mode.Valid() {
		return nil, fmt.Errorf("planning: run: unknown mode %q", mode)
	}
	p.Objective = mode.Objective()
	s, err := scheduling.Solve(ctx, p, scheduling.Options{Seed: seed, TimeLimit: timeLimit, Now: now})
	if err != nil {
		return nil, fmt.Errorf("planning: run %s: %w", p.ID, err)
	}
	if vs := scheduling.Validate(p, s); len(vs) > 0 {
		return nil, fmt.Errorf("planning: run %s: %d rule violations, first: %s", p.ID, len(vs), vs[0])
	}
	return s, nil
}

// Planned is one meeting of a preview.
type Planned struct {
	Start, End time.Time // End is the end of the interview, without buffer
	Applicant  string
	Employer   string
	Vacancy    string
	Table      string
	Score      int // 1–5
	Kept       bool
}

// UnplacedPair is a shortlisted pair without a meeting and why.
type UnplacedPair struct {
	Applicant string
	Employer  string
	Vacancy   string
	Reason    scheduling.Reason
}

// Preview is what staff see before applying a plan.
type Preview struct {
	Pairs      int // shortlisted pairs (applicant × employer) that were planned
	Applicants int // applicants with at least one shortlisted pair
	Planned    []Planned
	Unplaced   []UnplacedPair
	// WithoutInterview are the shortlisted applicants who get no interview.
	WithoutInterview []string
	Stats            scheduling.Stats
}

// NewPreview summarises a schedule with names from idx, sorted for reading.
func NewPreview(p *scheduling.Problem, s *scheduling.Schedule, idx Index) Preview {
	pv := Preview{Pairs: len(p.Candidates) + len(idx.Ineligible)}
	if s.Stats != nil {
		pv.Stats = *s.Stats
	}
	shortlisted := map[string]bool{}
	for _, c := range p.Candidates {
		shortlisted[c.ApplicantID] = true
	}
	for _, u := range idx.Ineligible {
		shortlisted[u.ApplicantID] = true
	}
	pv.Applicants = len(shortlisted)
	met := map[string]bool{}
	for _, m := range s.Meetings {
		key := [2]string{m.ApplicantID, m.EmployerID}
		c := idx.Pairs[key]
		_, kept := idx.Fixed[key]
		met[m.ApplicantID] = true
		pv.Planned = append(pv.Planned, Planned{
			Start: m.Start, End: m.Start.Add(time.Duration(idx.InterviewMinutes) * time.Minute),
			Applicant: name(idx.Applicants[m.ApplicantID]), Employer: idx.Registrations[m.EmployerID].Employer.Name,
			Vacancy: c.Vacancy.Title, Table: idx.Tables[m.TableID].Label, Score: c.Score, Kept: kept,
		})
	}
	slices.SortFunc(pv.Planned, func(a, b Planned) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.Table, b.Table), strings.Compare(a.Applicant, b.Applicant))
	})
	unplaced := append(slices.Clone(idx.Ineligible), s.Unplaced...)
	for _, u := range unplaced {
		pv.Unplaced = append(pv.Unplaced, UnplacedPair{
			Applicant: name(idx.Applicants[u.ApplicantID]), Employer: idx.Registrations[u.EmployerID].Employer.Name,
			Vacancy: idx.Pairs[[2]string{u.ApplicantID, u.EmployerID}].Vacancy.Title, Reason: u.Reason,
		})
	}
	slices.SortFunc(pv.Unplaced, func(a, b UnplacedPair) int {
		return cmp.Or(strings.Compare(a.Applicant, b.Applicant), strings.Compare(a.Employer, b.Employer))
	})
	for id := range shortlisted {
		if !met[id] {
			pv.WithoutInterview = append(pv.WithoutInterview, name(idx.Applicants[id]))
		}
	}
	slices.Sort(pv.WithoutInterview)
	return pv
}

func name(a models.Applicant) string { return strings.TrimSpace(a.FirstName + " " + a.LastName) }

// Interviews turns the new meetings of a schedule (not the kept ones) into
// interviews to store. UIDs and check-in codes are left to the caller, who
// owns the invitation helpers.
func Interviews(s *scheduling.Schedule, idx Index) ([]models.Interview, error) {
	var out []models.Interview
	for _, m := range s.Meetings {
		key := [2]string{m.ApplicantID, m.EmployerID}
		if _, kept := idx.Fixed[key]; kept {
			continue
		}
		c, ok := idx.Pairs[key]
		if !ok {
			return nil, fmt.Errorf("planning: meeting %s/%s: no candidate", m.ApplicantID, m.EmployerID)
		}
		ref, ok := idx.Tables[m.TableID]
		if !ok {
			return nil, fmt.Errorf("planning: meeting %s/%s: unknown table %s", m.ApplicantID, m.EmployerID, m.TableID)
		}
		out = append(out, models.Interview{
			CandidateID: c.ID, TableID: ref.TableID, SiteID: ref.SiteID, Status: models.InterviewPlanned,
			StartsAt: m.Start.UTC(), EndsAt: m.Start.Add(time.Duration(idx.InterviewMinutes) * time.Minute).UTC(),
		})
	}
	slices.SortFunc(out, func(a, b models.Interview) int {
		return cmp.Or(a.StartsAt.Compare(b.StartsAt), cmp.Compare(a.CandidateID, b.CandidateID))
	})
	return out, nil
}
