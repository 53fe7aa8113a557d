package models

import (
	"context"
	"time"
)

// AuditFilter narrows an admin's search of the audit trail. Zero fields do
// not filter.
type AuditFilter struct {
	ActorKind  ActorKind
	ActorID    int64
	Action     string // exact action, e.g. "applicant.view"
	ObjectKind string // record type, e.g. "applicant"
	ObjectID   int64
	From, To   time.Time // [From, To): the period, UTC instants
	Text       string    // substring of action, record type, address or details
	Offset     int
	Limit      int // 0: DefaultAuditPageSize
}

// DefaultAuditPageSize is how many entries one page of the search shows.
const DefaultAuditPageSize = 50

// SearchAudit returns one page of the job centre's audit entries that match
// f, newest first, and how many match in all.
func (s *Store) SearchAudit(ctx context.Context, jobCentreID int64, f AuditFilter) ([]AuditEvent, int64, error) {
	q := s.db.WithContext(ctx).Model(&AuditEvent{}).Where("job_centre_id = ?", jobCentreID)
	if f.ActorKind != "" {
		q = q.Where("actor_kind = ?", f.ActorKind)
	}
	if f.ActorID > 0 {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.ObjectKind != "" {
		q = q.Where("object_kind = ?", f.ObjectKind)
	}
	if f.ObjectID > 0 {
		q = q.Where("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.UTC())
	}
	if f.Text != "" {
		p := likePattern(f.Text)
		q = q.Where(`(lower(action) LIKE ? ESCAPE '\' OR lower(object_kind) LIKE ? ESCAPE '\' OR lower(ip) LIKE ? ESCAPE '\' OR lower(details) LIKE ? ESCAPE '\')`,
			p, p, p, p)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate(err, "count audit of job centre %d", jobCentreID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultAuditPageSize
	}
	var evs []AuditEvent
	err := q.Order("id DESC").Offset(max(f.Offset, 0)).Limit(limit).Find(&evs).Error
	return evs, total, translate(err, "search audit of job centre %d", jobCentreID)
}

// AuditActions lists the distinct actions in the job centre's audit trail,
// for the search form's choice.
func (s *Store) AuditActions(ctx context.Context, jobCentreID int64) ([]string, error) {
	var out []string
	err := s.db.WithContext(ctx).Model(&AuditEvent{}).Where("job_centre_id = ?", jobCentreID).
		Distinct("action").Order("action").Pluck("action", &out).Error
	return out, translate(err, "list audit actions of job centre %d", jobCentreID)
}
