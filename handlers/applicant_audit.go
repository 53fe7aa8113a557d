package handlers

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// auditApplicantData records a staff user's access to applicant data
// (social data: every access is logged). store may be a transaction, so
// that a change and its record commit together.
func (h *Handler) auditApplicantData(ctx context.Context, c *fiber.Ctx, store *models.Store, action, kind string, id int64, details map[string]any) error {
	user := userOf(c)
	ev := models.AuditEvent{JobCentreID: user.JobCentreID, ActorKind: models.ActorStaff, ActorID: &user.ID,
		Action: action, ObjectKind: kind, IP: clientIP(c)}
	if id > 0 {
		ev.ObjectID = &id
	}
	if len(details) > 0 {
		b, err := json.Marshal(details)
		if err != nil {
			return fmt.Errorf("handlers: audit %s: %w", action, err)
		}
		ev.Details = string(b)
	}
	if err := store.AppendAudit(ctx, &ev); err != nil {
		return fmt.Errorf("handlers: audit %s of %s %d: %w", action, kind, id, err)
	}
	return nil
}
