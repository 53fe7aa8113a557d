package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AppendAudit appends ev to the job centre's audit trail. Its Hash covers
// the previous entry's hash and ev's content, so an edited or deleted entry
// breaks the chain (see VerifyAudit). ev.At defaults to now.
func (s *Store) AppendAudit(ctx context.Context, ev *AuditEvent) error {
	if ev.At.IsZero() {
		ev.At = s.nowUTC()
	}
	ev.At = ev.At.UTC()
	if ev.Details == "" {
		ev.Details = "{}"
	}
	return s.Transaction(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		// Lock the job centre row so concurrent appends on PostgreSQL chain
		// one after another; SQLite has one writer anyway.
		var jc JobCentre
		q := db.Select("id").Where("id = ?", ev.JobCentreID)
		if Dialect(tx.db) == DialectPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.First(&jc).Error; err != nil {
			return translate(err, "lock job centre %d for audit", ev.JobCentreID)
		}
		var last AuditEvent
		res := db.Select("hash").Where("job_centre_id = ?", ev.JobCentreID).Order("id DESC").Limit(1).Find(&last)
		if res.Error != nil {
			return translate(res.Error, "load last audit event")
		}
		ev.PrevHash = last.Hash
		ev.Hash = auditHash(*ev)
		return translate(db.Create(ev).Error, "append audit event %s", ev.Action)
	})
}

// ListAudit returns the newest audit events of the job centre.
func (s *Store) ListAudit(ctx context.Context, jobCentreID int64, limit int) ([]AuditEvent, error) {
	var evs []AuditEvent
	q := s.db.WithContext(ctx).Where("job_centre_id = ?", jobCentreID).Order("id DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	err := q.Find(&evs).Error
	return evs, translate(err, "list audit of job centre %d", jobCentreID)
}

// VerifyAudit checks the hash chain of the job centre's audit trail and
// returns the ID of the first entry that does not fit, or 0 if all fit.
// The trail grows with every read of applicant data, so it is read in
// batches by ascending id, never whole.
func (s *Store) VerifyAudit(ctx context.Context, jobCentreID int64) (int64, error) {
	errBroken := errors.New("audit chain broken")
	var batch []AuditEvent
	prev, broken := "", int64(0)
	err := s.db.WithContext(ctx).Where("job_centre_id = ?", jobCentreID).
		FindInBatches(&batch, 1000, func(*gorm.DB, int) error {
			for _, ev := range batch {
				if ev.PrevHash != prev || auditHash(ev) != ev.Hash {
					broken = ev.ID
					return errBroken
				}
				prev = ev.Hash
			}
			return nil
		}).Error
	if err != nil && !errors.Is(err, errBroken) {
		return 0, translate(err, "load audit of job centre %d", jobCentreID)
	}
	return broken, nil
}

// auditHash hashes the entry's content with its predecessor's hash. Fields
// are length-prefixed so that no two entries serialise alike.
func auditHash(ev AuditEvent) string {
	h := sha256.New()
	optID := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	for _, f := range []string{ev.PrevHash, strconv.FormatInt(ev.JobCentreID, 10),
		ev.At.UTC().Format("2006-01-02T15:04:05.000000Z"), string(ev.ActorKind), optID(ev.ActorID),
		ev.Action, ev.ObjectKind, optID(ev.ObjectID), ev.IP, ev.Details} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}
