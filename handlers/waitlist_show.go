package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// loadWaitlistOffer loads the offer of a link and judges it at the
// request's time, filling page with what it shows.
func (h *Handler) loadWaitlistOffer(c *fiber.Ctx, token string) (models.WaitlistEntry, views.WaitlistOfferPage, int, error) {
	page := views.WaitlistOfferPage{Layout: h.layout(c, "")}
	csrf, err := h.preSessionCSRF(c)
	if err != nil {
		return models.WaitlistEntry{}, page, 0, err
	}
	page.CSRF = csrf
	ctx, cancel := dbContext(c)
	defer cancel()
	e, err := h.store.FindWaitlistOffer(ctx, sessionID(token))
	if errors.Is(err, models.ErrNotFound) {
		page.ProblemKey = "waitlist.offer.unknown"
		return e, page, fiber.StatusNotFound, nil
	}
	if err != nil {
		return e, page, 0, fmt.Errorf("handlers: load waiting-list offer: %w", err)
	}
	page.EventTitle, page.Employer = e.Event.Title, e.Employer.Name
	page.BlockStart, page.BlockEnd, page.Expires = e.StartsAt, e.EndsAt, e.OfferExpiresAt
	switch {
	case e.Status == models.WaitlistAccepted:
		page.ProblemKey = "waitlist.offer.used"
	case e.Status == models.WaitlistWithdrawn:
		page.ProblemKey = "waitlist.offer.withdrawn"
	case e.Status == models.WaitlistExpired || e.OfferExpiresAt == nil || !h.now().Before(*e.OfferExpiresAt):
		page.ProblemKey = "waitlist.offer.expired"
	default:
		page.Token = token
		return e, page, fiber.StatusOK, nil
	}
	return e, page, fiber.StatusGone, nil
}

// showWaitlistOfferPage shows the button that takes an offered place; like
// the login link it changes nothing on GET. An offer found expired here is
// passed on at once instead of waiting for the worker.
func (h *Handler) showWaitlistOfferPage(c *fiber.Ctx) error {
	e, page, status, err := h.loadWaitlistOffer(c, c.Params("token"))
	if err != nil {
		return err
	}
	if e.Status == models.WaitlistOffered && page.ProblemKey == "waitlist.offer.expired" {
		ctx, cancel := dbContext(c)
		defer cancel()
		if _, err := h.expireWaitlistOffers(ctx); err != nil {
			return err
		}
	}
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return h.render(c, status, views.PageEmployerWaitlistOff, page)
}

// saveWaitlistOffer takes the offered place. If it was taken or ran out
// meanwhile, the page says so and nothing changes.
func (h *Handler) saveWaitlistOffer(c *fiber.Ctx) error {
	e, page, status, err := h.loadWaitlistOffer(c, c.Params("token"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	if page.ProblemKey != "" {
		return h.render(c, status, views.PageEmployerWaitlistOff, page)
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	_, err = h.store.TakeWaitlistPlace(ctx, e, h.now())
	switch {
	case errors.Is(err, models.ErrTaken):
		page.Token, page.ProblemKey = "", "waitlist.offer.gone"
		return h.render(c, fiber.StatusConflict, views.PageEmployerWaitlistOff, page)
	case errors.Is(err, models.ErrConflict):
		page.Token, page.ProblemKey = "", "waitlist.offer.used"
		return h.render(c, fiber.StatusGone, views.PageEmployerWaitlistOff, page)
	case err != nil:
		return fmt.Errorf("handlers: take waiting-list place: %w", err)
	}
	h.log.Info("employer took waiting-list place", "request_id", requestIDOf(c), "entry_id", e.ID)
	page.Token, page.Taken = "", true
	return h.render(c, fiber.StatusOK, views.PageEmployerWaitlistOff, page)
}
