package views

import (
	"time"

	"treffpunkt/models"
)

// Page names of the outbox ("Postausgang").
const (
	PageOutbox     = "outbox"
	PageOutboxMail = "outbox_mail"
)

// OutboxFilter is one status tab of the outbox with its count; an empty
// Status is "all".
type OutboxFilter struct {
	Status  string
	Count   int
	Current bool
}

// OutboxPage lists the job centre's queued, sent and failed mails.
type OutboxPage struct {
	Layout
	Status  string // the filter shown, "" for all
	Filters []OutboxFilter
	Mails   []models.OutboxMail
	// Limited is true when more mails match than are shown.
	Limited bool
	Limit   int
}

// OutboxMailPage shows one mail: its delivery state and the message as it
// is (or was) sent. Only the text part is shown; the HTML part is offered
// in the .eml download, since our CSP forbids rendering it in a frame.
type OutboxMailPage struct {
	Layout
	Mail     models.OutboxMail
	From     string
	To       string
	Date     time.Time
	Calendar string // iTIP method of the calendar part, "" without one
	// Paragraphs of the text part, each a list of lines.
	Paragraphs [][]string
	Unreadable bool // the stored message could not be decoded
	CanRetry   bool
	Retried    bool // the retry button was just used
}
