package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestStaffUsers(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		anna := models.StaffUser{JobCentreID: f.a.ID, Email: " Anna.Schmid@Example.org ", Name: "Anna Schmid",
			PasswordHash: "hash", Role: models.RoleAdmin, Active: true}
		testdb.Must(t, f.store.CreateStaffUser(f.ctx, &anna))
		bert := models.StaffUser{JobCentreID: f.a.ID, Email: "bert@example.org", Name: "Bert Wolf",
			PasswordHash: "hash", Role: models.RoleStaff, Locale: models.LocaleEN, Active: true}
		testdb.Must(t, f.store.CreateStaffUser(f.ctx, &bert))
		other := models.StaffUser{JobCentreID: f.b.ID, Email: "carla@example.org", Name: "Carla",
			PasswordHash: "hash", Role: models.RoleStaff, Active: true}
		testdb.Must(t, f.store.CreateStaffUser(f.ctx, &other))

		for _, tc := range []struct {
			email  string
			wantID int64
			err    error
		}{
			{"anna.schmid@example.org", anna.ID, nil},
			{"ANNA.SCHMID@EXAMPLE.ORG", anna.ID, nil},
			{"  bert@example.org ", bert.ID, nil},
			{"nobody@example.org", 0, models.ErrNotFound},
		} {
			u, err := f.store.FindStaffUserByEmail(f.ctx, tc.email)
			wantErr(t, "FindStaffUserByEmail "+tc.email, err, tc.err)
			if u.ID != tc.wantID {
				t.Errorf("FindStaffUserByEmail(%q).ID = %d, want %d", tc.email, u.ID, tc.wantID)
			}
		}

		for _, tc := range []struct {
			name string
			jc   int64
			id   int64
			err  error
		}{
			{"own", f.a.ID, anna.ID, nil},
			{"other job centre", f.b.ID, anna.ID, models.ErrNotFound},
			{"missing", f.a.ID, 424242, models.ErrNotFound},
		} {
			u, err := f.store.GetStaffUser(f.ctx, tc.jc, tc.id)
			wantErr(t, "GetStaffUser "+tc.name, err, tc.err)
			if tc.err == nil && (u.Email != "Anna.Schmid@Example.org" || u.Role != models.RoleAdmin || u.Locale != models.LocaleDE) {
				t.Errorf("GetStaffUser = %+v", u)
			}
		}

		list, err := f.store.ListStaffUsers(f.ctx, f.a.ID)
		if err != nil {
			t.Fatalf("ListStaffUsers: %v", err)
		}
		if len(list) != 2 || list[0].ID != anna.ID || list[1].ID != bert.ID {
			t.Errorf("ListStaffUsers = %+v, want Anna, Bert", list)
		}

		for _, tc := range []struct {
			name string
			u    models.StaffUser
			err  error // nil: any rejection
		}{
			{"same e-mail other case", models.StaffUser{JobCentreID: f.b.ID, Email: "ANNA.schmid@example.org", Name: "X", Role: models.RoleStaff}, models.ErrDuplicate},
			{"unknown role", models.StaffUser{JobCentreID: f.a.ID, Email: "r@example.org", Name: "X", Role: "root"}, nil},
			{"unknown locale", models.StaffUser{JobCentreID: f.a.ID, Email: "l@example.org", Name: "X", Role: models.RoleStaff, Locale: "fr"}, nil},
			{"no job centre", models.StaffUser{JobCentreID: 987654, Email: "j@example.org", Name: "X", Role: models.RoleStaff}, nil},
			{"empty name", models.StaffUser{JobCentreID: f.a.ID, Email: "n@example.org", Role: models.RoleStaff}, nil},
		} {
			err := f.store.CreateStaffUser(f.ctx, &tc.u)
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err)
			} else {
				wantRejected(t, tc.name, err)
			}
		}

		login := time.Date(2026, time.March, 29, 1, 30, 0, 0, time.UTC) // the night summer time starts
		testdb.Must(t, f.store.SetStaffLastLogin(f.ctx, bert.ID, login.In(berlin)))
		got, err := f.store.GetStaffUser(f.ctx, f.a.ID, bert.ID)
		if err != nil {
			t.Fatalf("GetStaffUser: %v", err)
		}
		if got.LastLoginAt == nil || !got.LastLoginAt.Equal(login) {
			t.Errorf("LastLoginAt = %v, want %v", got.LastLoginAt, login)
		}
		wantErr(t, "SetStaffLastLogin missing", f.store.SetStaffLastLogin(f.ctx, 777777, login), models.ErrNotFound)

		bert.Name, bert.Role, bert.Active = "Bert Wolf-Klein", models.RoleAdmin, false
		testdb.Must(t, f.store.UpdateStaffUser(f.ctx, bert))
		got, _ = f.store.GetStaffUser(f.ctx, f.a.ID, bert.ID)
		if got.Name != "Bert Wolf-Klein" || got.Role != models.RoleAdmin || got.Active {
			t.Errorf("after UpdateStaffUser = %+v", got)
		}
		bert.JobCentreID = f.b.ID
		wantErr(t, "UpdateStaffUser across job centres", f.store.UpdateStaffUser(f.ctx, bert), models.ErrNotFound)
		wantErr(t, "SetStaffPasswordHash across job centres", f.store.SetStaffPasswordHash(f.ctx, f.b.ID, anna.ID, "x"), models.ErrNotFound)
		testdb.Must(t, f.store.SetStaffPasswordHash(f.ctx, f.a.ID, anna.ID, "new-hash"))
		got, _ = f.store.GetStaffUser(f.ctx, f.a.ID, anna.ID)
		if got.PasswordHash != "new-hash" {
			t.Errorf("PasswordHash = %q", got.PasswordHash)
		}
	})
}

