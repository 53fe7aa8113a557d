package views

import "treffpunkt/models"

// PageSettings is the job centre's settings page (admins only).
const PageSettings = "settings"

// SettingsForm is the settings form as typed, kept for redisplay.
type SettingsForm struct {
	RetentionDays  string
	EmployerMaySee string
}

// SettingsPage shows and edits the job centre's data-protection settings.
type SettingsPage struct {
	Layout
	JobCentre     string
	Form          SettingsForm
	EmployerViews []models.EmployerView
	Errors        FieldErrors
	Saved         bool
}
