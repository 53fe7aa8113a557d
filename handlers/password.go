package handlers

import "treffpunkt/handlers/auth"

// HashPassword returns the argon2id PHC hash of password, as stored in
// StaffUser.PasswordHash. It forwards to auth.HashPassword so that callers
// that already import handlers (main, demo seeding) need no second import.
func HashPassword(password string) (string, error) { return auth.HashPassword(password) }
