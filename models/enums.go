package models

// The enums below are compact strings so that the database CHECK constraints,
// the forms and the logs all read the same word. Each type has a Valid method
// that handlers use before they hand a value to the store.

// Role is what a staff user may do.
type Role string

// Roles of staff users.
const (
	RoleAdmin Role = "admin"
	RoleStaff Role = "staff"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleStaff }

// Locale is the language of the staff and employer user interface.
type Locale string

// Locales of the user interface.
const (
	LocaleDE Locale = "de"
	LocaleEN Locale = "en"
)

// Valid reports whether l is a supported UI locale.
func (l Locale) Valid() bool { return l == LocaleDE || l == LocaleEN }

// Language is an applicant's preferred language for mails and the personal page.
type Language string

// Languages applicants may choose.
const (
	LanguageDE Language = "de"
	LanguageEN Language = "en"
	LanguageUK Language = "uk"
	LanguageAR Language = "ar"
)

// Languages returns the applicant languages in display order.
func Languages() []Language {
	return []Language{LanguageDE, LanguageEN, LanguageUK, LanguageAR}
}

// Valid reports whether l is a supported applicant language.
func (l Language) Valid() bool {
	switch l {
	case LanguageDE, LanguageEN, LanguageUK, LanguageAR:
		return true
	}
	return false
}

// GermanLevel is a CEFR level. The codes sort lexically in CEFR order, which
// lets SQL compare them with >= in both dialects.
type GermanLevel string

// CEFR levels.
const (
	GermanA1 GermanLevel = "A1"
	GermanA2 GermanLevel = "A2"
	GermanB1 GermanLevel = "B1"
	GermanB2 GermanLevel = "B2"
	GermanC1 GermanLevel = "C1"
	GermanC2 GermanLevel = "C2"
)

// GermanLevels returns the CEFR levels from lowest to highest. It is a
// function, not a variable, so no caller can change the order for everyone.
func GermanLevels() []GermanLevel {
	return []GermanLevel{GermanA1, GermanA2, GermanB1, GermanB2, GermanC1, GermanC2}
}

// Valid reports whether g is a CEFR level.
func (g GermanLevel) Valid() bool {
	switch g {
	case GermanA1, GermanA2, GermanB1, GermanB2, GermanC1, GermanC2:
		return true
	}
	return false
}

// AtLeast reports whether g meets the minimum level min.
func (g GermanLevel) AtLeast(min GermanLevel) bool {
	return g.Valid() && min.Valid() && g >= min
}

// EmployerView is what employers see of the applicants they meet; each job
// centre decides, because data protection officers differ.
type EmployerView string

// Employer views of applicants, from least to most.
const (
	EmployerSeesInitials EmployerView = "initials"  // first name, last initial, German level
	EmployerSeesFullName EmployerView = "full_name" // full name, German level
	EmployerSeesContact  EmployerView = "contact"   // full name, level, contact data if the applicant consented
)

// Valid reports whether v is a known employer view.
func (v EmployerView) Valid() bool {
	return v == EmployerSeesInitials || v == EmployerSeesFullName || v == EmployerSeesContact
}

// SessionKind says who owns a session.
type SessionKind string

// Session kinds.
const (
	SessionStaff    SessionKind = "staff"
	SessionEmployer SessionKind = "employer"
)

// Hours is full- or part-time work.
type Hours string

// Working hours of a vacancy.
const (
	HoursFull Hours = "full"
	HoursPart Hours = "part"
)

// Valid reports whether h is a known value.
func (h Hours) Valid() bool { return h == HoursFull || h == HoursPart }

// EventKind is the format of an event.
type EventKind string

// Event kinds.
const (
	EventKindJobFair      EventKind = "job_fair"
	EventKindSpeedDating  EventKind = "speed_dating"
	EventKindGroupSession EventKind = "group_session"
)

