package auth

import (
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	hash, err := HashPassword("richtig-langes-passwort")
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with our parameters", hash)
	}
	other, err := HashPassword("richtig-langes-passwort")
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	if other == hash {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name     string
		hash     string
		password string
		want     bool
		wantErr  bool
	}{
		{"right password", hash, "richtig-langes-passwort", true, false},
		{"wrong password", hash, "falsch-langes-passwort", false, false},
		{"empty password", hash, "", false, false},
		{"unknown user", "", "richtig-langes-passwort", false, false},
		{"malformed hash", "$bcrypt$nonsense", "x", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckPassword(tt.hash, tt.password)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CheckPassword error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("CheckPassword = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := HashPassword(""); err == nil {
		t.Fatal("HashPassword(\"\") succeeded, want an error")
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	hash, err := HashPassword("richtig-langes-passwort")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := CheckPassword(hash, "falsch-langes-passwort"); err != nil {
			b.Fatal(err)
		}
	}
}
