package models

import "time"

// The structs mirror the tables in migrations/; the SQL there is the source
// of truth (constraints, defaults, indexes). IDs and timestamps are declared
// per struct instead of embedding gorm.Model so that soft delete is never on.
// Associations are loaded with Preload and never written through: store
// methods create children explicitly.

// JobCentre is the tenant: every other row belongs to exactly one job centre.
type JobCentre struct {
	ID             int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Name           string
	Slug           string
	ContactEmail   string
	ContactPhone   string
	Street         string
	Postcode       string
	Town           string
	Timezone       string // IANA zone in which times are shown, "Europe/Berlin"
	RetentionDays  int    // applicant data is anonymised this long after its last event
	EmployerMaySee EmployerView
}

// TableName fixes the table name so that renaming the type breaks nothing.
func (JobCentre) TableName() string { return "job_centres" }

// Location loads the job centre's time zone, falling back to Europe/Berlin
// because every German job centre uses it.
func (j JobCentre) Location() (*time.Location, error) {
	name := j.Timezone
	if name == "" {
		name = "Europe/Berlin"
	}
	return time.LoadLocation(name)
}

// StaffUser is an employee of a job centre who logs in with a password.
type StaffUser struct {
	ID           int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	JobCentreID  int64
	Email        string // unique across all job centres, case-insensitively
	Name         string
	PasswordHash string
	Role         Role
	Locale       Locale
	Active       bool
	LastLoginAt  *time.Time
}

// TableName fixes the table name.
func (StaffUser) TableName() string { return "staff_users" }

// Session is a logged-in browser. ID is the SHA-256 hex of the cookie token,
// so a leaked database does not leak usable cookies.
type Session struct {
	ID                string
	Kind              SessionKind
	StaffUserID       *int64
	EmployerContactID *int64
	JobCentreID       int64
	CSRFToken         string `gorm:"column:csrf_token"`
	CreatedAt         time.Time
	LastSeenAt        time.Time
	ExpiresAt         time.Time
	IP                string `gorm:"column:ip"`
	UserAgent         string
}

// TableName fixes the table name.
func (Session) TableName() string { return "sessions" }

// LoginAttempt is one password or link login try; kept in the database so the
// rate limit holds across several instances.
type LoginAttempt struct {
	ID        int64
	Key       string // "email:x@y" or "ip:1.2.3.4"
	At        time.Time
	Succeeded bool
}

// TableName fixes the table name.
func (LoginAttempt) TableName() string { return "login_attempts" }

// Employer is a company that takes part in events.
type Employer struct {
	ID          int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	JobCentreID int64
	Name        string
	Sector      string
	Website     string
	Notes       string

	Sites     []Site          `gorm:"foreignKey:EmployerID"`
	Contacts  []ContactPerson `gorm:"foreignKey:EmployerID"`
	Vacancies []Vacancy       `gorm:"foreignKey:EmployerID"`
}

// TableName fixes the table name.
func (Employer) TableName() string { return "employers" }

// Site is an address of an employer where interviews may take place.
type Site struct {
	ID         int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	EmployerID int64
	Name       string
	Street     string
	Postcode   string
	Town       string
	Lat        *float64 // nil until geocoded
	Lon        *float64
	StepFree   bool
}

// TableName fixes the table name.
func (Site) TableName() string { return "sites" }

// ContactPerson is an employer's person who logs in by e-mail link.
type ContactPerson struct {
	ID         int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	EmployerID int64
	Name       string
	Email      string
	Phone      string
	Locale     Locale
}

// TableName fixes the table name.
func (ContactPerson) TableName() string { return "contact_persons" }

// Vacancy is a position an employer wants to fill.
type Vacancy struct {
	ID               int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
	EmployerID       int64
	SiteID           *int64
	Title            string
	Hours            Hours
	HoursPerWeek     *int
	MinGermanLevel   *GermanLevel // nil: no requirement
	DrivingLicence   bool
	CandidatesWanted int
	BAReference      string `gorm:"column:ba_reference"` // job-board (Bundesagentur) reference, may be empty
}

// TableName fixes the table name.
func (Vacancy) TableName() string { return "vacancies" }

// Event is a job fair, speed-dating or group session.
type Event struct {
	ID                   int64
	CreatedAt            time.Time
	UpdatedAt            time.Time
	JobCentreID          int64
	Kind                 EventKind
	Title                string
	Description          string
	Status               EventStatus
	VenueName            *string // venue fields are nil when interviews happen at employers' sites
	VenueStreet          *string
	VenuePostcode        *string
	VenueTown            *string
	VenueLat             *float64
	VenueLon             *float64
	VenueStepFree        *bool
	SlotMinutes          int
	BufferMinutes        int
	Capacity             *int // seats of a group session
	RegistrationDeadline *time.Time
	PublicToken          string // random token of the public registration link
	Version              int    // optimistic locking: updates name the version they read

	Days          []EventDay          `gorm:"foreignKey:EventID"`
	Tables        []EventTable        `gorm:"foreignKey:EventID"`
	Registrations []EventRegistration `gorm:"foreignKey:EventID"`
}

