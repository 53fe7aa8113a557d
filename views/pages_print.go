package views

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"time"
)

// The printable plans are staff pages, but an applicant's "Laufzettel"
// must speak the applicant's language, and one printout holds sheets in
// several languages. They therefore have their own frame (no navigation,
// nothing to print but the sheets) in templates/print/, the staff strings
// in locales/print.<lang>.json and the sheet strings next to the applicant
// page's in locales/applicantpage/print.<lang>.json, which already cover
// Ukrainian and Arabic.

// Printable plan page names.
const (
	PagePrintTables     = "print_tables"
	PagePrintApplicants = "print_applicants"
)

// PrintFrame is what both printable pages share; Lang and Dir are the
// staff user's, each applicant sheet has its own.
type PrintFrame struct {
	Lang        string
	Dir         string
	EventID     int64
	EventTitle  string
	CentreName  string
	CentrePhone string
	CentreEmail string
}

// PrintTablesPage is the plan per table or employer site.
type PrintTablesPage struct {
	PrintFrame
	Sections []PrintTableSection
}

// PrintTableSection is one table or site with its interviews in time order.
type PrintTableSection struct {
	Title    string // table label or employer and site
	Employer string
	Address  string
	Rows     []PrintTableRow
}

// PrintTableRow is one interview at a table; the applicant appears as the
// job centre lets employers see them, without contact data, because the
// sheet lies on the table.
type PrintTableRow struct {
	Start, End time.Time
	Applicant  string
	Vacancy    string
	Status     string // models.InterviewStatus

	GermanLevel string // always shown with the name
}

// PrintApplicantsPage holds one sheet per applicant.
type PrintApplicantsPage struct {
	PrintFrame
	Sheets []PrintSheet
}

// PrintSheet is one applicant's "Laufzettel" in the sheet's language.
type PrintSheet struct {
	Lang       string
	Dir        string
	Name       string
	EventNotes []string // the event's description: how to get there, what to bring
	Items      []PrintSheetItem
}

// PrintSheetItem is one interview on an applicant's sheet.
type PrintSheetItem struct {
	Start, End time.Time
	Employer   string
	Vacancy    string
	Address    string
	Room       string
	MapURL     string
	StepFree   *bool
	Status     string // models.InterviewStatus
}

// PrintPages renders the printable plans.
type PrintPages struct {
	staff *Translator
	sheet *Translator
	sets  map[string]map[string]*template.Template // staff lang → page → set
}

// NewPrintPages parses the print templates for every staff language. staff
// translates the frame, sheet (the applicant page translator) the sheets.
func NewPrintPages(staff, sheet *Translator, assets *Assets) (*PrintPages, error) {
	tfs, err := fs.Sub(TemplatesFS(), "print")
	if err != nil {
		return nil, fmt.Errorf("views: print templates: %w", err)
	}
	p := &PrintPages{staff: staff, sheet: sheet, sets: map[string]map[string]*template.Template{}}
	for _, lang := range staff.Languages() {
		p.sets[lang] = map[string]*template.Template{}
		fm := funcs(lang, staff, assets)
		// Sheet strings take the sheet's language explicitly.
		fm["st"] = func(l, key string, args ...any) string { return sheet.T(l, key, args...) }
		fm["sdate"] = func(l string, t time.Time) string { return sheet.Date(l, t) }
		fm["stime"] = func(l string, t time.Time) string { return sheet.Time(l, t) }
		for _, page := range []string{PagePrintTables, PagePrintApplicants} {
			set, err := template.New(page).Funcs(fm).ParseFS(tfs, "print_frame.html", page+".html")
			if err != nil {
				return nil, fmt.Errorf("views: parse print page %s: %w", page, err)
			}
			p.sets[lang][page] = set
		}
	}
	return p, nil
}

// SheetLanguage is lang if the sheets speak it, else the default language.
func (p *PrintPages) SheetLanguage(lang string) string {
	if p.sheet.Supported(lang) {
		return lang
	}
	return DefaultLanguage
}

// SheetDir is the writing direction of a sheet language.
func (p *PrintPages) SheetDir(lang string) string { return p.sheet.Dir(lang) }

// Frame fills the shared part for the staff language lang.
func (p *PrintPages) Frame(lang string) PrintFrame {
	return PrintFrame{Lang: lang, Dir: p.staff.Dir(lang)}
}

// Render executes page in the staff language lang.
func (p *PrintPages) Render(lang, page string, data any) ([]byte, error) {
	sets, ok := p.sets[lang]
	if !ok {
		sets = p.sets[DefaultLanguage]
	}
	set, ok := sets[page]
	if !ok {
		return nil, fmt.Errorf("views: unknown print page %q", page)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "print_frame.html", data); err != nil {
		return nil, fmt.Errorf("views: render print %s/%s: %w", lang, page, err)
	}
	return buf.Bytes(), nil
}