// Valid reports whether k is a known event kind.
func (k EventKind) Valid() bool {
	switch k {
	case EventKindJobFair, EventKindSpeedDating, EventKindGroupSession:
		return true
	}
	return false
}

// EventStatus is where an event stands in its life cycle.
type EventStatus string

// Event statuses in life-cycle order.
const (
	EventDraft     EventStatus = "draft"
	EventOpen      EventStatus = "open"      // employers may register
	EventClosed    EventStatus = "closed"    // registration closed, staff plan
	EventPublished EventStatus = "published" // invitations sent
	EventDone      EventStatus = "done"
)

// Valid reports whether s is a known event status.
func (s EventStatus) Valid() bool {
	switch s {
	case EventDraft, EventOpen, EventClosed, EventPublished, EventDone:
		return true
	}
	return false
}

// RegistrationStatus is the state of an employer's registration for an event.
type RegistrationStatus string

// Registration statuses.
const (
	RegistrationRegistered RegistrationStatus = "registered"
	RegistrationWaiting    RegistrationStatus = "waiting"
	RegistrationCancelled  RegistrationStatus = "cancelled"
)

// InterviewStatus is the state of one interview.
type InterviewStatus string

// Interview statuses.
const (
	InterviewPlanned   InterviewStatus = "planned"
	InterviewInvited   InterviewStatus = "invited"
	InterviewConfirmed InterviewStatus = "confirmed"
	InterviewDeclined  InterviewStatus = "declined"
	InterviewCancelled InterviewStatus = "cancelled"
	InterviewAttended  InterviewStatus = "attended"
	InterviewNoShow    InterviewStatus = "no_show"
)

// InterviewStatuses returns all interview statuses in life-cycle order.
func InterviewStatuses() []InterviewStatus {
	return []InterviewStatus{InterviewPlanned, InterviewInvited, InterviewConfirmed,
		InterviewDeclined, InterviewCancelled, InterviewAttended, InterviewNoShow}
}

// OutcomeKind is what came of an interview.
type OutcomeKind string

// Outcome kinds as reported to the job centre's statistics.
const (
	OutcomeNoInterest         OutcomeKind = "no_interest"
	OutcomeInternship         OutcomeKind = "internship"
	OutcomeTrialWork          OutcomeKind = "trial_work"
	OutcomeEntryQualification OutcomeKind = "entry_qualification"
	OutcomeApprenticeship     OutcomeKind = "apprenticeship"
	OutcomeHireFullTime       OutcomeKind = "hire_full_time"
	OutcomeHirePartTime       OutcomeKind = "hire_part_time"
	OutcomePending            OutcomeKind = "pending"
)

// OutcomeKinds returns all outcome kinds in reporting order.
func OutcomeKinds() []OutcomeKind {
	return []OutcomeKind{OutcomeNoInterest, OutcomeInternship, OutcomeTrialWork,
		OutcomeEntryQualification, OutcomeApprenticeship, OutcomeHireFullTime,
		OutcomeHirePartTime, OutcomePending}
}

// ActorKind says who did something (audit trail, outcome recording).
type ActorKind string

// Actor kinds.
const (
	ActorStaff     ActorKind = "staff"
	ActorEmployer  ActorKind = "employer"
	ActorApplicant ActorKind = "applicant"
	ActorSystem    ActorKind = "system"
)

// MailStatus is the state of an outbox mail.
type MailStatus string

// Outbox mail statuses.
const (
	MailPending   MailStatus = "pending"
	MailSending   MailStatus = "sending"
	MailSent      MailStatus = "sent"
	MailFailed    MailStatus = "failed"
	MailCancelled MailStatus = "cancelled"
)

// LinkKind is the purpose of a link token sent by e-mail.
type LinkKind string

// Link token kinds.
const (
	LinkEmployerLogin LinkKind = "employer_login"
	LinkApplicantPage LinkKind = "applicant_page"
	LinkOutcome       LinkKind = "outcome"
	LinkWaitlist      LinkKind = "waitlist"
)
