package main

import (
	"crypto/rand"

	"treffpunkt/models/export"
)

// exportKey derives the key of the applicants' pseudonyms in exports from
// the secret, so the same applicant has the same pseudonym in every report
// as long as TREFFPUNKT_SECRET_KEY stays. Without a secret (only tests that
// skip prepareDataDir) a random key keeps pseudonyms unguessable; they are
// then stable until the process ends.
func exportKey(cfg *Config) []byte {
	secret := []byte(cfg.SecretKey)
	if len(secret) == 0 {
		secret = make([]byte, 32)
		_, _ = rand.Read(secret) // crypto/rand.Read never fails on supported platforms
	}
	return export.Key(secret)
}
