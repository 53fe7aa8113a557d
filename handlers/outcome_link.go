package handlers

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail/outcomes"
	"treffpunkt/models"
	"treffpunkt/views"
)

// outcomeLink is a valid outcome link with what it points to.
type outcomeLink struct {
	token   models.LinkToken
	details models.InterviewDetails
	contact models.ContactPerson
}

// loadOutcomeLink judges the outcome link at the request's time and fills
// the page. A forged link, another employer's interview (a link whose
// contact is not the interview's employer's) and an unknown interview all
// look alike: 404, so a link reveals nothing it does not grant.
func (h *Handler) loadOutcomeLink(c *fiber.Ctx, token string) (outcomeLink, views.OutcomeLinkPage, int, error) {
	var l outcomeLink
	page := views.OutcomeLinkPage{Kinds: models.OutcomeKinds()}
	csrf, err := h.preSessionCSRF(c)
	if err != nil {
		return l, page, 0, err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	unknown := func() (outcomeLink, views.OutcomeLinkPage, int, error) {
		page.Layout = h.layout(c, "")
		page.CSRF, page.ProblemKey = csrf, "outcome.link.unknown"
		return l, page, fiber.StatusNotFound, nil
	}
	lt, err := h.store.FindLinkToken(ctx, models.LinkOutcome, outcomes.HashToken(token))
	if errors.Is(err, models.ErrNotFound) {
		return unknown()
	}
	if err != nil {
		return l, page, 0, fmt.Errorf("handlers: load outcome link: %w", err)
	}
	if lt.InterviewID == nil || lt.EmployerContactID == nil {
		return unknown()
	}
	ds, err := h.store.LoadInterviewDetails(ctx, lt.JobCentreID, []int64{*lt.InterviewID})
	if errors.Is(err, models.ErrNotFound) {
		return unknown()
	}
	if err != nil {
		return l, page, 0, fmt.Errorf("handlers: load outcome link interview: %w", err)
	}
	contact, employer, err := h.store.GetEmployerContact(ctx, lt.JobCentreID, *lt.EmployerContactID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && employer.ID != ds[0].Interview.EmployerID) {
		return unknown()
	}
	if err != nil {
		return l, page, 0, fmt.Errorf("handlers: load outcome link contact: %w", err)
	}
	l = outcomeLink{token: lt, details: ds[0], contact: contact}
	// The employer's language, unless the visitor chose one.
	if c.Query("lang") == "" && c.Cookies(h.langCookieName()) == "" && h.tr.Supported(string(contact.Locale)) {
		c.Locals(localLang, string(contact.Locale))
	}
	page.Layout = h.layout(c, "")
	page.CSRF = csrf
	iv, d := l.details.Interview, l.details
	loc, err := d.JobCentre.Location()
	if err != nil {
		return l, page, 0, fmt.Errorf("handlers: zone of job centre %d: %w", d.JobCentre.ID, err)
	}
	page.EventTitle, page.Employer, page.Vacancy = d.Event.Title, iv.Employer.Name, iv.Vacancy.Title
	seen := d.JobCentre.EmployerMaySee.Show(iv.Applicant)
	page.Applicant, page.GermanLevel, page.Email, page.Phone = seen.Name, seen.GermanLevel, seen.Email, seen.Phone
	page.Start, page.End = iv.StartsAt.In(loc), iv.EndsAt.In(loc)
	page.MinDate = page.Start.Format(time.DateOnly)
	switch {
	case !h.now().Before(lt.ExpiresAt):
		page.ProblemKey = "outcome.link.expired"
		return l, page, fiber.StatusGone, nil
	case iv.Status == models.InterviewCancelled || iv.Status == models.InterviewDeclined || iv.Status == models.InterviewPlanned:
		page.ProblemKey = "outcome.link.cancelled"
		return l, page, fiber.StatusGone, nil
	}
	out, err := h.store.GetOutcome(ctx, lt.JobCentreID, iv.ID)
	switch {
	case err == nil:
		page.Recorded, page.Selected = &out, out.Kind
		if out.StartDate != nil {
			page.StartDate = out.StartDate.Format(time.DateOnly)
		}
	case !errors.Is(err, models.ErrNotFound):
		return l, page, 0, fmt.Errorf("handlers: load outcome: %w", err)
	}
	page.Token = token
	return l, page, fiber.StatusOK, nil
}

// showOutcomeLinkPage shows the interview and the outcome choices. It
// changes nothing: mail scanners open every link, so ?kind=… only
// pre-selects the choice the employer clicked in the mail.
func (h *Handler) showOutcomeLinkPage(c *fiber.Ctx) error {
	_, page, status, err := h.loadOutcomeLink(c, c.Params("token"))
	if err != nil {
		return err
	}
	if k := models.OutcomeKind(c.Query("kind")); page.ProblemKey == "" && slices.Contains(page.Kinds, k) {
		page.Selected = k
	}
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return h.render(c, status, views.PageOutcomeLink, page)
}

// saveOutcomeLink records the employer's outcome, with the contact as who
// and the previous value in the history. A start date before the interview
// is refused and nothing is saved.
func (h *Handler) saveOutcomeLink(c *fiber.Ctx) error {
	l, page, status, err := h.loadOutcomeLink(c, c.Params("token"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	if page.ProblemKey != "" {
		return h.render(c, status, views.PageOutcomeLink, page)
	}
	kind, start, errKey := parseOutcomeForm(c, page.Start)
	page.Selected, page.StartDate = kind, strings.TrimSpace(c.FormValue("start_date"))
	if errKey != "" {
		page.ErrorKey = errKey
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageOutcomeLink, page)
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	contactID := l.contact.ID
	out, err := h.store.RecordOutcome(ctx, l.token.JobCentreID, l.details.Interview.ID, kind, start, models.ActorEmployer, &contactID)
	if err != nil {
		return fmt.Errorf("handlers: record outcome by employer: %w", err)
	}
	h.log.Info("employer recorded outcome", "request_id", requestIDOf(c), "interview_id", l.details.Interview.ID)
	page.Recorded, page.Saved = &out, true
	return h.render(c, fiber.StatusOK, views.PageOutcomeLink, page)
}

// parseOutcomeForm reads kind and the optional start date (yyyy-mm-dd, or
// dd.mm.yyyy from browsers without a date picker). interviewStart is in
// the job centre's zone: the start may be the interview's day, not before.
func parseOutcomeForm(c *fiber.Ctx, interviewStart time.Time) (models.OutcomeKind, *time.Time, string) {
	kind := models.OutcomeKind(c.FormValue("kind"))
	if !slices.Contains(models.OutcomeKinds(), kind) {
		return "", nil, "outcome.error.kind"
	}
	raw := strings.TrimSpace(c.FormValue("start_date"))
	if raw == "" {
		return kind, nil, ""
	}
	var d time.Time
	var err error
	for _, layout := range []string{time.DateOnly, "02.01.2006"} {
		if d, err = time.Parse(layout, raw); err == nil {
			break
		}
	}
	if err != nil {
		return kind, nil, "outcome.error.date"
	}
	day := time.Date(interviewStart.Year(), interviewStart.Month(), interviewStart.Day(), 0, 0, 0, 0, time.UTC)
	if d.Before(day) {
		return kind, nil, "outcome.error.date_before"
	}
	return kind, &d, ""
}
