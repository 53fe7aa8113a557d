package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func noFiles(string) ([]byte, error) { return nil, fs.ErrNotExist }

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(envFrom(nil), noFiles)
	if err != nil {
		t.Fatalf("defaults must be valid: %v", err)
	}
	checks := []struct{ name, got, want string }{
		{"Listen", cfg.Listen, "127.0.0.1:8080"},
		{"BaseURL", cfg.BaseURL, "http://127.0.0.1:8080"},
		{"DataDir", cfg.DataDir, "data"},
		{"MailDir", cfg.MailDir, filepath.Join("data", "mail")},
		{"Timezone", cfg.Timezone, "Europe/Berlin"},
		{"DatabaseURL", cfg.DatabaseURL, ""},
		{"Env", cfg.Env, envDevelopment},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !cfg.AutoMigrate {
		t.Error("AutoMigrate must default to true")
	}
	if cfg.FollowUpAfter != 8*7*24*time.Hour {
		t.Errorf("FollowUpAfter = %s, want 8 weeks", cfg.FollowUpAfter)
	}
	if cfg.ReminderLead != 24*time.Hour {
		t.Errorf("ReminderLead = %s, want 24h (the day before)", cfg.ReminderLead)
	}
	if cfg.SessionIdle != 30*time.Minute || cfg.SessionMax != 12*time.Hour {
		t.Errorf("session timeouts = %s/%s", cfg.SessionIdle, cfg.SessionMax)
	}
	if cfg.secureCookies() {
		t.Error("plain-HTTP base URL must not ask for Secure cookies")
	}
}

func TestLoadConfigRejectsBadValues(t *testing.T) {
	tests := []struct {
		env      map[string]string
		mentions []string // what the message must name, so the operator knows what to fix
	}{
		{map[string]string{"TREFFPUNKT_LISTEN": "8080"}, []string{"TREFFPUNKT_LISTEN", "host:port"}},
		{map[string]string{"TREFFPUNKT_LISTEN": "127.0.0.1:99999"}, []string{"TREFFPUNKT_LISTEN", "65535"}},
		{map[string]string{"TREFFPUNKT_DATABASE_URL": "mysql://x@y/z"}, []string{"TREFFPUNKT_DATABASE_URL", "postgres://"}},
		{map[string]string{"TREFFPUNKT_BASE_URL": "treffpunkt.example"}, []string{"TREFFPUNKT_BASE_URL", "absolute"}},
		{map[string]string{"TREFFPUNKT_SECRET_KEY": "short"}, []string{"TREFFPUNKT_SECRET_KEY", "32"}},
		{map[string]string{"TREFFPUNKT_ENV": "production"}, []string{"TREFFPUNKT_SECRET_KEY", "required"}},
		{map[string]string{"TREFFPUNKT_ENV": "staging"}, []string{"TREFFPUNKT_ENV"}},
		{map[string]string{"TREFFPUNKT_MAIL_FROM": "not an address"}, []string{"TREFFPUNKT_MAIL_FROM"}},
		{map[string]string{"TREFFPUNKT_SMTP_URL": "http://mail"}, []string{"TREFFPUNKT_SMTP_URL", "smtp://"}},
		{map[string]string{"TREFFPUNKT_TIMEZONE": "Mars/Olympus"}, []string{"TREFFPUNKT_TIMEZONE", "IANA"}},
		{map[string]string{"TREFFPUNKT_TIMEZONE": "Local"}, []string{"TREFFPUNKT_TIMEZONE"}},
		{map[string]string{"TREFFPUNKT_AUTO_MIGRATE": "maybe"}, []string{"TREFFPUNKT_AUTO_MIGRATE", "true or false"}},
		{map[string]string{"TREFFPUNKT_TRUSTED_PROXIES": "10.0.0.1,proxy.local"}, []string{"TREFFPUNKT_TRUSTED_PROXIES", "proxy.local"}},
		{map[string]string{"TREFFPUNKT_SESSION_IDLE": "-5m"}, []string{"TREFFPUNKT_SESSION_IDLE"}},
		{map[string]string{"TREFFPUNKT_SESSION_IDLE": "24h"}, []string{"TREFFPUNKT_SESSION_IDLE", "TREFFPUNKT_SESSION_MAX"}},
		{map[string]string{"TREFFPUNKT_LOG_LEVEL": "loud"}, []string{"TREFFPUNKT_LOG_LEVEL"}},
		{map[string]string{"TREFFPUNKT_IMAP_URL": "http://mail.example/INBOX"}, []string{"TREFFPUNKT_IMAP_URL"}},
		{map[string]string{"TREFFPUNKT_REMINDER_HOURS": "0"}, []string{"TREFFPUNKT_REMINDER_HOURS", "1 to 168"}},
		{map[string]string{"TREFFPUNKT_REMINDER_HOURS": "a day"}, []string{"TREFFPUNKT_REMINDER_HOURS"}},
		{map[string]string{"TREFFPUNKT_FOLLOWUP_WEEKS": "0"}, []string{"TREFFPUNKT_FOLLOWUP_WEEKS", "1 to 52"}},
		{map[string]string{"TREFFPUNKT_FOLLOWUP_WEEKS": "8w"}, []string{"TREFFPUNKT_FOLLOWUP_WEEKS"}},
		{map[string]string{"TREFFPUNKT_DATA_DIR": " "}, []string{"TREFFPUNKT_DATA_DIR"}},
		{map[string]string{"TREFFPUNKT_SECRET_KEY": strings.Repeat("x", 40), "TREFFPUNKT_SECRET_KEY_FILE": "/run/secrets/key"}, []string{"TREFFPUNKT_SECRET_KEY", "only one"}},
		{map[string]string{"TREFFPUNKT_SMTP_URL_FILE": "/nonexistent/smtp"}, []string{"TREFFPUNKT_SMTP_URL_FILE", "/nonexistent/smtp"}},
	}
	for _, tt := range tests {
		_, err := loadConfig(envFrom(tt.env), noFiles)
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%v: want a ConfigError, got %v", tt.env, err)
			continue
		}
		for _, m := range tt.mentions {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%v: message %q does not mention %q", tt.env, err, m)
			}
		}
	}
}

