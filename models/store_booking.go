package models

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrTaken is returned when a venue table block or the last seat of an
// event went to someone else first. The database decides (exclusion
// constraint, trigger, conditional counter), so the loser of a race gets
// this error and never a double booking.
var ErrTaken = errors.New("just taken")

// ErrRegistrationClosed is returned when an event does not accept
// registrations: not open, past its deadline or its last day.
var ErrRegistrationClosed = errors.New("registration closed")

// Signup is everything an employer enters on the public registration form.
// The store creates or reuses employer and contact (by the contact's e-mail
// address within the job centre), adds the site and vacancies, and books in
// one transaction.
type Signup struct {
	EventID            int64
	Employer           Employer      // Name is needed
	Contact            ContactPerson // Name, Email, Phone, Locale
	Site               Site          // Street, Postcode, Town; Lat/Lon when known
	Vacancies          []Vacancy     // EmployerID and SiteID are set by the store
	ParallelInterviews int
	Windows            []EmployerWindow // StartsAt, EndsAt
	Tables             []TableBooking   // TableID, StartsAt, EndsAt (job fairs)
}

// Block is one bookable time block of a venue table.
type Block struct {
	TableID  int64
	Label    string
	StartsAt time.Time
	EndsAt   time.Time
	Taken    bool
}

// Key names the block in forms: "tableID:unixStart".
func (b Block) Key() string {
	return strconv.FormatInt(b.TableID, 10) + ":" + strconv.FormatInt(b.StartsAt.Unix(), 10)
}

// DayBlocks splits an event day into the time blocks employers book at a
// job fair: a morning and an afternoon half, split on the slot grid so no
// interview slot straddles two bookings. A day shorter than two slots is one
// block.
func DayBlocks(day EventDay, slotMinutes, bufferMinutes int) [][2]time.Time {
	step := time.Duration(slotMinutes+bufferMinutes) * time.Minute
	length := day.EndsAt.Sub(day.StartsAt)
	if step <= 0 || length < 2*step {
		return [][2]time.Time{{day.StartsAt, day.EndsAt}}
	}
	steps := int(length/step) / 2
	mid := day.StartsAt.Add(time.Duration(steps) * step)
	return [][2]time.Time{{day.StartsAt, mid}, {mid, day.EndsAt}}
}

// FairBlocks lists every venue table × time block of a job fair, all
// free; EventBlocks marks the booked ones.
func FairBlocks(ev Event) []Block {
	// In creation order, so "Tisch 2" comes before "Tisch 10".
	tables := slices.Clone(ev.Tables)
	slices.SortFunc(tables, func(a, b EventTable) int { return cmp.Compare(a.ID, b.ID) })
	var out []Block
	for _, t := range tables {
		if t.SiteID != nil {
			continue // an employer's own room is not booked here
		}
		for _, d := range ev.Days {
			for _, r := range DayBlocks(d, ev.SlotMinutes, ev.BufferMinutes) {
				out = append(out, Block{TableID: t.ID, Label: t.Label, StartsAt: r[0].UTC(), EndsAt: r[1].UTC()})
			}
		}
	}
	return out
}

// EventBlocks lists every table × block of a job fair with whether it is
// booked. It is a courtesy for the form; the constraint decides on save.
func (s *Store) EventBlocks(ctx context.Context, ev Event) ([]Block, error) {
	var bookings []TableBooking
	if err := s.db.WithContext(ctx).Where("event_id = ?", ev.ID).Find(&bookings).Error; err != nil {
		return nil, translate(err, "list bookings of event %d", ev.ID)
	}
	out := FairBlocks(ev)
	for i, b := range out {
		for _, bk := range bookings {
			if bk.TableID == b.TableID && bk.StartsAt.Before(b.EndsAt) && bk.EndsAt.After(b.StartsAt) {
				out[i].Taken = true
				break
			}
		}
	}
	return out, nil
}

// SeatsTaken returns how many seats of an event with a capacity are taken.
func (s *Store) SeatsTaken(ctx context.Context, eventID int64) (int, error) {
	var taken []int
	err := s.db.WithContext(ctx).Model(&eventSeats{}).Where("event_id = ?", eventID).Pluck("taken", &taken).Error
	if err != nil {
		return 0, translate(err, "count seats of event %d", eventID)
	}
	if len(taken) == 0 {
		return 0, nil
	}
	return taken[0], nil
}

