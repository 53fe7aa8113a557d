package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Check-in refusals. Each is a bad input on the day, not a fault: the
// handler shows it in the user's language and nothing changes.
var (
	// ErrCheckinUnknown: no interview of the job centre has this code (a
	// typo, a misread scan, or another job centre's printout).
	ErrCheckinUnknown = errors.New("unknown check-in code")
	// ErrCheckinOtherEvent: the code is the job centre's, but for another event.
	ErrCheckinOtherEvent = errors.New("check-in code of another event")
	// ErrCheckinInactive: the interview was declined or cancelled.
	ErrCheckinInactive = errors.New("interview declined or cancelled")
)

// Attendance is what staff mark on the day.
type Attendance string

// Attendance marks.
const (
	AttendanceArrived Attendance = "arrived"
	AttendanceNoShow  Attendance = "no_show"
	AttendanceUndo    Attendance = "undo" // back to the status before the mark
)

// Valid reports whether a is a known mark.
func (a Attendance) Valid() bool {
	return a == AttendanceArrived || a == AttendanceNoShow || a == AttendanceUndo
}

// CheckinActor is the staff user who marks attendance and the client address,
// both for the audit trail.
type CheckinActor struct {
	StaffID int64
	IP      string
	Via     string // "code", "list": how the mark was made, for the audit trail
}

// NormalizeCheckinCode turns what a scanner or a person typed into the
// stored form: codes are upper-case base32, and people type them in lower
// case, with spaces or hyphens to group the characters.
func NormalizeCheckinCode(code string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code)))
}

// CheckinResult is the interview a code check-in found; Already is true when
// it was checked in before, in which case nothing changed.
type CheckinResult struct {
	Interview Interview
	Already   bool
}

// CheckInByCode marks the interview with the check-in code as attended, in
// one transaction with its audit entry. A code that no interview of the job
// centre has is ErrCheckinUnknown (another job centre's code looks exactly
// like an unknown one, so nothing leaks), a code of another event is
// ErrCheckinOtherEvent, a declined or cancelled interview ErrCheckinInactive;
// in each case nothing changes. Scanning twice changes nothing either.
func (s *Store) CheckInByCode(ctx context.Context, jobCentreID, eventID int64, code string, by CheckinActor) (CheckinResult, error) {
	var out CheckinResult
	code = NormalizeCheckinCode(code)
	if code == "" {
		return out, fmt.Errorf("models: check in by code: %w", ErrCheckinUnknown)
	}
	err := s.Transaction(ctx, func(tx *Store) error {
		var iv Interview
		err := tx.db.WithContext(ctx).Joins("Applicant").Joins("Employer").Joins("Vacancy").
			Where("interviews.checkin_code = ? AND \"Employer\".job_centre_id = ?", code, jobCentreID).
			First(&iv).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("models: check in by code: %w", ErrCheckinUnknown)
		}
		if err != nil {
			return translate(err, "find check-in code")
		}
		if iv.EventID != eventID {
			return fmt.Errorf("models: check in interview %d at event %d: %w", iv.ID, eventID, ErrCheckinOtherEvent)
		}
		if iv.Status == InterviewAttended {
			out = CheckinResult{Interview: iv, Already: true}
			return nil
		}
		if err := tx.markAttendance(ctx, jobCentreID, &iv, AttendanceArrived, by); err != nil {
			return err
		}
		out.Interview = iv
		return nil
	})
	return out, err
}

// SetAttendance marks an interview of the event arrived, no-show or undoes
// the mark, guarded by the version the page showed: ErrConflict if someone
// changed the interview meanwhile, ErrNotFound for an interview of another
// event or job centre. Marking what is already marked changes nothing, so a
// double tap on a tablet writes one audit entry.
func (s *Store) SetAttendance(ctx context.Context, jobCentreID, eventID, interviewID int64, version int, mark Attendance, by CheckinActor) (Interview, error) {
	if !mark.Valid() {
		return Interview{}, fmt.Errorf("models: attendance %q of interview %d: unknown mark", mark, interviewID)
	}
	var iv Interview
	err := s.Transaction(ctx, func(tx *Store) error {
		err := tx.db.WithContext(ctx).Joins("Applicant").Joins("Employer").Joins("Vacancy").
			Where("interviews.id = ? AND interviews.event_id = ? AND \"Employer\".job_centre_id = ?", interviewID, eventID, jobCentreID).
			First(&iv).Error
		if err != nil {
			return translate(err, "load interview %d of event %d", interviewID, eventID)
		}
		if iv.Version != version {
			return translate(ErrConflict, "attendance of interview %d", interviewID)
		}
		return tx.markAttendance(ctx, jobCentreID, &iv, mark, by)
	})
	return iv, err
}