func TestLoadConfigReportsAllProblemsAtOnce(t *testing.T) {
	_, err := loadConfig(envFrom(map[string]string{
		"TREFFPUNKT_LISTEN":   "nope",
		"TREFFPUNKT_TIMEZONE": "Nowhere/Here",
	}), noFiles)
	var ce *ConfigError
	if !errors.As(err, &ce) || len(ce.Problems) != 2 {
		t.Fatalf("want two problems, got %v", err)
	}
}

func TestLoadConfigSecretsFromFiles(t *testing.T) {
	files := map[string]string{
		"/run/secrets/db":  "postgres://app:s3cret@db.internal:5432/treffpunkt\n",
		"/run/secrets/key": strings.Repeat("k", 64) + "\n",
	}
	readFile := func(p string) ([]byte, error) {
		if v, ok := files[p]; ok {
			return []byte(v), nil
		}
		return nil, fs.ErrNotExist
	}
	cfg, err := loadConfig(envFrom(map[string]string{
		"TREFFPUNKT_ENV":               envProduction,
		"TREFFPUNKT_DATABASE_URL_FILE": "/run/secrets/db",
		"TREFFPUNKT_SECRET_KEY_FILE":   "/run/secrets/key",
		"TREFFPUNKT_BASE_URL":          "https://treffpunkt.example.de/",
	}), readFile)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseURL != "postgres://app:s3cret@db.internal:5432/treffpunkt" {
		t.Errorf("DatabaseURL = %q (trailing newline must be trimmed)", cfg.DatabaseURL)
	}
	if cfg.SecretKey != strings.Repeat("k", 64) {
		t.Errorf("SecretKey not read from file")
	}
	if cfg.BaseURL != "https://treffpunkt.example.de" || !cfg.secureCookies() {
		t.Errorf("BaseURL = %q, secure = %v", cfg.BaseURL, cfg.secureCookies())
	}
	printed := strings.Join(cfg.redacted(), "\n")
	for _, secret := range []string{"s3cret", strings.Repeat("k", 64)} {
		if strings.Contains(printed, secret) {
			t.Errorf("printed config leaks a secret:\n%s", printed)
		}
	}
	if !strings.Contains(printed, "db.internal") {
		t.Errorf("printed config should keep the database host for debugging:\n%s", printed)
	}
}