// eventSeats is the seat counter of an event with a capacity.
type eventSeats struct {
	EventID int64 `gorm:"primaryKey;autoIncrement:false"`
	Taken   int
}

func (eventSeats) TableName() string { return "event_seats" }

// RegistrationOpen reports whether ev accepts registrations at now: open,
// before its deadline and before the end of its last day.
func RegistrationOpen(ev Event, now time.Time) bool {
	if ev.Status != EventOpen {
		return false
	}
	if ev.RegistrationDeadline != nil && !now.Before(*ev.RegistrationDeadline) {
		return false
	}
	for _, d := range ev.Days {
		if now.Before(d.EndsAt) {
			return true
		}
	}
	return len(ev.Days) == 0
}

// RegisterSignup saves a public registration with its vacancies, windows,
// seat and table bookings in one transaction, then calls also (if not nil)
// with the transaction store, so that the confirmation mail is queued in the
// same transaction: if also fails, nothing is saved.
//
// Errors: ErrNotFound (event or table not of the job centre),
// ErrRegistrationClosed, ErrDuplicate (the employer is already registered
// for the event), ErrTaken (a table block or the last seat went to someone
// else first).
func (s *Store) RegisterSignup(ctx context.Context, jobCentreID int64, in Signup,
	also func(tx *Store, reg EventRegistration) error) (EventRegistration, error) {
	// A courtesy check outside the transaction: when the block or the last
	// seat is already gone, say so with one query. The checks inside the
	// transaction and the constraints decide.
	if err := s.alreadyTaken(ctx, in); err != nil {
		return EventRegistration{}, err
	}
	var reg EventRegistration
	err := s.Transaction(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		var ev Event
		if err := db.Preload("Days").Preload("Tables").
			Where("job_centre_id = ? AND id = ?", jobCentreID, in.EventID).First(&ev).Error; err != nil {
			return translate(err, "load event %d", in.EventID)
		}
		if !RegistrationOpen(ev, tx.nowUTC()) {
			return translate(ErrRegistrationClosed, "register for event %d", ev.ID)
		}
		// Seats and tables first: their locks make racers queue here, and a
		// loser learns it lost before it wrote anything.
		if ev.Capacity != nil {
			if err := tx.takeSeat(ctx, ev.ID); err != nil {
				return err
			}
		}
		if err := tx.claimTables(ctx, ev, in.Tables); err != nil {
			return err
		}
		employerID, contactID, err := tx.employerForSignup(ctx, jobCentreID, in)
		if err != nil {
			return err
		}
		site := in.Site
		site.ID, site.EmployerID = 0, employerID
		if err := db.Create(&site).Error; err != nil {
			return translate(err, "add site of employer %d", employerID)
		}
		reg = EventRegistration{EventID: ev.ID, EmployerID: employerID, ContactPersonID: contactID,
			Status: RegistrationRegistered, ParallelInterviews: max(in.ParallelInterviews, 1)}
		if !ev.AtVenue() {
			reg.SiteID = &site.ID
		}
		if err := db.Omit(clause.Associations).Create(&reg).Error; err != nil {
			return translate(err, "register employer %d for event %d", employerID, ev.ID)
		}
		if err := tx.bookTables(ctx, ev, reg.ID, in.Tables); err != nil {
			return err
		}
		if err := tx.addSignupDetails(ctx, &reg, site.ID, in); err != nil {
			return err
		}
		if also != nil {
			return also(tx, reg)
		}
		return nil
	})
	if err != nil {
		return EventRegistration{}, err
	}
	return reg, nil
}

// alreadyTaken reports ErrTaken if a wanted table block is booked or the
// event's seats are all taken, as committed so far.
func (s *Store) alreadyTaken(ctx context.Context, in Signup) error {
	var n int64
	args := []any{in.EventID}
	q := `SELECT count(*) FROM event_seats st JOIN events e ON e.id = st.event_id WHERE st.event_id = ? AND st.taken >= e.capacity`
	for _, b := range in.Tables {
		q += ` UNION ALL SELECT count(*) FROM table_bookings WHERE table_id = ? AND starts_at < ? AND ends_at > ?`
		args = append(args, b.TableID, b.EndsAt.UTC(), b.StartsAt.UTC())
	}
	var counts []int64
	if err := s.db.WithContext(ctx).Raw(q, args...).Scan(&counts).Error; err != nil {
		return translate(err, "check bookings of event %d", in.EventID)
	}
	for _, c := range counts {
		n += c
	}
	if n > 0 {
		return translate(ErrTaken, "register for event %d", in.EventID)
	}
	return nil
}

