package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// maxApplicantRows caps the search result: the page is for finding people,
// not for browsing thousands.
const maxApplicantRows = 200

// showApplicantsPage searches the applicants of the user's job centre by
// name, minimum German level, preferred language and postcode prefix.
// Unknown level or language values are ignored rather than rejected: the
// form only offers valid ones, so they come from edited URLs.
func (h *Handler) showApplicantsPage(c *fiber.Ctx) error {
	form := views.ApplicantFilterForm{
		Name:     strings.TrimSpace(c.Query("q")),
		Level:    c.Query("level"),
		Language: c.Query("language"),
		Postcode: strings.TrimSpace(c.Query("postcode")),
	}
	filter := models.ApplicantFilter{Query: form.Name, Postcode: form.Postcode, Limit: maxApplicantRows}
	if l := models.GermanLevel(form.Level); l.Valid() {
		filter.GermanLevel = l
	} else {
		form.Level = ""
	}
	if l := models.Language(form.Language); l.Valid() {
		filter.Language = l
	} else {
		form.Language = ""
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	applicants, err := h.store.ListApplicants(ctx, userOf(c).JobCentreID, filter)
	if err != nil {
		return fmt.Errorf("handlers: applicants page: %w", err)
	}
	page := views.ApplicantsPage{
		Layout: h.layout(c, "applicants"), Filter: form, Applicants: applicants,
		Levels: models.GermanLevels(), Languages: models.Languages(), Imported: c.QueryInt("imported"),
	}
	return h.render(c, fiber.StatusOK, views.PageApplicants, page)
}
