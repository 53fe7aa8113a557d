// Package auth hashes and checks staff passwords. It is separate from the
// handlers so that seeding and command-line tools can hash a password without
// pulling in the web stack.
package auth

import (
	"errors"
	"fmt"

	"github.com/alexedwards/argon2id"
)

// MinPasswordLength is the shortest password an admin may set.
const MinPasswordLength = 12

// params follow the OWASP recommendation for argon2id (19 MiB, 2 passes,
// 1 lane): about 20–40 ms on our hardware, slow for guessing, cheap enough
// for a login form on a two-core machine.
func params() *argon2id.Params {
	return &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// dummyHash is checked when the e-mail is unknown, so that a wrong address
// costs the same time as a wrong password and does not reveal who has an
// account. It is the hash of a random string nobody knows.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Vx9J1oUuW1ZgH4R1u6s1mC4Jx3TjS3Lq2y0a4bq0W4o"

// HashPassword returns the argon2id hash of password in PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash) with a random salt.
func HashPassword(password string) (string, error) {
	if password == "" {
		return "", errors.New("auth: hash password: empty password")
	}
	h, err := argon2id.CreateHash(password, params())
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return h, nil
}

// CheckPassword reports whether password matches hash, comparing in constant
// time. An empty hash (unknown user) is checked against a dummy hash so the
// call takes as long as a real check and always reports false.
func CheckPassword(hash, password string) (bool, error) {
	known := hash != ""
	if !known {
		hash = dummyHash
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("auth: check password: %w", err)
	}
	return ok && known, nil
}
