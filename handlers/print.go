package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// initPrintPages parses the printable plan templates; it runs once from
// New, after the applicant page, whose translations the sheets use.
func (h *Handler) initPrintPages() error {
	p, err := views.NewPrintPages(h.tr, h.applicantPages.Translator(), h.assets)
	if err != nil {
		return fmt.Errorf("handlers: new: %w", err)
	}
	h.printPages = p
	return nil
}

// printData is what both printable plans are made of.
type printData struct {
	event   models.Event
	centre  models.JobCentre
	details []models.InterviewDetails // ordered by start
}

// loadPrintData loads the event of :id in the user's job centre with all
// its interviews and their places; another job centre's event is
// ErrNotFound, hence a 404.
func (h *Handler) loadPrintData(c *fiber.Ctx) (printData, error) {
	id, err := idParam(c)
	if err != nil {
		return printData{}, err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	user := userOf(c)
	var d printData
	if d.event, err = h.store.GetEvent(ctx, user.JobCentreID, id); err != nil {
		return printData{}, fmt.Errorf("handlers: print plan: %w", err)
	}
	if d.centre, err = h.store.GetJobCentre(ctx, user.JobCentreID); err != nil {
		return printData{}, fmt.Errorf("handlers: print plan: %w", err)
	}
	ivs, err := h.store.ListInterviews(ctx, user.JobCentreID, id)
	if err != nil {
		return printData{}, fmt.Errorf("handlers: print plan: %w", err)
	}
	ids := make([]int64, 0, len(ivs))
	for _, iv := range ivs {
		ids = append(ids, iv.ID)
	}
	if d.details, err = h.store.LoadInterviewDetails(ctx, user.JobCentreID, ids); err != nil {
		return printData{}, fmt.Errorf("handlers: print plan: %w", err)
	}
	return d, nil
}

// frame fills the shared part of a printable page.
func (h *Handler) printFrame(c *fiber.Ctx, d printData) views.PrintFrame {
	f := h.printPages.Frame(h.lang(c))
	f.EventID, f.EventTitle = d.event.ID, d.event.Title
	f.CentreName, f.CentrePhone, f.CentreEmail = d.centre.Name, d.centre.ContactPhone, d.centre.ContactEmail
	return f
}

func (h *Handler) renderPrint(c *fiber.Ctx, page string, data any) error {
	body, err := h.printPages.Render(h.lang(c), page, data)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	// Names of applicants: no shared cache may keep the page.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusOK).Send(body)
}