// employerForSignup reuses the employer of a known contact e-mail address
// in the job centre, so an employer who registers for a second event stays
// one employer with one login; otherwise it creates employer and contact.
func (s *Store) employerForSignup(ctx context.Context, jobCentreID int64, in Signup) (employerID, contactID int64, err error) {
	db := s.db.WithContext(ctx)
	email := strings.TrimSpace(in.Contact.Email)
	var known []ContactPerson
	err = db.Joins("JOIN employers e ON e.id = contact_persons.employer_id").
		Where("e.job_centre_id = ? AND lower(contact_persons.email) = lower(?)", jobCentreID, email).
		Order("contact_persons.id").Limit(1).Find(&known).Error
	if err != nil {
		return 0, 0, translate(err, "find contact by e-mail")
	}
	if len(known) == 1 {
		return known[0].EmployerID, known[0].ID, nil
	}
	emp := Employer{JobCentreID: jobCentreID, Name: strings.TrimSpace(in.Employer.Name),
		Sector: in.Employer.Sector, Website: in.Employer.Website}
	if err := db.Omit(clause.Associations).Create(&emp).Error; err != nil {
		return 0, 0, translate(err, "create employer %q", emp.Name)
	}
	c := ContactPerson{EmployerID: emp.ID, Name: strings.TrimSpace(in.Contact.Name), Email: email,
		Phone: strings.TrimSpace(in.Contact.Phone), Locale: in.Contact.Locale}
	if !c.Locale.Valid() {
		c.Locale = LocaleDE
	}
	if err := db.Create(&c).Error; err != nil {
		return 0, 0, translate(err, "create contact of employer %d", emp.ID)
	}
	return emp.ID, c.ID, nil
}

// addSignupDetails stores the vacancies (linked to the registration) and
// the time windows of a signup.
func (s *Store) addSignupDetails(ctx context.Context, reg *EventRegistration, siteID int64, in Signup) error {
	db := s.db.WithContext(ctx)
	for _, v := range in.Vacancies {
		v.ID, v.EmployerID, v.SiteID = 0, reg.EmployerID, &siteID
		if v.CandidatesWanted == 0 {
			v.CandidatesWanted = 4
		}
		if err := db.Create(&v).Error; err != nil {
			return translate(err, "add vacancy %q", v.Title)
		}
		link := RegistrationVacancy{RegistrationID: reg.ID, VacancyID: v.ID}
		if err := db.Omit(clause.Associations).Create(&link).Error; err != nil {
			return translate(err, "link vacancy %d to registration %d", v.ID, reg.ID)
		}
		reg.Vacancies = append(reg.Vacancies, RegistrationVacancy{RegistrationID: reg.ID, VacancyID: v.ID, Vacancy: v})
	}
	for _, w := range in.Windows {
		w.ID, w.RegistrationID = 0, reg.ID
		w.StartsAt, w.EndsAt = w.StartsAt.UTC(), w.EndsAt.UTC()
		if err := db.Create(&w).Error; err != nil {
			return translate(err, "add window to registration %d", reg.ID)
		}
		reg.Windows = append(reg.Windows, w)
	}
	return nil
}

