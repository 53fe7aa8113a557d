package views

import (
	"time"

	"treffpunkt/models"
)

// Pages of the check-in on the day (issue 7).
const (
	PageCheckin     = "checkin"
	PageCheckinScan = "checkin_scan"
	PageWalkin      = "checkin_walkin"
)

// CheckinDay is one day of the event in the day switch of the check-in list.
type CheckinDay struct {
	Date    string // 2026-04-14, the ?day= value
	Day     time.Time
	Current bool
}

// CheckinRow is one interview of an applicant on the check-in list.
type CheckinRow struct {
	ID          int64
	Version     int
	Start, End  time.Time // in the job centre's zone
	Employer    string
	Vacancy     string
	Table       string
	Status      models.InterviewStatus
	CheckedInAt *time.Time // in the job centre's zone
}

// CheckinGroup is one applicant with the day's interviews.
type CheckinGroup struct {
	ApplicantID int64
	Name        string
	Search      string // folded name, employers and tables, what the search field matches
	Rows        []CheckinRow
}

// CheckinNotice is the outcome of the last action, shown at the top.
type CheckinNotice struct {
	Key   string // translation key
	Bad   bool
	Name  string // applicant
	Code  string // the code as typed, for "unknown code"
	Start time.Time
	With  string // employer
}

// CheckinPage is the check-in list of one day with the code field.
type CheckinPage struct {
	Layout
	Event   models.Event
	Days    []CheckinDay
	Day     string // the shown day, 2026-04-14
	Query   string // ?q= without JavaScript
	Groups  []CheckinGroup
	Total   int // interviews of the day
	Arrived int
	NoShow  int
	Notice  *CheckinNotice
}

// CheckinScanPage is the camera page: a QR code seen by the camera fills
// the code field and sends it.
type CheckinScanPage struct {
	Layout
	Event  models.Event
	Notice *CheckinNotice
}

// WalkinApplicant is an applicant to choose for a walk-in.
type WalkinApplicant struct {
	ID          int64
	Name        string
	GermanLevel models.GermanLevel
	Postcode    string
}

// WalkinVacancy is a vacancy of the event to choose for a walk-in.
type WalkinVacancy struct {
	ID       int64
	Employer string
	Title    string
	MinLevel *models.GermanLevel
}

// WalkinSlot is a free slot to book.
type WalkinSlot struct {
	Value      string // "<table key>|<RFC 3339 start>", what the form sends back
	Start, End time.Time
	Table      string
}

// WalkinRefusal is a hard rule that closed slots, with how many.
type WalkinRefusal struct {
	Rule  string // scheduling rule or reason, for the translation key
	Slots int
}

// WalkinPage adds a walk-in applicant to a free slot: find or create the
// applicant, choose a vacancy, see the free slots, book one.
type WalkinPage struct {
	Layout
	Event      models.Event
	Query      string
	Found      []WalkinApplicant // search results
	Applicant  *WalkinApplicant  // chosen
	Vacancies  []WalkinVacancy
	VacancyID  int64 // chosen
	Slots      []WalkinSlot
	Refusals   []WalkinRefusal // why there is no (or no such) slot
	New        ApplicantForm   // the minimal new-applicant form as typed
	NewErrors  FieldErrors
	Levels     []models.GermanLevel
	Languages  []models.Language
	ErrorKey   string
	SearchDone bool // a search ran, so "nobody found" may be said
}

// NewField describes one input of the new-applicant form for its block.
func (p WalkinPage) NewField(name, typ, value string) FormField {
	return FormField{Name: name, Type: typ, Value: value, Errors: p.NewErrors}
}