// markAttendance applies mark to iv (loaded in this transaction) and writes
// the audit entry. The version guard in the UPDATE catches a change between
// load and write on databases that do not lock the row.
func (s *Store) markAttendance(ctx context.Context, jobCentreID int64, iv *Interview, mark Attendance, by CheckinActor) error {
	if iv.Status == InterviewDeclined || iv.Status == InterviewCancelled {
		return fmt.Errorf("models: attendance of interview %d: %w", iv.ID, ErrCheckinInactive)
	}
	marked := iv.Status == InterviewAttended || iv.Status == InterviewNoShow
	now := s.nowUTC()
	next := *iv
	switch mark {
	case AttendanceArrived:
		if iv.Status == InterviewAttended {
			return nil
		}
		next.Status, next.CheckedInAt, next.CheckedInBy = InterviewAttended, &now, &by.StaffID
	case AttendanceNoShow:
		if iv.Status == InterviewNoShow {
			return nil
		}
		next.Status, next.CheckedInAt, next.CheckedInBy = InterviewNoShow, nil, nil
	case AttendanceUndo:
		if !marked {
			return nil
		}
		next.Status = iv.StatusBeforeCheckin
		if next.Status == "" {
			// Marked before migration 00010 or by hand: the person was
			// expected, which is what "confirmed" says.
			next.Status = InterviewConfirmed
		}
		next.CheckedInAt, next.CheckedInBy, next.StatusBeforeCheckin = nil, nil, ""
	}
	if !marked && mark != AttendanceUndo {
		next.StatusBeforeCheckin = iv.Status
	}
	res := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND version = ?", iv.ID, iv.Version).
		Updates(map[string]any{
			"status": next.Status, "checked_in_at": next.CheckedInAt, "checked_in_by": next.CheckedInBy,
			"status_before_checkin": next.StatusBeforeCheckin, "version": iv.Version + 1, "updated_at": now,
		})
	if err := s.interviewVersionResult(ctx, res, jobCentreID, iv.ID, "attendance of interview %d", iv.ID); err != nil {
		return err
	}
	details, err := json.Marshal(map[string]any{"event_id": iv.EventID, "from": iv.Status, "to": next.Status, "via": by.Via})
	if err != nil {
		return fmt.Errorf("models: audit attendance of interview %d: %w", iv.ID, err)
	}
	action := map[Attendance]string{AttendanceArrived: "interview.checkin", AttendanceNoShow: "interview.no_show",
		AttendanceUndo: "interview.checkin_undo"}[mark]
	staffID, ivID := by.StaffID, iv.ID
	ev := AuditEvent{JobCentreID: jobCentreID, At: now, ActorKind: ActorStaff, ActorID: &staffID, Action: action,
		ObjectKind: "interview", ObjectID: &ivID, IP: by.IP, Details: string(details)}
	if err := s.AppendAudit(ctx, &ev); err != nil {
		return err
	}
	next.Version, next.UpdatedAt = iv.Version+1, now
	*iv = next
	return nil
}

// ListCheckin returns the event's interviews that start in [from, to) and
// that someone may still come to (not declined or cancelled), with
// applicant, employer and vacancy, ordered by applicant and start: the
// check-in list groups them by person.
func (s *Store) ListCheckin(ctx context.Context, jobCentreID, eventID int64, from, to time.Time) ([]Interview, error) {
	var ivs []Interview
	err := s.db.WithContext(ctx).
		Joins("Applicant").Joins("Employer").Joins("Vacancy").
		Where("interviews.event_id = ? AND \"Employer\".job_centre_id = ?", eventID, jobCentreID).
		Where("interviews.starts_at >= ? AND interviews.starts_at < ?", from.UTC(), to.UTC()).
		Where("interviews.status NOT IN ?", []InterviewStatus{InterviewDeclined, InterviewCancelled}).
		Order("\"Applicant\".last_name, \"Applicant\".first_name, interviews.applicant_id, interviews.starts_at, interviews.id").
		Find(&ivs).Error
	return ivs, translate(err, "list check-in of event %d", eventID)
}

// CheckinSearchKey folds a name for the check-in search the way applicant
// names are stored for searching ("ozturk" finds "Öztürk").
func CheckinSearchKey(s string) string { return searchKey(s) }
