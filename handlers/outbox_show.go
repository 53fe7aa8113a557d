package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/views"
)

// showOutboxMailPage shows one mail of the job centre: delivery state,
// headers and the text part, exactly as stored for sending.
func (h *Handler) showOutboxMailPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	m, err := h.store.GetOutboxMail(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: outbox mail page: %w", err)
	}
	if err := h.auditMailAccess(c, m, "outbox.view"); err != nil {
		return err
	}
	page := views.OutboxMailPage{
		Layout:   h.layout(c, "outbox"),
		Mail:     m,
		CanRetry: m.Status == models.MailFailed,
		Retried:  c.Query("retried") == "1",
	}
	msg, err := outbox.Decode(m)
	if err != nil {
		// Shown as such rather than as a 500: staff can still see the
		// delivery state and the reason.
		h.log.Error("outbox mail unreadable", "request_id", requestIDOf(c), "mail_id", m.ID, "err", err)
		page.Unreadable = true
	} else {
		page.From = formatAddress(msg.From.Name, msg.From.Email)
		page.To = formatAddress(msg.To.Name, msg.To.Email)
		page.Date = msg.Date
		if len(msg.Calendar) > 0 {
			page.Calendar = string(msg.Method)
		}
		page.Paragraphs = paragraphs(msg.Text)
	}
	return h.render(c, fiber.StatusOK, views.PageOutboxMail, page)
}

// auditMailAccess records that a staff user opened a mail: mails carry
// applicants' and employers' personal data, and every staff access to it
// is logged. Without the record nothing is shown.
func (h *Handler) auditMailAccess(c *fiber.Ctx, m models.OutboxMail, action string) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	user := userOf(c)
	ev := models.AuditEvent{JobCentreID: m.JobCentreID, ActorKind: models.ActorStaff, ActorID: &user.ID,
		Action: action, ObjectKind: "outbox_mail", ObjectID: &m.ID, IP: clientIP(c)}
	if err := h.store.AppendAudit(ctx, &ev); err != nil {
		return fmt.Errorf("handlers: audit %s of mail %d: %w", action, m.ID, err)
	}
	return nil
}

func formatAddress(name, email string) string {
	if name == "" {
		return email
	}
	return name + " <" + email + ">"
}

// paragraphs splits a plain-text body at blank lines and each paragraph
// into lines, so the template keeps the mail's line breaks without a
// <pre> that would not wrap on a phone.
func paragraphs(text string) [][]string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var out [][]string
	for _, block := range strings.Split(text, "\n\n") {
		block = strings.Trim(block, "\n")
		if strings.TrimSpace(block) == "" {
			continue
		}
		out = append(out, strings.Split(block, "\n"))
	}
	return out
}
