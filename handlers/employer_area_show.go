package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showEmployerAreaPage is the employer's overview: registrations with
// vacancies and booked blocks, the published interview plan, the waiting
// list, and the calendar feed.
func (h *Handler) showEmployerAreaPage(c *fiber.Ctx) error {
	page, err := h.employerAreaPage(c)
	if err != nil {
		return err
	}
	switch c.Query("notice") {
	case "cancelled", "updated", "feed_revoked", "waitlist_joined", "waitlist_left":
		page.Notice = "earea.notice." + c.Query("notice")
	}
	return h.render(c, fiber.StatusOK, views.PageEmployerArea, page)
}

// employerAreaPage loads everything the overview shows.
func (h *Handler) employerAreaPage(c *fiber.Ctx) (views.EmployerAreaPage, error) {
	v := employerOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	jcID, empID := v.JobCentre.ID, v.Employer.ID
	regs, err := h.store.ListEmployerRegistrations(ctx, jcID, empID)
	if err != nil {
		return views.EmployerAreaPage{}, fmt.Errorf("handlers: employer area: %w", err)
	}
	ivs, err := h.store.ListEmployerInterviews(ctx, jcID, empID)
	if err != nil {
		return views.EmployerAreaPage{}, fmt.Errorf("handlers: employer area: %w", err)
	}
	waiting, err := h.store.ListEmployerWaitlist(ctx, jcID, empID)
	if err != nil {
		return views.EmployerAreaPage{}, fmt.Errorf("handlers: employer area: %w", err)
	}
	hasFeed, err := h.store.HasEmployerFeed(ctx, jcID, empID)
	if err != nil {
		return views.EmployerAreaPage{}, fmt.Errorf("handlers: employer area: %w", err)
	}
	open, err := h.openEventsForWaitlist(ctx, jcID, regs, waiting)
	if err != nil {
		return views.EmployerAreaPage{}, err
	}
	page := views.EmployerAreaPage{Layout: h.layout(c, ""), Employer: employerHeader(v), Waitlist: waiting,
		OpenEvents: open, HasFeed: hasFeed}
	titles := map[int64]string{}
	for _, r := range regs {
		titles[r.Event.ID] = r.Event.Title
		page.Registrations = append(page.Registrations, h.registrationView(r))
	}
	// The job centre came with the session: the setting costs no query.
	for _, iv := range ivs {
		seen := v.JobCentre.EmployerMaySee.Show(iv.Applicant)
		page.Interviews = append(page.Interviews, views.EmployerInterview{
			EventTitle: titles[iv.EventID], Applicant: seen.Name, GermanLevel: seen.GermanLevel, Email: seen.Email, Phone: seen.Phone,
			Vacancy: iv.Vacancy.Title, StartsAt: iv.StartsAt, EndsAt: iv.EndsAt, Status: iv.Status,
		})
	}
	return page, nil
}

func employerHeader(v *employerViewer) views.EmployerHeader {
	return views.EmployerHeader{ContactName: v.Contact.Name, EmployerName: v.Employer.Name, JobCentre: v.JobCentre.Name}
}

// registrationView adds what the employer may still do with a registration.
func (h *Handler) registrationView(r models.EmployerRegistration) views.EmployerRegistrationView {
	labels := make(map[int64]string, len(r.Event.Tables))
	for _, t := range r.Event.Tables {
		labels[t.ID] = t.Label
	}
	return views.EmployerRegistrationView{
		EmployerRegistration: r,
		Changeable:           r.Registration.Status != models.RegistrationCancelled && models.RegistrationOpen(r.Event, h.now()),
		TableLabel:           labels,
	}
}

// openEventsForWaitlist lists the job centre's open events the employer is
// not registered for and does not wait for yet, marking those that are full
// (all seats, or for a job fair the blocks whose every table is taken). An
// employer sees only a handful of open events, so the per-event capacity
// queries stay few.
func (h *Handler) openEventsForWaitlist(ctx context.Context, jcID int64, regs []models.EmployerRegistration, waiting []models.WaitlistEntry) ([]views.EmployerWaitlistEvent, error) {
	events, err := h.store.ListEvents(ctx, jcID)
	if err != nil {
		return nil, fmt.Errorf("handlers: employer area events: %w", err)
	}
	skip := map[int64]bool{}
	for _, r := range regs {
		if r.Registration.Status != models.RegistrationCancelled {
			skip[r.Event.ID] = true
		}
	}
	for _, w := range waiting {
		skip[w.EventID] = true
	}
	var out []views.EmployerWaitlistEvent
	for _, ev := range events {
		if skip[ev.ID] || !models.RegistrationOpen(ev, h.now()) {
			continue
		}
		we := views.EmployerWaitlistEvent{Event: ev}
		if ev.Capacity != nil {
			taken, err := h.store.SeatsTaken(ctx, ev.ID)
			if err != nil {
				return nil, fmt.Errorf("handlers: employer area seats: %w", err)
			}
			we.Full = taken >= *ev.Capacity
		}
		if ev.Kind == models.EventKindJobFair {
			full, err := h.fullBlocks(ctx, jcID, ev.ID)
			if err != nil {
				return nil, err
			}
			we.Blocks = full
		}
		if we.Full || len(we.Blocks) > 0 {
			out = append(out, we)
		}
	}
	return out, nil
}

// fullBlocks returns one entry per job-fair block whose every venue table
// is taken; an employer may wait for such a block.
func (h *Handler) fullBlocks(ctx context.Context, jcID, eventID int64) ([]models.Block, error) {
	ev, err := h.store.GetEvent(ctx, jcID, eventID)
	if err != nil {
		return nil, fmt.Errorf("handlers: employer area event %d: %w", eventID, err)
	}
	blocks, err := h.store.EventBlocks(ctx, ev)
	if err != nil {
		return nil, fmt.Errorf("handlers: employer area blocks: %w", err)
	}
	free := map[int64]bool{}
	for _, b := range blocks {
		if !b.Taken {
			free[b.StartsAt.Unix()] = true
		}
	}
	var out []models.Block
	seen := map[int64]bool{}
	for _, b := range blocks {
		k := b.StartsAt.Unix()
		if free[k] || seen[k] {
			continue
		}
		seen[k] = true
		b.Label = strings.TrimSpace(b.Label)
		out = append(out, b)
	}
	return out, nil
}
