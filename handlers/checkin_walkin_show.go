package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/planning"
	"treffpunkt/scheduling"
	"treffpunkt/views"
)

// walkinSearchLimit caps the applicants a name search lists: at the door
// staff type more of the name rather than scroll.
const walkinSearchLimit = 20

// showWalkinPage adds a walk-in: find the applicant (?q=) or create one,
// choose a vacancy (?applicant=&vacancy=), then see the free slots, each
// checked against every hard rule by the planner's own validator.
func (h *Handler) showWalkinPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	applicantID, _ := strconv.ParseInt(c.Query("applicant"), 10, 64)
	vacancyID, _ := strconv.ParseInt(c.Query("vacancy"), 10, 64)
	return h.renderWalkin(c, fiber.StatusOK, id, applicantID, vacancyID, func(p *views.WalkinPage) {
		p.New.Language = string(models.LanguageDE)
		p.New.ConsentDate = h.today(c).Format(time.DateOnly)
	})
}

// renderWalkin fills the walk-in page; adjust adds what the calling
// handler knows (typed input, errors, refusals).
func (h *Handler) renderWalkin(c *fiber.Ctx, status int, eventID, applicantID, vacancyID int64, adjust func(*views.WalkinPage)) error {
	jc := userOf(c).JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	event, err := h.store.GetEvent(ctx, jc, eventID)
	if err != nil {
		return fmt.Errorf("handlers: walk-in page: %w", err)
	}
	page := views.WalkinPage{Layout: h.layout(c, "events"), Event: event, Query: strings.TrimSpace(c.Query("q")),
		VacancyID: vacancyID, Levels: models.GermanLevels(), Languages: models.Languages()}
	evs, err := h.store.ListEventVacancies(ctx, jc, eventID)
	if err != nil {
		return fmt.Errorf("handlers: walk-in page: %w", err)
	}
	for _, ev := range evs {
		if ev.Registration.Status == models.RegistrationRegistered {
			page.Vacancies = append(page.Vacancies, views.WalkinVacancy{ID: ev.Vacancy.ID, Employer: ev.Registration.Employer.Name,
				Title: ev.Vacancy.Title, MinLevel: ev.Vacancy.MinGermanLevel})
		}
	}
	if page.Query != "" {
		page.SearchDone = true
		found, err := h.store.ListApplicants(ctx, jc, models.ApplicantFilter{Query: page.Query, Limit: walkinSearchLimit})
		if err != nil {
			return fmt.Errorf("handlers: walk-in search: %w", err)
		}
		for _, a := range found {
			page.Found = append(page.Found, walkinApplicant(a))
		}
	}
	if applicantID > 0 {
		a, err := h.store.GetApplicant(ctx, jc, applicantID)
		if err != nil {
			return fmt.Errorf("handlers: walk-in page: %w", err)
		}
		wa := walkinApplicant(a)
		page.Applicant = &wa
		if vacancyID > 0 {
			w, err := h.walkinProblem(ctx, h.store, jc, eventID, a, vacancyID)
			if err != nil {
				return err
			}
			page.Slots, page.Refusals = h.walkinSlots(c, w)
		}
	}
	if adjust != nil {
		adjust(&page)
	}
	return h.render(c, status, views.PageWalkin, page)
}

// walkinProblem loads the event as the planner sees it, with the walk-in
// pair; a vacancy not offered at the event is a 404.
func (h *Handler) walkinProblem(ctx context.Context, store *models.Store, jc, eventID int64, a models.Applicant, vacancyID int64) (*planning.Walkin, error) {
	d, err := planning.Load(ctx, store, jc, eventID)
	if err != nil {
		return nil, fmt.Errorf("handlers: walk-in: %w", err)
	}
	// The configured travel figures, as the planner and the board use.
	w, err := planning.NewWalkin(d, a, vacancyID, h.travelParams(d.Event))
	if errors.Is(err, planning.ErrWalkinVacancy) {
		return nil, fmt.Errorf("handlers: walk-in: %w: %w", err, models.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("handlers: walk-in: %w", err)
	}
	return w, nil
}

// walkinSlots lists the free slots from now on; without any, the rules
// that closed them, most slots first.
func (h *Handler) walkinSlots(c *fiber.Ctx, w *planning.Walkin) ([]views.WalkinSlot, []views.WalkinRefusal) {
	loc, err := jobCentreOf(c).Location()
	if err != nil {
		loc = time.UTC
	}
	free, refused := w.FreeSlots(h.now())
	var slots []views.WalkinSlot
	for _, s := range free {
		slots = append(slots, views.WalkinSlot{Value: s.TableKey + "|" + s.Start.UTC().Format(time.RFC3339),
			Start: s.Start.In(loc), End: s.End.In(loc), Table: s.Table.Label})
	}
	if len(slots) > 0 {
		return slots, nil
	}
	var out []views.WalkinRefusal
	for rule, n := range refused {
		out = append(out, views.WalkinRefusal{Rule: walkinRuleKey(rule, w.Refusal), Slots: n})
	}
	slices.SortFunc(out, func(a, b views.WalkinRefusal) int { return b.Slots - a.Slots })
	if len(out) == 0 {
		out = append(out, views.WalkinRefusal{Rule: "no_slots"})
	}
	return nil, out
}

// walkinRuleKey is the translation suffix of a broken rule: an eligibility
// refusal says which requirement (German level, driving licence).
func walkinRuleKey(rule scheduling.Rule, refusal *scheduling.Violation) string {
	if rule == scheduling.RuleEligibility && refusal != nil {
		switch scheduling.Reason(refusal.Message) {
		case scheduling.ReasonLanguageLevel, scheduling.ReasonDrivingLicence:
			return refusal.Message
		}
	}
	return string(rule)
}

func walkinApplicant(a models.Applicant) views.WalkinApplicant {
	return views.WalkinApplicant{ID: a.ID, Name: applicantName(a), GermanLevel: a.GermanLevel, Postcode: a.Postcode}
}
