package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
	"treffpunkt/scheduling"
	"treffpunkt/views"
)

// travel returns the configured travel-time figures (TREFFPUNKT_TRAVEL_*),
// the defaults of matching for those not set, so pages can show them.
func (h *Handler) travel() matching.Params {
	p, set := matching.DefaultParams(), h.opts.Travel
	if set.DetourFactor > 0 {
		p.DetourFactor = set.DetourFactor
	}
	if set.SpeedKmH > 0 {
		p.SpeedKmH = set.SpeedKmH
	}
	if set.MinMinutes > 0 {
		p.MinMinutes = set.MinMinutes
	}
	if set.MaxTravelMinutes > 0 {
		p.MaxTravelMinutes = set.MaxTravelMinutes
	}
	return p
}

// travelParams are the travel figures for one event: the applicant's and
// the employer's windows must share at least one slot.
func (h *Handler) travelParams(ev models.Event) matching.Params {
	p := h.travel()
	p.MinOverlap = time.Duration(ev.SlotMinutes) * time.Minute
	return p
}

// loadFreedSlots loads an event of the job centre and lists its freed
// slots with replacements; store may be a transaction.
func (h *Handler) loadFreedSlots(ctx context.Context, store *models.Store, jobCentreID, eventID int64) (planning.EventData, []planning.Freed, error) {
	d, err := planning.Load(ctx, store, jobCentreID, eventID)
	if err != nil {
		return d, nil, fmt.Errorf("handlers: freed slots: %w", err)
	}
	slots, err := planning.FreedSlots(d, h.travelParams(d.Event), h.now())
	if err != nil {
		return d, nil, fmt.Errorf("handlers: freed slots of event %d: %w", eventID, err)
	}
	return d, slots, nil
}

// planPublished reports whether the event's invitations went out: then a
// newcomer is invited at once, as publishing would.
func planPublished(d planning.EventData) bool {
	if d.Event.Status == models.EventPublished {
		return true
	}
	for _, iv := range d.Interviews {
		if iv.Status != models.InterviewPlanned && iv.Status != models.InterviewCancelled {
			return true // invited, confirmed, declined, attended or no-show: it was sent
		}
	}
	return false
}

// freedSlotsView turns the domain's slots into the page's rows, times in loc.
func freedSlotsView(slots []planning.Freed, loc *time.Location) []views.FreedSlot {
	out := make([]views.FreedSlot, 0, len(slots))
	for _, f := range slots {
		iv := f.Interview
		row := views.FreedSlot{InterviewID: iv.ID, Version: iv.Version, Start: f.StartsAt.In(loc), End: f.EndsAt.In(loc),
			Table: f.Table, Employer: iv.Employer.Name, Vacancy: iv.Vacancy.Title, Freed: fullName(iv.Applicant), Status: iv.Status}
		for _, p := range f.Proposals {
			row.Proposals = append(row.Proposals, views.FreedProposal{CandidateID: p.Candidate.ID, Applicant: fullName(p.Candidate.Applicant),
				Vacancy: p.Candidate.Vacancy.Title, Score: p.Candidate.Score, Interviews: p.Interviews})
		}
		for _, r := range f.Rejected {
			row.Rejected = append(row.Rejected, views.FreedRejection{Applicant: fullName(r.Candidate.Applicant),
				Vacancy: r.Candidate.Vacancy.Title, ReasonKey: freedReasonKey(r.Reason)})
		}
		out = append(out, row)
	}
	return out
}

// freedReasonKey reuses the planner's texts for its reasons and has its
// own for those only a freed slot knows.
func freedReasonKey(r scheduling.Reason) string {
	switch r {
	case planning.ReasonAlreadyMeets, planning.ReasonBusy, planning.ReasonDeclinedBefore:
		return "freed.reason." + string(r)
	}
	return "plan.reason." + string(r)
}

func fullName(a models.Applicant) string { return a.FirstName + " " + a.LastName }

// countFreedSlots is the number of freed slots for the notice on the event
// page. The event page must show even when the plan cannot be judged (an
// interview no longer fits): then it says nothing and logs why; the freed
// page itself shows the reason.
func (h *Handler) countFreedSlots(c *fiber.Ctx, jobCentreID, eventID int64) int {
	ctx, cancel := dbContext(c)
	defer cancel()
	maybe, err := h.store.MayHaveFreedSlots(ctx, jobCentreID, eventID, h.now())
	if err != nil || !maybe {
		if err != nil {
			h.log.Warn("count freed slots", "request_id", requestIDOf(c), "event_id", eventID, "err", err)
		}
		return 0
	}
	_, slots, err := h.loadFreedSlots(ctx, h.store, jobCentreID, eventID)
	if err != nil {
		h.log.Warn("count freed slots", "request_id", requestIDOf(c), "event_id", eventID, "err", err)
		return 0
	}
	return len(slots)
}
