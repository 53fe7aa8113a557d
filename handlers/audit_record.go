package handlers

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// auditStaffAction records what the logged-in staff user did or read, in
// store, which should be the transaction of the change so both commit
// together. Applicant data and all other records alike go through it.
func (h *Handler) auditStaffAction(ctx context.Context, c *fiber.Ctx, store *models.Store, action, kind string, id int64, details map[string]any) error {
	return h.auditApplicantData(ctx, c, store, action, kind, id, details)
}

// auditLogin records a staff login, a failed one or a logout for user, who
// is not yet (or no longer) in the request's Locals.
func (h *Handler) auditLogin(ctx context.Context, c *fiber.Ctx, store *models.Store, user models.StaffUser, action string) error {
	uid := user.ID
	ev := models.AuditEvent{JobCentreID: user.JobCentreID, ActorKind: models.ActorStaff, ActorID: &uid,
		Action: action, ObjectKind: "staff_user", ObjectID: &uid, IP: clientIP(c)}
	if err := store.AppendAudit(ctx, &ev); err != nil {
		return fmt.Errorf("handlers: audit %s of staff user %d: %w", action, uid, err)
	}
	return nil
}

// auditPrint records that a staff user printed (exported) an event's plan.
func (h *Handler) auditPrint(c *fiber.Ctx, eventID int64, sheet string) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	return h.auditStaffAction(ctx, c, h.store, "plan.print", "event", eventID, map[string]any{"sheet": sheet})
}