// TableName fixes the table name.
func (Event) TableName() string { return "events" }

// AtVenue reports whether the event takes place at one venue rather than at
// the employers' sites.
func (e Event) AtVenue() bool { return e.VenueName != nil && *e.VenueName != "" }

// EventDay is one day of an event with its opening hours as instants.
type EventDay struct {
	ID       int64
	EventID  int64
	Date     time.Time // the calendar day, midnight UTC; StartsAt/EndsAt carry the real instants
	StartsAt time.Time
	EndsAt   time.Time
}

// TableName fixes the table name.
func (EventDay) TableName() string { return "event_days" }

// EventTable is a table at the venue or a room at an employer's site.
type EventTable struct {
	ID      int64
	EventID int64
	Label   string
	SiteID  *int64 // set for an employer's room, nil for a venue table
}

// TableName fixes the table name.
func (EventTable) TableName() string { return "event_tables" }

// EventRegistration is an employer taking part in an event.
type EventRegistration struct {
	ID                 int64
	CreatedAt          time.Time
	UpdatedAt          time.Time
	EventID            int64
	EmployerID         int64
	ContactPersonID    int64
	SiteID             *int64 // where the employer receives applicants; nil at a venue
	Status             RegistrationStatus
	ParallelInterviews int

	Employer  Employer              `gorm:"foreignKey:EmployerID"`
	Contact   ContactPerson         `gorm:"foreignKey:ContactPersonID"`
	Vacancies []RegistrationVacancy `gorm:"foreignKey:RegistrationID"`
	Windows   []EmployerWindow      `gorm:"foreignKey:RegistrationID"`
}

// TableName fixes the table name.
func (EventRegistration) TableName() string { return "event_registrations" }

// RegistrationVacancy is a vacancy an employer brings to an event.
type RegistrationVacancy struct {
	RegistrationID int64 `gorm:"primaryKey;autoIncrement:false"`
	VacancyID      int64 `gorm:"primaryKey;autoIncrement:false"`

	Vacancy Vacancy `gorm:"foreignKey:VacancyID"`
}

// TableName fixes the table name.
func (RegistrationVacancy) TableName() string { return "registration_vacancies" }

// TableBooking reserves a venue table for an employer for a time range.
type TableBooking struct {
	ID             int64
	CreatedAt      time.Time
	EventID        int64
	TableID        int64
	RegistrationID int64
	StartsAt       time.Time
	EndsAt         time.Time
}

// TableName fixes the table name.
func (TableBooking) TableName() string { return "table_bookings" }

// EmployerWindow is a time range in which an employer receives applicants.
type EmployerWindow struct {
	ID             int64
	RegistrationID int64
	StartsAt       time.Time
	EndsAt         time.Time
}

// TableName fixes the table name.
func (EmployerWindow) TableName() string { return "employer_windows" }

// Applicant is a job seeker. Only what matching needs is stored: by design
// there is no field for nationality, benefits or health.
type Applicant struct {
	ID                  int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
	JobCentreID         int64
	FirstName           string
	LastName            string
	Email               string
	Phone               string
	PreferredLanguage   Language
	GermanLevel         GermanLevel
	DrivingLicence      bool
	NeedsStepFree       bool
	Postcode            string
	Town                string
	Lat                 *float64
	Lon                 *float64
	MaxInterviewsPerDay int
	Notes               string
	ConsentAt           time.Time // day of consent to data processing, midnight UTC
	SharesContact       bool      // consent that employers may see e-mail and phone
	AnonymisedAt        *time.Time
	SearchName          string // folded "first last", kept up to date by the store
	Availability        string // daily hours, e.g. "08:30-13:30"; empty: all day (see migration 00006)
	Version             int    // optimistic locking: updates name the version they read
}

// TableName fixes the table name.
func (Applicant) TableName() string { return "applicants" }

// EventApplicant is an applicant taking part in an event.
type EventApplicant struct {
	ID            int64
	CreatedAt     time.Time
	EventID       int64
	ApplicantID   int64
	MaxInterviews int

	Applicant Applicant `gorm:"foreignKey:ApplicantID"`
}

// TableName fixes the table name.
func (EventApplicant) TableName() string { return "event_applicants" }

// AvailabilityWindow is a time range in which an applicant can attend, e.g.
// inside childcare hours.
type AvailabilityWindow struct {
	ID          int64
	ApplicantID int64
	EventID     int64
	StartsAt    time.Time
	EndsAt      time.Time
}

// TableName fixes the table name.
func (AvailabilityWindow) TableName() string { return "availability_windows" }