func TestRedactURL(t *testing.T) {
	tests := map[string]string{
		"":                                   "",
		"smtp://u:pw@mail.example:587":       "smtp://u:redacted@mail.example:587",
		"postgres://h/db?password=pw&x=1":    "postgres://h/db?password=redacted&x=1",
		"postgres://postgres@127.0.0.1/test": "postgres://postgres@127.0.0.1/test",
	}
	for in, want := range tests {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPrepareDataDirKeepsDevelopmentSecret(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	cfg, err := loadConfig(envFrom(map[string]string{"TREFFPUNKT_DATA_DIR": dir}), noFiles)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.prepareDataDir(); err != nil {
		t.Fatal(err)
	}
	if !cfg.secretGenerated || len(cfg.SecretKey) < 32 {
		t.Fatalf("first start must generate a secret, got %q", cfg.SecretKey)
	}
	first := cfg.SecretKey
	info, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("secret.key mode = %v, want 0600", info.Mode().Perm())
	}

	again, err := loadConfig(envFrom(map[string]string{"TREFFPUNKT_DATA_DIR": dir}), noFiles)
	if err != nil {
		t.Fatal(err)
	}
	if err := again.prepareDataDir(); err != nil {
		t.Fatal(err)
	}
	if again.SecretKey != first || again.secretGenerated {
		t.Error("second start must reuse the stored secret, so sessions survive a restart")
	}
}

// TestTravelAndImportConfig covers the travel-time figures and the CSV
// import limits: written defaults, accepted values, and a bad value stops
// `serve` with exit 2 and a message naming the variable.
func TestTravelAndImportConfig(t *testing.T) {
	cfg, err := loadConfig(envFrom(nil), noFiles)
	if err != nil {
		t.Fatalf("defaults must be valid: %v", err)
	}
	if cfg.TravelDetour != 1.3 || cfg.TravelSpeedKmH != 30 || cfg.TravelMinMinutes != 10 || cfg.TravelMaxMinutes != 60 {
		t.Errorf("travel defaults = %v/%v/%v/%v, want 1.3/30/10/60 (matching.DefaultParams)",
			cfg.TravelDetour, cfg.TravelSpeedKmH, cfg.TravelMinMinutes, cfg.TravelMaxMinutes)
	}
	if cfg.ImportMaxBytes != 5<<20 || cfg.ImportMaxRows != 10000 {
		t.Errorf("import defaults = %d bytes, %d rows; want 5 MiB, 10000", cfg.ImportMaxBytes, cfg.ImportMaxRows)
	}
	cfg, err = loadConfig(envFrom(map[string]string{
		"TREFFPUNKT_TRAVEL_DETOUR": "1.6", "TREFFPUNKT_TRAVEL_SPEED_KMH": "22.5", "TREFFPUNKT_TRAVEL_MIN_MINUTES": "15",
		"TREFFPUNKT_TRAVEL_MAX_MINUTES": "90", "TREFFPUNKT_IMPORT_MAX_BYTES": "512kb", "TREFFPUNKT_IMPORT_MAX_ROWS": "200",
	}), noFiles)
	if err != nil {
		t.Fatalf("valid values refused: %v", err)
	}
	if cfg.TravelDetour != 1.6 || cfg.TravelSpeedKmH != 22.5 || cfg.TravelMinMinutes != 15 || cfg.TravelMaxMinutes != 90 ||
		cfg.ImportMaxBytes != 512<<10 || cfg.ImportMaxRows != 200 {
		t.Errorf("parsed %+v", cfg)
	}
	printed := strings.Join(cfg.redacted(), "\n")
	for _, want := range []string{"TREFFPUNKT_TRAVEL_DETOUR=1.6", "TREFFPUNKT_TRAVEL_SPEED_KMH=22.5", "TREFFPUNKT_IMPORT_MAX_BYTES=524288", "TREFFPUNKT_IMPORT_MAX_ROWS=200"} {
		if !strings.Contains(printed, want) {
			t.Errorf("treffpunkt config lacks %s", want)
		}
	}

	bad := []struct{ name, value, mentions string }{
		{"TRAVEL_DETOUR", "1,3", "1.0 to 3.0"},
		{"TRAVEL_DETOUR", "0.5", "1.0 to 3.0"},
		{"TRAVEL_SPEED_KMH", "fast", "km/h"},
		{"TRAVEL_SPEED_KMH", "0", "3 to 130"},
		{"TRAVEL_MIN_MINUTES", "0", "1 to 120"},
		{"TRAVEL_MAX_MINUTES", "2h", "5 to 600"},
		{"IMPORT_MAX_BYTES", "5GB", "1KB to 100MB"},
		{"IMPORT_MAX_BYTES", "100", "1KB to 100MB"},
		{"IMPORT_MAX_ROWS", "-1", "1 to 100000"},
	}
	for _, b := range bad {
		name := "TREFFPUNKT_" + b.name
		_, err := loadConfig(envFrom(map[string]string{name: b.value}), noFiles)
		if err == nil || !strings.Contains(err.Error(), name+":") || !strings.Contains(err.Error(), b.mentions) {
			t.Errorf("%s=%q: err = %v, want a message naming the variable and %q", name, b.value, err, b.mentions)
		}
	}
	// Through the binary: exit 2 before anything starts.
	t.Setenv("TREFFPUNKT_DATA_DIR", t.TempDir())
	t.Setenv("TREFFPUNKT_TRAVEL_SPEED_KMH", "0")
	code, _, stderr := runCommand(t, time.Minute, "serve")
	if code != exitUsage || !strings.Contains(stderr, "TREFFPUNKT_TRAVEL_SPEED_KMH") {
		t.Errorf("serve with a bad speed: exit %d, stderr %q; want exit 2 naming the variable", code, stderr)
	}
}
