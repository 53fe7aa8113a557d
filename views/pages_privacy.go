package views

import "treffpunkt/models"

// Pages of the data subject's rights (issue 8, part 4).
const (
	PageApplicantExport = "applicant_export"
	PageApplicantErase  = "applicant_erase"
)

// ApplicantExportPage is the readable, printable copy of everything held
// about one applicant (Auskunft, Art. 15 DSGVO).
type ApplicantExportPage struct {
	Layout
	Dossier models.ApplicantDossier
}

// ApplicantErasePage shows what an erasure removes and keeps, asks for
// confirmation, or says that the applicant was erased.
type ApplicantErasePage struct {
	Layout
	Effects  models.EraseEffects
	ErrorKey string // translation key of a refused confirmation
	Erased   bool   // just erased
}
