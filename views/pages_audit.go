package views

import "treffpunkt/models"

// PageAudit is the admins' search of the audit trail.
const PageAudit = "audit"

// AuditActor is one choice of the "who" filter: a staff user or a kind of
// actor without an account.
type AuditActor struct {
	Value string // "staff:12", "employer", …
	Name  string // the staff user's name; empty for a kind
	Kind  string
}

// AuditRow is one audit entry as the table shows it.
type AuditRow struct {
	models.AuditEvent
	ActorName string // the staff user's name, when known
}

// AuditFilterForm is the search form as typed, shown back unchanged.
type AuditFilterForm struct {
	Actor, Action, ObjectKind, ObjectID, From, To, Text string
}

// AuditPage lists one page of matching audit entries and whether the hash
// chain of the whole trail is intact.
type AuditPage struct {
	Layout
	Filter   AuditFilterForm
	ErrorKey string // the filter could not be read; nothing is listed
	Actors   []AuditActor
	Actions  []string
	Rows     []AuditRow
	Total    int64
	First    int // 1-based number of the first row shown
	Last     int
	PrevURL  string
	NextURL  string
	// BrokenAt is the id of the first entry whose hash does not fit its
	// content or predecessor; 0: the chain is intact.
	BrokenAt int64
}
