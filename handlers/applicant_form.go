package handlers

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/applicantimport"
	"treffpunkt/views"
)

// applicantFormInput reads the applicant form. Checkboxes send "on" or
// nothing, which the shared validator reads as yes and no.
func applicantFormInput(c *fiber.Ctx) views.ApplicantForm {
	version, _ := strconv.Atoi(c.FormValue("version"))
	return views.ApplicantForm{Version: version, Input: applicantimport.Input{
		FirstName: c.FormValue("first_name"), LastName: c.FormValue("last_name"),
		Email: c.FormValue("email"), Phone: c.FormValue("phone"),
		Language: c.FormValue("language"), GermanLevel: c.FormValue("german_level"),
		DrivingLicence: c.FormValue("driving_licence"), StepFree: c.FormValue("needs_step_free"),
		Postcode: c.FormValue("postcode"), Town: c.FormValue("town"),
		MaxPerDay: c.FormValue("max_interviews_per_day"), ConsentDate: c.FormValue("consent_date"),
		Availability: c.FormValue("availability"), Notes: c.FormValue("notes"),
		SharesContact: c.FormValue("shares_contact"),
	}}
}

// applicantFormOf fills the form from a stored applicant for editing.
func applicantFormOf(a models.Applicant) views.ApplicantForm {
	yes := func(b bool) string {
		if b {
			return "on"
		}
		return ""
	}
	return views.ApplicantForm{Version: a.Version, Input: applicantimport.Input{
		FirstName: a.FirstName, LastName: a.LastName, Email: a.Email, Phone: a.Phone,
		Language: string(a.PreferredLanguage), GermanLevel: string(a.GermanLevel),
		DrivingLicence: yes(a.DrivingLicence), StepFree: yes(a.NeedsStepFree),
		Postcode: a.Postcode, Town: a.Town, MaxPerDay: strconv.Itoa(a.MaxInterviewsPerDay),
		ConsentDate: a.ConsentAt.Format("2006-01-02"), Availability: a.Availability, Notes: a.Notes,
		SharesContact: yes(a.SharesContact),
	}}
}

// validateApplicantForm runs the validator the CSV import uses and turns
// its codes into the form's translation keys.
func (h *Handler) validateApplicantForm(c *fiber.Ctx, form views.ApplicantForm) (models.Applicant, views.FieldErrors) {
	a, errs := applicantimport.Validate(form.Input, h.today(c), h.postcodeTable())
	if len(errs) == 0 {
		return a, nil
	}
	out := views.FieldErrors{}
	for field, code := range errs {
		out[field] = "applicants.error." + code
	}
	return a, out
}

// postcodeTable returns the postcode table for validation, or nil (no
// check) when none is loaded; a nil *postcode.Table must not become a
// non-nil interface.
func (h *Handler) postcodeTable() applicantimport.Postcodes {
	if h.postcodes == nil {
		return nil
	}
	return h.postcodes
}

// today is the current calendar day of the user's job centre as midnight
// UTC, the form in which dates are compared.
func (h *Handler) today(c *fiber.Ctx) time.Time {
	loc := time.UTC
	if jc := jobCentreOf(c); jc != nil {
		if l, err := jc.Location(); err == nil {
			loc = l
		}
	}
	y, m, d := h.now().In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (h *Handler) applicantFormPage(c *fiber.Ctx, id int64, form views.ApplicantForm, errs views.FieldErrors) views.ApplicantFormPage {
	return views.ApplicantFormPage{
		Layout: h.layout(c, "applicants"), ID: id, Form: form, Errors: errs,
		Levels: models.GermanLevels(), Languages: models.Languages(),
	}
}
