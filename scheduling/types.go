package scheduling

import (
	"encoding/json"
	"time"
)

// FormatVersion is the version of the exchange format this package reads and writes.
const FormatVersion = "1.0"

// Objective names accepted in Problem.Objective (FORMAT.md §3).
const (
	PrimaryTotalScore     = "total_score"
	PrimaryMeetingCount   = "meeting_count"
	FairnessMaxMin        = "max_min_interviews"
	FairnessCoverageFirst = "coverage_first"
)

// Problem is one planning instance exactly as FORMAT.md §1 describes it.
// Instants keep the offset they were written with; comparisons use instants.
type Problem struct {
	FormatVersion string      `json:"format_version"`
	ID            string      `json:"id"`
	Name          string      `json:"name,omitempty"`
	Timezone      string      `json:"timezone"`
	Objective     Objective   `json:"objective"`
	Locations     []Location  `json:"locations"`
	Travel        Travel      `json:"travel"`
	Employers     []Employer  `json:"employers"`
	Applicants    []Applicant `json:"applicants"`
	Candidates    []Candidate `json:"candidates"`
	FixedMeetings []Meeting   `json:"fixed_meetings,omitempty"`
}

// Objective selects the primary objective and the fairness rule.
type Objective struct {
	Primary  string `json:"primary"`
	Fairness string `json:"fairness"`
}

// Location is a place that appears in the travel matrix.
type Location struct {
	ID       string `json:"id"`
	Kind     string `json:"kind,omitempty"`
	Name     string `json:"name,omitempty"`
	StepFree bool   `json:"step_free"`
}

// Travel holds travel minutes from row location to column location.
type Travel struct {
	LocationIDs []string `json:"location_ids"`
	Minutes     [][]int  `json:"minutes"`
}

// Employer offers tables and takes at most MaxInterviews meetings in total.
type Employer struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name,omitempty"`
	Sector               string       `json:"sector,omitempty"`
	Vacancies            int          `json:"vacancies,omitempty"`
	InterviewsPerVacancy int          `json:"interviews_per_vacancy,omitempty"`
	MaxInterviews        int          `json:"max_interviews"`
	Requirements         Requirements `json:"requirements"`
	Tables               []Table      `json:"tables"`
}

// Requirements are the employer's eligibility rules (FORMAT.md §2 rule 3).
type Requirements struct {
	// MinGermanLevel is a CEFR level; empty means no requirement (null in JSON).
	MinGermanLevel string `json:"min_german_level"`
	DrivingLicence bool   `json:"driving_licence"`
}

// MarshalJSON writes an empty level as null, as FORMAT.md defines "no requirement".
func (r Requirements) MarshalJSON() ([]byte, error) {
	var lvl *string
	if r.MinGermanLevel != "" {
		lvl = &r.MinGermanLevel
	}
	return json.Marshal(struct {
		MinGermanLevel *string `json:"min_german_level"`
		DrivingLicence bool    `json:"driving_licence"`
	}{lvl, r.DrivingLicence})
}

// Table is one interview table or room; its windows are cut into slots.
type Table struct {
	ID          string     `json:"id"`
	LocationID  string     `json:"location_id"`
	SlotMinutes int        `json:"slot_minutes"`
	Windows     []Interval `json:"windows"`
}

// Interval is the half-open time range [Start, End).
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Applicant is a job seeker with caps and availability windows.
type Applicant struct {
	ID string `json:"id"`
	// HomeLocationID is empty when no home travel applies (null in JSON).
	HomeLocationID      string     `json:"home_location_id"`
	GermanLevel         string     `json:"german_level"`
	DrivingLicence      bool       `json:"driving_licence"`
	NeedsStepFree       bool       `json:"needs_step_free"`
	MaxInterviews       int        `json:"max_interviews"`
	MaxInterviewsPerDay int        `json:"max_interviews_per_day"`
	Availability        []Interval `json:"availability"`
}

// MarshalJSON writes an empty home location as null.
func (a Applicant) MarshalJSON() ([]byte, error) {
	var home *string
	if a.HomeLocationID != "" {
		home = &a.HomeLocationID
	}
	return json.Marshal(struct {
		ID                  string     `json:"id"`
		HomeLocationID      *string    `json:"home_location_id"`
		GermanLevel         string     `json:"german_level"`
		DrivingLicence      bool       `json:"driving_licence"`
		NeedsStepFree       bool       `json:"needs_step_free"`
		MaxInterviews       int        `json:"max_interviews"`
		MaxInterviewsPerDay int        `json:"max_interviews_per_day"`
		Availability        []Interval `json:"availability"`
	}{a.ID, home, a.GermanLevel, a.DrivingLicence, a.NeedsStepFree, a.MaxInterviews, a.MaxInterviewsPerDay, a.Availability})
}

// Candidate is a shortlisted (applicant, employer) pair with its score.
type Candidate struct {
	ApplicantID string `json:"applicant_id"`
	EmployerID  string `json:"employer_id"`
	Score       int    `json:"score"`
}

// Meeting is one interview; also the shape of a fixed (pinned) meeting.
type Meeting struct {
	ApplicantID string    `json:"applicant_id"`
	EmployerID  string    `json:"employer_id"`
	TableID     string    `json:"table_id"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
}

// Reason explains why a candidate pair got no meeting (FORMAT.md §4).
type Reason string

// Reasons for unplaced pairs, in the order they are tested.
const (
	ReasonLanguageLevel  Reason = "language_level"
	ReasonDrivingLicence Reason = "driving_licence"
	ReasonStepFree       Reason = "step_free"
	ReasonNoCommonTime   Reason = "no_common_time"
	ReasonEmployerFull   Reason = "employer_full"
	ReasonApplicantFull  Reason = "applicant_full"
	ReasonConflict       Reason = "conflict"
)

// Unplaced is a candidate pair without a meeting and the first reason that applies.
type Unplaced struct {
	ApplicantID string `json:"applicant_id"`
	EmployerID  string `json:"employer_id"`
	Reason      Reason `json:"reason"`
}

// Schedule is the solver output (FORMAT.md §4).
type Schedule struct {
	FormatVersion string     `json:"format_version"`
	InstanceID    string     `json:"instance_id"`
	Solver        string     `json:"solver"`
	Meetings      []Meeting  `json:"meetings"`
	Unplaced      []Unplaced `json:"unplaced"`
	Stats         *Stats     `json:"stats,omitempty"`
}

// Stats are informational figures about a solve.
type Stats struct {
	// Objective is the primary objective value (sum of scores or number of meetings).
	Objective int64 `json:"objective"`
	// Bound is an upper bound on Objective from the time-relaxed flow model;
	// 0 when no bound was computed (coverage_first mode mixes two objectives).
	Bound                   int64 `json:"bound,omitempty"`
	Meetings                int   `json:"meetings"`
	Covered                 int   `json:"covered"`
	Population              int   `json:"population"`
	MinInterviews           int   `json:"min_interviews"`
	ZeroInterviewApplicants int   `json:"zero_interview_applicants"`
	Iterations              int64 `json:"iterations"`
	// RuntimeMS is omitted by the command so that its output is byte-for-byte reproducible.
	RuntimeMS int64 `json:"runtime_ms,omitempty"`
	// Stopped says why the search ended early ("time_limit", "cancelled"); empty when it ran its full budget.
	Stopped string `json:"stopped,omitempty"`
}
