// Package outbox is the durable mail queue: a change and the mails it causes
// are written in one database transaction (Enqueue); a worker claims and sends
// them, retrying temporary failures, so no mail is lost and none is sent
// twice when the mail server or the database goes away and comes back.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"

	"treffpunkt/mail"
	"treffpunkt/models"
)

// Entry is one mail to queue.
type Entry struct {
	JobCentreID int64
	// Kind says what the mail is for ("invitation", "employer_login", …);
	// staff see it in the outbox.
	Kind string
	// InterviewID links an invitation, update or cancellation to its
	// interview, so the worker can drop it when the interview was
	// cancelled meanwhile.
	InterviewID *int64
	Locale      string
	Message     *mail.Message
}

// Enqueue validates and stores the mail. Call it with the transaction store
// of the change the mail reports (models.Store.Transaction), so both commit
// or neither does. The message is stored fully rendered: what staff see in
// the outbox is what is sent, and a retry sends the same bytes and
// Message-ID.
func Enqueue(ctx context.Context, store *models.Store, e Entry) error {
	if e.Message == nil {
		return fmt.Errorf("outbox: enqueue %s mail: no message", e.Kind)
	}
	if err := e.Message.Validate(); err != nil {
		return fmt.Errorf("outbox: enqueue %s mail: %w", e.Kind, err)
	}
	payload, err := json.Marshal(e.Message)
	if err != nil {
		return fmt.Errorf("outbox: encode %s mail: %w", e.Kind, err)
	}
	m := &models.OutboxMail{
		JobCentreID: e.JobCentreID,
		Kind:        e.Kind,
		InterviewID: e.InterviewID,
		Recipient:   e.Message.To.Email,
		Locale:      e.Locale,
		Subject:     e.Message.Subject,
		MessageID:   e.Message.MessageID,
		Payload:     payload,
	}
	if err := store.EnqueueMail(ctx, m); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Decode turns a stored payload back into the message Enqueue stored.
func Decode(m models.OutboxMail) (*mail.Message, error) {
	var msg mail.Message
	if err := json.Unmarshal(m.Payload, &msg); err != nil {
		return nil, fmt.Errorf("outbox: decode mail %d: %w", m.ID, err)
	}
	return &msg, nil
}