// takeSeat raises the event's seat counter unless it is at capacity. The
// conditional UPDATE is atomic: concurrent registrations wait for the row
// lock and re-check the condition, so the capacity is never exceeded.
func (s *Store) takeSeat(ctx context.Context, eventID int64) error {
	db := s.db.WithContext(ctx)
	// Without a lock first: a full event is refused at once, so late racers
	// do not queue on the counter row one by one.
	var full int64
	if err := db.Raw(`SELECT count(*) FROM event_seats s JOIN events e ON e.id = s.event_id
WHERE s.event_id = ? AND s.taken >= e.capacity`, eventID).Scan(&full).Error; err != nil {
		return translate(err, "check seats of event %d", eventID)
	}
	if full > 0 {
		return translate(ErrTaken, "take seat of event %d", eventID)
	}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&eventSeats{EventID: eventID}).Error; err != nil {
		return translate(err, "create seat counter of event %d", eventID)
	}
	res := db.Exec(`UPDATE event_seats SET taken = taken + 1
WHERE event_id = ? AND taken < (SELECT capacity FROM events WHERE id = ?)`, eventID, eventID)
	if res.Error != nil {
		return translate(res.Error, "take seat of event %d", eventID)
	}
	if res.RowsAffected == 0 {
		return translate(ErrTaken, "take seat of event %d", eventID)
	}
	return nil
}

// releaseSeat lowers the seat counter when a registration stops counting.
func (s *Store) releaseSeat(ctx context.Context, eventID int64) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE event_seats SET taken = taken - 1 WHERE event_id = ? AND taken > 0`, eventID).Error
	return translate(err, "release seat of event %d", eventID)
}

// claimTables checks that the tables belong to the event, locks them and
// reports ErrTaken if one is already booked for an overlapping time. The
// lock (PostgreSQL) or the single writer (SQLite) makes the check hold
// until commit; the constraint of migration 00003 still guards the insert.
func (s *Store) claimTables(ctx context.Context, ev Event, bookings []TableBooking) error {
	if len(bookings) == 0 {
		return nil
	}
	ids := make([]int64, len(bookings))
	for i, b := range bookings {
		ok := false
		for _, t := range ev.Tables {
			ok = ok || (t.ID == b.TableID && t.SiteID == nil)
		}
		if !ok || !b.EndsAt.After(b.StartsAt) {
			return translate(gorm.ErrRecordNotFound, "load table %d of event %d", b.TableID, ev.ID)
		}
		ids[i] = b.TableID
	}
	db := s.db.WithContext(ctx)
	q := db.Model(&TableBooking{}).Where("1 = 0")
	for _, b := range bookings {
		q = q.Or("table_id = ? AND starts_at < ? AND ends_at > ?", b.TableID, b.EndsAt.UTC(), b.StartsAt.UTC())
	}
	taken := func() error {
		var n int64
		if err := q.Session(&gorm.Session{}).Count(&n).Error; err != nil {
			return translate(err, "check tables %v", ids)
		}
		if n > 0 {
			return translate(ErrTaken, "book tables %v", ids)
		}
		return nil
	}
	if s.db.Dialector.Name() != DialectPostgres {
		return taken()
	}
	// Without a lock first: once the block is booked, late racers fail here
	// side by side instead of queueing one by one on the lock below.
	if err := taken(); err != nil {
		return err
	}
	// Racing inserters of conflicting rows would otherwise wait on each
	// other's uncommitted rows and deadlock until deadlock_timeout.
	var locked []int64
	err := db.Model(&EventTable{}).Clauses(clause.Locking{Strength: "UPDATE"}).
		Where("id IN ?", ids).Order("id").Pluck("id", &locked).Error
	if err != nil {
		return translate(err, "lock tables %v", ids)
	}
	return taken()
}

// bookTables inserts the table bookings claimed by claimTables; the
// database refuses an overlapping one (also two overlapping ones in the
// same signup), which becomes ErrTaken.
func (s *Store) bookTables(ctx context.Context, ev Event, regID int64, bookings []TableBooking) error {
	db := s.db.WithContext(ctx)
	for _, b := range bookings {
		row := TableBooking{EventID: ev.ID, TableID: b.TableID, RegistrationID: regID,
			StartsAt: b.StartsAt.UTC(), EndsAt: b.EndsAt.UTC()}
		if err := db.Create(&row).Error; err != nil {
			if isOverlap(err) {
				return translate(ErrTaken, "book table %d", b.TableID)
			}
			return translate(err, "book table %d", b.TableID)
		}
	}
	return nil
}

// isOverlap recognises the no-overlap rule of table_bookings: PostgreSQL's
// exclusion violation (SQLSTATE 23P01) or the SQLite trigger's message.
func isOverlap(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23P01"
	}
	return strings.Contains(err.Error(), "table_bookings_no_overlap")
}