// Candidate is a shortlisted pair of applicant and vacancy for an event.
type Candidate struct {
	ID             int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	EventID        int64
	ApplicantID    int64
	VacancyID      int64
	Score          int  // 1 (weak) … 5 (excellent)
	Override       bool // staff accept the pair although the German level is below the vacancy's minimum
	OverrideReason string
	CreatedBy      *int64 // staff user; nil for pairs created by the system

	Applicant Applicant `gorm:"foreignKey:ApplicantID"`
	Vacancy   Vacancy   `gorm:"foreignKey:VacancyID"`
}

// TableName fixes the table name.
func (Candidate) TableName() string { return "candidates" }

// Interview is one planned meeting of an applicant with an employer.
type Interview struct {
	ID           int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	EventID      int64
	CandidateID  int64
	ApplicantID  int64
	EmployerID   int64
	VacancyID    int64
	TableID      *int64
	SiteID       *int64
	StartsAt     time.Time
	EndsAt       time.Time
	Status       InterviewStatus
	Pinned       bool   // the planner must not move it
	ICalUID      string `gorm:"column:ical_uid"`      // random UUID@domain, never personal data
	ICalSequence int    `gorm:"column:ical_sequence"` // raised on every change so calendars replace the entry
	CheckinCode  string
	Version      int
	// Answer, AnsweredAt and ReminderQueuedAt: see migration 00005.
	Answer           InterviewAnswer // the applicant's answer from the personal page, "" until given
	AnsweredAt       *time.Time
	ReminderQueuedAt *time.Time // set when the reminder is queued, so it is queued once
	// CheckedInAt, CheckedInBy and StatusBeforeCheckin: see migration 00010.
	CheckedInAt         *time.Time      // when the applicant was checked in for it; nil unless attended
	CheckedInBy         *int64          // staff user who checked the applicant in
	StatusBeforeCheckin InterviewStatus // status before attended / no-show, restored by undo
	// ReplacesInterviewID is the declined or cancelled interview whose
	// freed slot this one fills (migration 00009); unique.
	ReplacesInterviewID *int64

	Applicant Applicant `gorm:"foreignKey:ApplicantID"`
	Employer  Employer  `gorm:"foreignKey:EmployerID"`
	Vacancy   Vacancy   `gorm:"foreignKey:VacancyID"`
}

// TableName fixes the table name.
func (Interview) TableName() string { return "interviews" }

// Outcome is what came of an interview; changes are kept in OutcomeChange.
type Outcome struct {
	ID             int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	InterviewID    int64
	Kind           OutcomeKind
	StartDate      *time.Time // start of internship, job etc., midnight UTC
	RecordedAt     time.Time
	RecordedByKind ActorKind
	RecordedByID   *int64
}

// TableName fixes the table name.
func (Outcome) TableName() string { return "outcomes" }

// OutcomeChange is one history row of an outcome, written with every change.
type OutcomeChange struct {
	ID                int64
	OutcomeID         int64
	PreviousKind      *OutcomeKind // nil for the first recording
	PreviousStartDate *time.Time
	NewKind           OutcomeKind
	NewStartDate      *time.Time
	ChangedAt         time.Time
	ChangedByKind     ActorKind
	ChangedByID       *int64
}

// TableName fixes the table name.
func (OutcomeChange) TableName() string { return "outcome_changes" }

// OutboxMail is a mail waiting to be sent or already sent. Handlers write it
// in the same transaction as the change it reports; a worker sends it.
type OutboxMail struct {
	ID            int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	JobCentreID   int64
	Kind          string // e.g. "invitation", "reminder", "employer_login"
	InterviewID   *int64
	Recipient     string
	Locale        string
	Subject       string
	MessageID     string // unique Message-ID so a resend after a crash is recognisable
	Payload       []byte
	Status        MailStatus
	Attempts      int
	NextAttemptAt time.Time
	ClaimedUntil  *time.Time
	LastError     string
	SentAt        *time.Time
}

// TableName fixes the table name.
func (OutboxMail) TableName() string { return "outbox_mails" }

// AuditEvent is one entry of the append-only audit trail; Hash chains it to
// the previous entry of the same job centre so gaps and edits show.
type AuditEvent struct {
	ID          int64
	JobCentreID int64
	At          time.Time
	ActorKind   ActorKind
	ActorID     *int64
	Action      string
	ObjectKind  string
	ObjectID    *int64
	IP          string `gorm:"column:ip"`
	Details     string // JSON
	PrevHash    string
	Hash        string
}

// TableName fixes the table name.
func (AuditEvent) TableName() string { return "audit_events" }

// LinkToken is a single-purpose link sent by e-mail; only its hash is stored.
type LinkToken struct {
	ID                int64
	CreatedAt         time.Time
	Kind              LinkKind
	TokenHash         string
	JobCentreID       int64
	EmployerContactID *int64
	ApplicantID       *int64
	InterviewID       *int64
	EventID           *int64
	ExpiresAt         time.Time
	UsedAt            *time.Time
	Nonce             string // applicant_page links: the token is HMAC(secret, nonce), see migration 00005
}

// TableName fixes the table name.
func (LinkToken) TableName() string { return "link_tokens" }
