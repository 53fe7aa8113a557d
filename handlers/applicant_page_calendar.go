package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// showApplicantCalendar downloads one interview of the link's applicant as
// an .ics file ("add to calendar"); without ?interview= the first one that
// takes place.
func (h *Handler) showApplicantCalendar(c *fiber.Ctx) error {
	d, ok, err := h.applicantInterview(c)
	if !ok {
		return err
	}
	if h.invites == nil {
		return newHTTPError(fiber.StatusServiceUnavailable, errors.New("handlers: no invite service wired"))
	}
	ics, err := h.invites.CalendarFile(d)
	if err != nil {
		return fmt.Errorf("handlers: applicant calendar: %w", err)
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8; method=REQUEST")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="treffpunkt-`+strconv.FormatInt(d.Interview.ID, 10)+`.ics"`)
	return c.Send(ics)
}

// applicantInterview resolves the link and picks the interview named by
// ?interview= among the applicant's invited or confirmed ones. Another
// applicant's interview is never found.
func (h *Handler) applicantInterview(c *fiber.Ctx) (models.InterviewDetails, bool, error) {
	lt, ok, err := h.applicantLink(c)
	if !ok {
		return models.InterviewDetails{}, false, err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	plan, err := h.store.ApplicantPlan(ctx, lt.JobCentreID, *lt.ApplicantID, *lt.EventID)
	if err != nil {
		return models.InterviewDetails{}, false, fmt.Errorf("handlers: applicant interview: %w", err)
	}
	want, _ := strconv.ParseInt(c.Query("interview"), 10, 64)
	for _, d := range plan {
		st := d.Interview.Status
		if (st == models.InterviewInvited || st == models.InterviewConfirmed) && (want == 0 || d.Interview.ID == want) {
			return d, true, nil
		}
	}
	return models.InterviewDetails{}, false, h.renderApplicantError(c, fiber.StatusNotFound, "ap.error.interview", &lt)
}
