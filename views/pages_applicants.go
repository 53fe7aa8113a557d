package views

import (
	"treffpunkt/models"
	"treffpunkt/models/applicantimport"
	"treffpunkt/models/matching"
)

// Pages of applicant editing, CSV import and shortlists.
const (
	PageApplicantForm  = "applicant_form"
	PageImportUpload   = "import_upload"
	PageImportPreview  = "import_preview"
	PageShortlistIndex = "shortlist_index"
	PageShortlist      = "shortlist"
	PageImportExpired  = "import_expired"
)

// ApplicantForm is the applicant form as typed, kept for redisplay.
type ApplicantForm struct {
	applicantimport.Input
	Version int // the version the edit started from
}

// ApplicantFormPage adds (ID 0) or edits an applicant.
type ApplicantFormPage struct {
	Layout
	ID        int64 // 0: new applicant
	Form      ApplicantForm
	Errors    FieldErrors
	Conflict  bool // someone else saved the applicant meanwhile
	Levels    []models.GermanLevel
	Languages []models.Language
}

// ImportUploadPage is the CSV upload form.
type ImportUploadPage struct {
	Layout
	ErrorKey string   // whole-file problem, "applicants.import.error.<key>"
	Columns  []string // columns named in the problem
	Line     int
	MaxMB    int64
	MaxRows  int // most applicants per import
}

// ImportRow is one row of the preview with its messages in field order.
type ImportRow struct {
	Line      int
	Input     applicantimport.Input
	Applicant models.Applicant
	Problems  []ImportProblem
}

// ImportProblem is one message of a row: the field's label key and the
// message key.
type ImportProblem struct {
	Field string
	Key   string
}

// ImportPreviewPage shows every row of a staged import before anything is
// saved.
type ImportPreviewPage struct {
	Layout
	ID       int64
	FileName string
	Encoding string
	Unknown  []string
	Rows     []ImportRow
	Invalid  int // rows with problems; confirming is offered only at 0
	Failed   bool
}

// ShortlistIndexPage lists the vacancies of an event to shortlist for.
type ShortlistIndexPage struct {
	Layout
	Event     models.Event
	Vacancies []models.EventVacancy
	Counts    map[int64]int // shortlisted pairs per vacancy ID
}

// Suggestion is one ranked applicant for a vacancy.
type Suggestion struct {
	Applicant models.Applicant
	Verdict   matching.Verdict
}

// ShortlistPage is the workbench of one vacancy at one event.
type ShortlistPage struct {
	Layout
	Event      models.Event
	Vacancy    models.EventVacancy
	Candidates []models.Candidate
	Eligible   []Suggestion
	Ineligible []Suggestion
	Scores     []int
	ErrorKey   string // translation key of a refused add
	ErrorFor   int64  // applicant of the refused add
	MaxTravel  int
}

// FormField is what the form's "input" and "checkbox" blocks need of one
// field; Hint is a translation key or empty.
type FormField struct {
	Name, Type, Value, Hint string
	Errors                  FieldErrors
}

// Field describes one field of the page's form for the shared blocks.
func (p ApplicantFormPage) Field(name, typ, value, hint string) FormField {
	return FormField{Name: name, Type: typ, Value: value, Hint: hint, Errors: p.Errors}
}

// ScoreSelect is what the "scoreselect" block needs.
type ScoreSelect struct {
	ID, Name string
	Selected int
	Scores   []int
}

// ScoreSelect describes a score dropdown with selected preselected.
func (p ShortlistPage) ScoreSelect(id, name string, selected int) ScoreSelect {
	return ScoreSelect{ID: id, Name: name, Selected: selected, Scores: p.Scores}
}