func TestSessionsAndLoginAttempts(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		u := models.StaffUser{JobCentreID: f.a.ID, Email: "s@example.org", Name: "S", PasswordHash: "h", Role: models.RoleStaff, Active: true}
		testdb.Must(t, f.store.CreateStaffUser(f.ctx, &u))
		now := testdb.Clock()
		id := func(c byte) string {
			b := make([]byte, 64)
			for i := range b {
				b[i] = c
			}
			return string(b)
		}
		live := models.Session{ID: id('a'), Kind: models.SessionStaff, StaffUserID: &u.ID, JobCentreID: f.a.ID,
			CSRFToken: "csrf", ExpiresAt: now.Add(12 * time.Hour), IP: "192.0.2.1", UserAgent: "Firefox"}
		old := models.Session{ID: id('b'), Kind: models.SessionStaff, StaffUserID: &u.ID, JobCentreID: f.a.ID,
			CSRFToken: "csrf", CreatedAt: now.Add(-48 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
		testdb.Must(t, f.store.CreateSession(f.ctx, &live))
		testdb.Must(t, f.store.CreateSession(f.ctx, &old))

		got, err := f.store.GetSession(f.ctx, live.ID)
		if err != nil {
			t.Fatalf("GetSession: %v", err)
		}
		if got.StaffUserID == nil || *got.StaffUserID != u.ID || got.CSRFToken != "csrf" ||
			!got.ExpiresAt.Equal(live.ExpiresAt) || !got.CreatedAt.Equal(now) || got.IP != "192.0.2.1" {
			t.Errorf("GetSession = %+v", got)
		}
		_, err = f.store.GetSession(f.ctx, id('c'))
		wantErr(t, "GetSession missing", err, models.ErrNotFound)

		seen := now.Add(30 * time.Minute)
		testdb.Must(t, f.store.TouchSession(f.ctx, live.ID, seen))
		got, _ = f.store.GetSession(f.ctx, live.ID)
		if !got.LastSeenAt.Equal(seen) {
			t.Errorf("LastSeenAt = %v, want %v", got.LastSeenAt, seen)
		}
		wantErr(t, "TouchSession missing", f.store.TouchSession(f.ctx, id('c'), seen), models.ErrNotFound)

		for _, tc := range []struct {
			name string
			s    models.Session
			err  error
		}{
			{"duplicate id", models.Session{ID: id('a'), Kind: models.SessionStaff, StaffUserID: &u.ID, JobCentreID: f.a.ID, CSRFToken: "c", ExpiresAt: now}, models.ErrDuplicate},
			{"staff session without user", models.Session{ID: id('d'), Kind: models.SessionStaff, JobCentreID: f.a.ID, CSRFToken: "c", ExpiresAt: now}, nil},
			{"employer session with staff user", models.Session{ID: id('e'), Kind: models.SessionEmployer, StaffUserID: &u.ID, JobCentreID: f.a.ID, CSRFToken: "c", ExpiresAt: now}, nil},
			{"raw token as id", models.Session{ID: "short", Kind: models.SessionStaff, StaffUserID: &u.ID, JobCentreID: f.a.ID, CSRFToken: "c", ExpiresAt: now}, nil},
		} {
			err := f.store.CreateSession(f.ctx, &tc.s)
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err)
			} else {
				wantRejected(t, tc.name, err)
			}
		}

		n, err := f.store.DeleteExpiredSessions(f.ctx, now)
		if err != nil || n != 1 {
			t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
		}
		_, err = f.store.GetSession(f.ctx, old.ID)
		wantErr(t, "expired session after cleanup", err, models.ErrNotFound)
		testdb.Must(t, f.store.DeleteSession(f.ctx, live.ID))
		testdb.Must(t, f.store.DeleteSession(f.ctx, live.ID)) // logging out twice is fine
		_, err = f.store.GetSession(f.ctx, live.ID)
		wantErr(t, "deleted session", err, models.ErrNotFound)

		for i, ok := range []bool{false, false, true, false} {
			testdb.Must(t, f.store.RecordLoginAttempt(f.ctx, "email:s@example.org", now.Add(time.Duration(i-3)*10*time.Minute), ok))
		}
		testdb.Must(t, f.store.RecordLoginAttempt(f.ctx, "ip:192.0.2.1", now, false))
		for _, tc := range []struct {
			key   string
			since time.Time
			want  int64
		}{
			{"email:s@example.org", now.Add(-time.Hour), 3},
			{"email:s@example.org", now.Add(-15 * time.Minute), 1},
			{"email:s@example.org", now.Add(time.Minute), 0},
			{"ip:192.0.2.1", now.Add(-time.Hour), 1},
			{"email:other@example.org", now.Add(-time.Hour), 0},
		} {
			n, err := f.store.CountFailedLogins(f.ctx, tc.key, tc.since)
			if err != nil || n != tc.want {
				t.Errorf("CountFailedLogins(%s, %v) = %d, %v; want %d", tc.key, tc.since, n, err, tc.want)
			}
		}
		n, err = f.store.DeleteLoginAttemptsBefore(f.ctx, now.Add(-15*time.Minute))
		if err != nil || n != 2 {
			t.Errorf("DeleteLoginAttemptsBefore = %d, %v; want 2", n, err)
		}
	})
}
