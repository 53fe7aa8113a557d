package views

import "treffpunkt/models"

// PageExports is the staff page that offers the interview exports.
const PageExports = "exports"

// ExportsPage is the export form: period, event, format and variant, with
// what was typed and the translation key of a refused filter.
type ExportsPage struct {
	Layout
	Events        []models.Event
	From, To      string // yyyy-mm-dd as typed
	EventID       int64
	Pseudonymised bool
	ErrorKey      string
}
