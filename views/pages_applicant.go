package views

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"time"
)

// The applicant's personal page speaks the applicants' languages (German,
// English, Ukrainian, Arabic), which the staff UI does not. It therefore
// has its own translations (locales/applicantpage/) and templates
// (templates/applicantpage/) with its own frame: the staff layout, its
// navigation and its de/en language switch do not belong on it, and the
// staff locale tests must not demand Ukrainian and Arabic of every area.

// Applicant page names.
const (
	PageApplicantPlan  = "applicant_page"
	PageApplicantError = "applicant_page_error"
)

// ApplicantFrame is what both applicant pages share.
type ApplicantFrame struct {
	Lang          string
	Dir           string
	Path          string // for the language links
	LanguageLinks []LanguageLink
	CentreName    string
	CentrePhone   string
	CentreEmail   string
}

// ApplicantPlanPage is the applicant's plan for one event.
type ApplicantPlanPage struct {
	ApplicantFrame
	CSRF        string
	FirstName   string
	EventTitle  string
	EventNotes  []string // the event's description, line by line
	NoticeKey   string   // translation key of the message after a button press
	NoticeIsBad bool     // "already answered": shown as a warning
	Interviews  []ApplicantPlanItem
}

// ApplicantPlanItem is one interview on the applicant's page.
type ApplicantPlanItem struct {
	ID          int64
	Start, End  time.Time
	Employer    string
	Vacancy     string
	Address     string
	Room        string
	MapURL      string
	StepFree    *bool
	StatusKey   string // translation key of the state the applicant sees
	Open        bool   // the applicant may still answer
	Active      bool   // invited or confirmed: calendar and check-in apply
	FocusKey    string // the mail's confirm/decline link preselected an answer
	ActionBase  string // URL prefix of the answer forms: ActionBase + "/confirm"
	CalendarURL string
	QRURL       string
	CheckinCode string
}

// ApplicantErrorPage explains why a link does not work.
type ApplicantErrorPage struct {
	ApplicantFrame
	Status     int
	TitleKey   string
	MessageKey string
}

// ApplicantPages renders the applicant pages in the applicants' languages.
type ApplicantPages struct {
	tr   *Translator
	sets map[string]map[string]*template.Template // lang → page → set
}

// NewApplicantPages loads the applicant page translations and templates.
func NewApplicantPages(assets *Assets) (*ApplicantPages, error) {
	lfs, err := fs.Sub(LocalesFS(), "applicantpage")
	if err != nil {
		return nil, fmt.Errorf("views: applicant locales: %w", err)
	}
	tr, err := NewTranslator(lfs)
	if err != nil {
		return nil, fmt.Errorf("views: applicant locales: %w", err)
	}
	tfs, err := fs.Sub(TemplatesFS(), "applicantpage")
	if err != nil {
		return nil, fmt.Errorf("views: applicant templates: %w", err)
	}
	p := &ApplicantPages{tr: tr, sets: map[string]map[string]*template.Template{}}
	for _, lang := range tr.Languages() {
		p.sets[lang] = map[string]*template.Template{}
		for _, page := range []string{PageApplicantPlan, PageApplicantError} {
			set, err := template.New(page).Funcs(funcs(lang, tr, assets)).ParseFS(tfs, "applicant_page_frame.html", page+".html")
			if err != nil {
				return nil, fmt.Errorf("views: parse applicant page %s: %w", page, err)
			}
			p.sets[lang][page] = set
		}
	}
	return p, nil
}

// Translator returns the applicant page translations.
func (p *ApplicantPages) Translator() *Translator { return p.tr }

// Frame fills the shared part of an applicant page for lang.
func (p *ApplicantPages) Frame(lang, path string) ApplicantFrame {
	f := ApplicantFrame{Lang: lang, Dir: p.tr.Dir(lang), Path: path}
	for _, code := range p.tr.Languages() {
		f.LanguageLinks = append(f.LanguageLinks, LanguageLink{Code: code, Name: p.tr.T(code, "meta.name"), Current: code == lang})
	}
	return f
}

// Render executes an applicant page in lang.
func (p *ApplicantPages) Render(lang, page string, data any) ([]byte, error) {
	sets, ok := p.sets[lang]
	if !ok {
		sets = p.sets[DefaultLanguage]
	}
	set, ok := sets[page]
	if !ok {
		return nil, fmt.Errorf("views: unknown applicant page %q", page)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "applicant_page_frame.html", data); err != nil {
		return nil, fmt.Errorf("views: render %s/%s: %w", lang, page, err)
	}
	return buf.Bytes(), nil
}
