package handlers

import (
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/views"
)

// showPrintApplicantsPage prints one "Laufzettel" per applicant: the
// applicant's interviews with times, places and the job centre's phone,
// each sheet in the applicant's language unless ?lang= names one for all.
// Declined and cancelled interviews are left off: the sheet says where to
// go, not where not to.
func (h *Handler) showPrintApplicantsPage(c *fiber.Ctx) error {
	d, err := h.loadPrintData(c)
	if err != nil {
		return err
	}
	// A printout carries applicants' names and plans out of the system:
	// recorded like any other read of applicant data.
	if err := h.auditPrint(c, d.event.ID, "applicants"); err != nil {
		return err
	}
	forced := c.Query("lang")
	if forced != h.printPages.SheetLanguage(forced) {
		forced = ""
	}
	var notes []string
	for _, l := range strings.Split(strings.ReplaceAll(d.event.Description, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			notes = append(notes, l)
		}
	}
	page := views.PrintApplicantsPage{PrintFrame: h.printFrame(c, d)}
	index := map[int64]int{}
	var applicants []models.Applicant
	for _, det := range d.details {
		iv := det.Interview
		switch iv.Status {
		case models.InterviewPlanned, models.InterviewInvited, models.InterviewConfirmed:
		default:
			continue
		}
		i, ok := index[iv.ApplicantID]
		if !ok {
			lang := forced
			if lang == "" {
				lang = h.printPages.SheetLanguage(string(iv.Applicant.PreferredLanguage))
			}
			i = len(page.Sheets)
			index[iv.ApplicantID] = i
			page.Sheets = append(page.Sheets, views.PrintSheet{Lang: lang, Dir: h.printPages.SheetDir(lang),
				Name: strings.TrimSpace(iv.Applicant.FirstName + " " + iv.Applicant.LastName), EventNotes: notes})
			applicants = append(applicants, iv.Applicant)
		}
		p := invite.Place(det)
		page.Sheets[i].Items = append(page.Sheets[i].Items, views.PrintSheetItem{
			Start: iv.StartsAt, End: iv.EndsAt, Employer: iv.Employer.Name, Vacancy: iv.Vacancy.Title,
			Address: p.Address(), Room: invite.Room(det), MapURL: mail.MapURL(p.Address(), p.Lat, p.Lon, p.HasCoordinates),
			StepFree: p.StepFree, Status: string(iv.Status)})
	}
	// Alphabetical by last name, as staff hand them out.
	order := make([]int, len(page.Sheets))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := applicants[order[x]], applicants[order[y]]
		if a.LastName != b.LastName {
			return a.LastName < b.LastName
		}
		return a.FirstName < b.FirstName
	})
	sheets := make([]views.PrintSheet, len(order))
	for i, o := range order {
		sheets[i] = page.Sheets[o]
	}
	page.Sheets = sheets
	return h.renderPrint(c, views.PagePrintApplicants, page)
}
