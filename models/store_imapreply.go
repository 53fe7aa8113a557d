package models

import (
	"context"
	"strings"
)

// FindInterviewByUID returns the interview whose calendar entries carry
// uid, with its applicant (for matching the replying ATTENDEE) and its
// employer (whose JobCentreID names the tenant). It serves iMIP replies
// read from the organizer's mailbox, which arrive without any tenant
// context: the UID is random and unique across all job centres, so it is
// the only key a reply can be trusted to carry.
func (s *Store) FindInterviewByUID(ctx context.Context, uid string) (Interview, error) {
	var iv Interview
	err := s.db.WithContext(ctx).
		Joins("Applicant").Joins("Employer").
		Where("interviews.ical_uid = ?", strings.TrimSpace(uid)).
		First(&iv).Error
	return iv, translate(err, "load interview by calendar uid %q", uid)
}
