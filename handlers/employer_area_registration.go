package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// maxParallelInterviews matches the database's CHECK on the column.
const maxParallelInterviews = 20

// showEmployerRegistrationPage shows one of the employer's registrations
// with the change form; another employer's registration is a 404.
func (h *Handler) showEmployerRegistrationPage(c *fiber.Ctx) error {
	page, err := h.employerRegistrationPage(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, views.PageEmployerAreaReg, page)
}

func (h *Handler) employerRegistrationPage(c *fiber.Ctx) (views.EmployerRegistrationPage, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return views.EmployerRegistrationPage{}, newHTTPError(fiber.StatusNotFound, err)
	}
	v := employerOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	reg, err := h.store.GetEmployerRegistration(ctx, v.JobCentre.ID, v.Employer.ID, int64(id))
	if err != nil {
		return views.EmployerRegistrationPage{}, fmt.Errorf("handlers: employer registration: %w", err)
	}
	emp, err := h.store.GetEmployer(ctx, v.JobCentre.ID, v.Employer.ID)
	if err != nil {
		return views.EmployerRegistrationPage{}, fmt.Errorf("handlers: employer registration: %w", err)
	}
	selected := map[int64]bool{}
	for _, rv := range reg.Registration.Vacancies {
		selected[rv.VacancyID] = true
	}
	return views.EmployerRegistrationPage{
		Layout: h.layout(c, ""), Employer: employerHeader(v), Registration: h.registrationView(reg),
		Vacancies: emp.Vacancies, Selected: selected, Parallel: reg.Registration.ParallelInterviews,
	}, nil
}

// updateEmployerRegistration saves parallel interviews and vacancies
// before the deadline; after it, or for a cancelled registration, the
// page says so and nothing changes.
func (h *Handler) updateEmployerRegistration(c *fiber.Ctx) error {
	page, err := h.employerRegistrationPage(c)
	if err != nil {
		return err
	}
	if !page.Registration.Changeable {
		page.Errors = views.FieldErrors{"form": "earea.reg.closed"}
		return h.render(c, fiber.StatusConflict, views.PageEmployerAreaReg, page)
	}
	raw := formValues(c, "vacancy")
	owned := map[int64]bool{}
	for _, vac := range page.Vacancies {
		owned[vac.ID] = true
	}
	page.Errors = views.FieldErrors{}
	page.Selected = map[int64]bool{}
	var ids []int64
	for _, s := range raw {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !owned[id] {
			page.Errors["vacancy"] = "earea.reg.bad_vacancy"
			continue
		}
		if !page.Selected[id] {
			page.Selected[id] = true
			ids = append(ids, id)
		}
	}
	parallel, err := strconv.Atoi(c.FormValue("parallel"))
	page.Parallel = parallel
	if err != nil || parallel < 1 || parallel > maxParallelInterviews {
		page.Errors["parallel"] = "earea.reg.bad_parallel"
	}
	if len(page.Errors) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageEmployerAreaReg, page)
	}
	v := employerOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	regID := page.Registration.Registration.ID
	if err := h.store.UpdateEmployerRegistration(ctx, v.JobCentre.ID, v.Employer.ID, regID, parallel, ids); err != nil {
		return fmt.Errorf("handlers: update employer registration: %w", err)
	}
	return c.Redirect("/employer?notice=updated", fiber.StatusSeeOther)
}

// formValues returns every value of a repeated urlencoded field.
func formValues(c *fiber.Ctx, name string) []string {
	var out []string
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if string(k) == name {
			out = append(out, string(v))
		}
	})
	return out
}

// removeEmployerRegistration cancels a registration before the deadline;
// its seat and table blocks go to the waiting list in the same transaction.
func (h *Handler) removeEmployerRegistration(c *fiber.Ctx) error {
	page, err := h.employerRegistrationPage(c)
	if err != nil {
		return err
	}
	if !page.Registration.Changeable {
		page.Errors = views.FieldErrors{"form": "earea.reg.closed"}
		return h.render(c, fiber.StatusConflict, views.PageEmployerAreaReg, page)
	}
	v := employerOf(c)
	reg := page.Registration.Registration
	ctx, cancel := dbContext(c)
	defer cancel()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		freed, err := tx.CancelEmployerRegistration(ctx, v.JobCentre.ID, v.Employer.ID, reg.ID)
		if err != nil {
			return err
		}
		if err := h.auditEmployer(c, tx, v.JobCentre.ID, v.Contact.ID, "employer.registration.cancel", "event_registration", reg.ID); err != nil {
			return err
		}
		if reg.Status == models.RegistrationWaiting {
			// It held no place, so none is freed; it leaves the queue.
			return tx.WithdrawEventWaitlist(ctx, v.JobCentre.ID, v.Employer.ID, reg.EventID)
		}
		return h.offerFreedPlaces(ctx, tx, page.Registration.Event, freed)
	})
	if errors.Is(err, models.ErrConflict) {
		return c.Redirect("/employer?notice=cancelled", fiber.StatusSeeOther) // a second click
	}
	if err != nil {
		return fmt.Errorf("handlers: cancel employer registration: %w", err)
	}
	h.log.Info("employer cancelled registration", "request_id", requestIDOf(c), "registration_id", reg.ID)
	return c.Redirect("/employer?notice=cancelled", fiber.StatusSeeOther)
}
