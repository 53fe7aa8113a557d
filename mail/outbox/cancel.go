package outbox

import (
	"context"
	"fmt"

	"treffpunkt/models"
)

// CancelInterviewMails cancels the queued, not yet claimed mails of an
// interview that is being cancelled, except cancellations themselves (kind
// models.MailKindInvitationCancel or a METHOD:CANCEL calendar). Call it
// with the transaction store of the cancellation, like Enqueue. A mail a
// worker has claimed meanwhile is not touched here: the worker checks the
// interview right before sending and drops it then.
func CancelInterviewMails(ctx context.Context, store *models.Store, interviewID int64) (int64, error) {
	pending, err := store.ListPendingInterviewMails(ctx, interviewID)
	if err != nil {
		return 0, fmt.Errorf("outbox: cancel mails of interview %d: %w", interviewID, err)
	}
	var ids []int64
	for _, m := range pending {
		msg, err := Decode(m)
		if err != nil {
			return 0, fmt.Errorf("outbox: cancel mails of interview %d: %w", interviewID, err)
		}
		if !isCancellation(m, msg) {
			ids = append(ids, m.ID)
		}
	}
	n, err := store.CancelPendingMails(ctx, ids, ReasonInterviewCancelled)
	if err != nil {
		return 0, fmt.Errorf("outbox: cancel mails of interview %d: %w", interviewID, err)
	}
	return n, nil
}
