package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	tpmail "treffpunkt/mail"
	"treffpunkt/mail/imapreply"
)

// envPrefix is the prefix of every environment variable Treffpunkt reads.
const envPrefix = "TREFFPUNKT_"

// Environments Treffpunkt knows. Production refuses the one convenience of
// development: a secret key generated on first start.
const (
	envDevelopment = "development"
	envProduction  = "production"
)

// Config is everything Treffpunkt reads from its environment, parsed and
// validated once at start-up.
type Config struct {
	Env            string
	DatabaseURL    string
	DataDir        string
	Listen         string
	BaseURL        string
	SecretKey      string
	MailFrom       string
	SMTPURL        string
	IMAPURL        string
	MailDir        string
	DKIMSelector   string // with DKIMKey: sign every mail for the domain of MailFrom
	DKIMKey        string // PEM
	Timezone       string
	Location       *time.Location
	AutoMigrate    bool
	TrustedProxies []string
	SessionIdle    time.Duration
	SessionMax     time.Duration
	ReminderLead   time.Duration
	FollowUpAfter  time.Duration // TREFFPUNKT_FOLLOWUP_WEEKS: second outcome request after the event
	LogLevel       string
	LogFormat      string

	// Travel-time estimate of planner and shortlist (matching.Params) and
	// the limits of a CSV import of applicants.
	TravelDetour     float64
	TravelSpeedKmH   float64
	TravelMinMinutes int
	TravelMaxMinutes int
	ImportMaxBytes   int64
	ImportMaxRows    int

	// secretGenerated tells main to say where the development secret lives.
	secretGenerated bool
}

// option describes one environment variable: its default and how to store it.
// Keeping them in one table gives `treffpunkt config` and the README one
// source of truth.
type option struct {
	name    string // without prefix
	def     string
	secret  bool // may come from NAME_FILE; redacted when printed
	help    string
	setFunc func(c *Config, v string) error
}

func options() []option {
	return []option{
		{name: "ENV", def: envDevelopment, help: "development or production", setFunc: func(c *Config, v string) error {
			if v != envDevelopment && v != envProduction {
				return fmt.Errorf("must be %q or %q, not %q", envDevelopment, envProduction, v)
			}
			c.Env = v
			return nil
		}},
		{name: "DATABASE_URL", secret: true, help: "postgres://user:pass@host:5432/db; empty = embedded SQLite in DATA_DIR", setFunc: func(c *Config, v string) error {
			if v == "" {
				c.DatabaseURL = ""
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
				return errors.New("must be a postgres:// URL (postgres://user:password@host:5432/database), or empty for the embedded SQLite database")
			}
			c.DatabaseURL = v
			return nil
		}},
		{name: "DATA_DIR", def: "./data", help: "folder for the SQLite database, the development secret and mail files", setFunc: func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty")
			}
			c.DataDir = filepath.Clean(v)
			return nil
		}},
		{name: "LISTEN", def: "127.0.0.1:8080", help: "host:port to listen on", setFunc: func(c *Config, v string) error {
			host, port, err := net.SplitHostPort(v)
			if err != nil {
				return fmt.Errorf("must be host:port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080 (%v)", err)
			}
			if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
				return fmt.Errorf("port %q is not a number from 0 to 65535", port)
			}
			if host != "" && net.ParseIP(host) == nil && host != "localhost" {
				return fmt.Errorf("host %q is not an IP address", host)
			}
			c.Listen = v
			return nil
		}},
		{name: "BASE_URL", help: "public URL used in links and mails; default http://LISTEN", setFunc: func(c *Config, v string) error {
			if v == "" {
				c.BaseURL = ""
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				return errors.New("must be an absolute http(s) URL without query, e.g. https://treffpunkt.jobcenter-example.de")
			}
			c.BaseURL = strings.TrimRight(v, "/")
			return nil
		}},
		{name: "SECRET_KEY", secret: true, help: "at least 32 characters; required in production, generated once into DATA_DIR in development", setFunc: func(c *Config, v string) error {
			if v != "" && len(v) < 32 {
				return fmt.Errorf("must be at least 32 characters long (it has %d); generate one with: openssl rand -hex 32", len(v))
			}
			c.SecretKey = v
			return nil
		}},
		{name: "MAIL_FROM", def: "Treffpunkt <termine@treffpunkt.localhost>", help: "organizer address of all mails; must be a real mailbox (replies go there)", setFunc: func(c *Config, v string) error {
			if _, err := mail.ParseAddress(v); err != nil {
				return fmt.Errorf("must be an e-mail address such as %q (%v)", "Jobcenter Termine <termine@jobcenter-example.de>", err)
			}
			c.MailFrom = v
			return nil
		}},
		{name: "SMTP_URL", secret: true, help: "smtp://user:pass@host:587?tls=starttls, smtps://…:465; empty = write .eml files to MAIL_DIR", setFunc: func(c *Config, v string) error {
			if v == "" {
				c.SMTPURL = ""
				return nil
			}
			// The sender's own parser, so that serve never starts with a
			// URL the mail worker would reject; its errors omit the password.
			if _, err := tpmail.ParseSMTPURL(v); err != nil {
				return fmt.Errorf("%s; or leave it empty to write mails as .eml files", strings.TrimPrefix(err.Error(), "mail: "))
			}
			c.SMTPURL = v
			return nil
		}},
		{name: "DKIM_SELECTOR", help: "DKIM selector published as SELECTOR._domainkey.<domain of MAIL_FROM>; needs SMTP_URL and DKIM_KEY", setFunc: func(c *Config, v string) error {
			if strings.ContainsAny(v, " \t@/") {
				return fmt.Errorf("must be a DNS label such as \"treffpunkt\", not %q", v)
			}
			c.DKIMSelector = v
			return nil
		}},
		{name: "DKIM_KEY", secret: true, help: "DKIM private key (RSA or Ed25519, PEM), usually as DKIM_KEY_FILE", setFunc: func(c *Config, v string) error {
			if v == "" {
				c.DKIMKey = ""
				return nil
			}
			// The sender's own key parser; the sender does not connect yet.
			if _, err := tpmail.NewSMTPSender(tpmail.SMTPConfig{Host: "localhost", Port: 25, TLS: tpmail.TLSNone,
				DKIM: &tpmail.DKIMConfig{Domain: "example.org", Selector: "check", PrivateKeyPEM: []byte(v)}}); err != nil {
				return errors.New("must be an RSA or Ed25519 private key in PEM form (PKCS#1 or PKCS#8)")
			}
			c.DKIMKey = v
			return nil
		}},
		{name: "IMAP_URL", secret: true, help: "imaps://user:pass@host:993/INBOX of the MAIL_FROM mailbox; Accept/Decline from mail clients are recorded; empty = off", setFunc: func(c *Config, v string) error {
			if v == "" {
				c.IMAPURL = ""
				return nil
			}
			if _, err := imapreply.ParseURL(v); err != nil {
				return fmt.Errorf("%s; or leave it empty to ignore replies from mail clients", strings.TrimPrefix(err.Error(), "imapreply: "))
			}
			c.IMAPURL = v
			return nil
		}},
		{name: "MAIL_DIR", help: "folder for .eml files when no SMTP_URL is set; default DATA_DIR/mail", setFunc: func(c *Config, v string) error {
			c.MailDir = v
			return nil
		}},
		{name: "TIMEZONE", def: "Europe/Berlin", help: "IANA time zone of the job centre's events", setFunc: func(c *Config, v string) error {
			loc, err := time.LoadLocation(v)
			if err != nil || v == "" || v == "Local" {
				return fmt.Errorf("must be an IANA time zone name such as Europe/Berlin, not %q", v)
			}
			c.Timezone, c.Location = v, loc
			return nil
		}},
		{name: "AUTO_MIGRATE", def: "true", help: "apply database migrations when serve starts", setFunc: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("must be true or false, not %q", v)
			}
			c.AutoMigrate = b
			return nil
		}},
		{name: "TRUSTED_PROXIES", help: "comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed", setFunc: func(c *Config, v string) error {
			c.TrustedProxies = nil
			for _, p := range strings.Split(v, ",") {
				p = strings.TrimSpace(p)
				if p == "" {
					continue
				}
				if _, err := netip.ParsePrefix(p); err != nil {
					if _, err := netip.ParseAddr(p); err != nil {
						return fmt.Errorf("%q is neither an IP address nor a CIDR range", p)
					}
				}
				c.TrustedProxies = append(c.TrustedProxies, p)
			}
			return nil
		}},
		{name: "SESSION_IDLE", def: "30m", help: "staff sessions end after this much inactivity", setFunc: durationSetter(func(c *Config, d time.Duration) { c.SessionIdle = d })},
		{name: "SESSION_MAX", def: "12h", help: "staff sessions end this long after login, active or not", setFunc: durationSetter(func(c *Config, d time.Duration) { c.SessionMax = d })},
		{name: "REMINDER_HOURS", def: "24", help: "reminders go out this many hours before an interview", setFunc: func(c *Config, v string) error {
			h, err := strconv.Atoi(v)
			if err != nil || h < 1 || h > 168 {
				return fmt.Errorf("must be a whole number of hours from 1 to 168, not %q", v)
			}
			c.ReminderLead = time.Duration(h) * time.Hour
			return nil
		}},
		{name: "FOLLOWUP_WEEKS", def: "8", help: "weeks after an event when employers whose outcome was not final are asked again", setFunc: func(c *Config, v string) error {
			w, err := strconv.Atoi(v)
			if err != nil || w < 1 || w > 52 {
				return fmt.Errorf("must be a whole number of weeks from 1 to 52, not %q", v)
			}
			c.FollowUpAfter = time.Duration(w) * 7 * 24 * time.Hour
			return nil
		}},
		// Travel time = straight line × DETOUR ÷ SPEED_KMH + MIN_MINUTES
		// (docs/planner.md); MAX_MINUTES is the longest trip the shortlist
		// suggests. Defaults: matching.DefaultParams.
		{name: "TRAVEL_DETOUR", def: "1.3", help: "straight-line distance × this = road distance (1.0–3.0); raise it where buses detour", setFunc: func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 1 || f > 3 {
				return fmt.Errorf("must be a number from 1.0 to 3.0 such as 1.3 (with a dot), not %q", v)
			}
			c.TravelDetour = f
			return nil
		}},
		{name: "TRAVEL_SPEED_KMH", def: "30", help: "average door-to-door speed in km/h (bus, train, walking mixed; 3–130)", setFunc: func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 3 || f > 130 {
				return fmt.Errorf("must be a speed in km/h from 3 to 130 such as 30, not %q", v)
			}
			c.TravelSpeedKmH = f
			return nil
		}},
		{name: "TRAVEL_MIN_MINUTES", def: "10", help: "minutes added to every trip: to the stop, waiting, finding the entrance (1–120)", setFunc: func(c *Config, v string) error {
			m, err := strconv.Atoi(v)
			if err != nil || m < 1 || m > 120 {
				return fmt.Errorf("must be a whole number of minutes from 1 to 120, not %q", v)
			}
			c.TravelMinMinutes = m
			return nil
		}},
		{name: "TRAVEL_MAX_MINUTES", def: "60", help: "longest one-way trip the shortlist suggests to an applicant (5–600 minutes)", setFunc: func(c *Config, v string) error {
			m, err := strconv.Atoi(v)
			if err != nil || m < 5 || m > 600 {
				return fmt.Errorf("must be a whole number of minutes from 5 to 600, not %q", v)
			}
			c.TravelMaxMinutes = m
			return nil
		}},
		{name: "IMPORT_MAX_BYTES", def: "5MB", help: "largest CSV file of applicants: bytes, or with KB or MB (1KB–100MB)", setFunc: func(c *Config, v string) error {
			n, err := parseSize(v)
			if err != nil || n < 1<<10 || n > 100<<20 {
				return fmt.Errorf("must be a size from 1KB to 100MB such as 5MB, 512KB or 1048576, not %q", v)
			}
			c.ImportMaxBytes = n
			return nil
		}},
		{name: "IMPORT_MAX_ROWS", def: "10000", help: "most applicants in one CSV import (1–100000)", setFunc: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100000 {
				return fmt.Errorf("must be a whole number from 1 to 100000, not %q", v)
			}
			c.ImportMaxRows = n
			return nil
		}},
		{name: "LOG_LEVEL", def: "info", help: "debug, info, warn or error", setFunc: func(c *Config, v string) error {
			switch v {
			case "debug", "info", "warn", "error":
				c.LogLevel = v
				return nil
			}
			return fmt.Errorf("must be debug, info, warn or error, not %q", v)
		}},
		{name: "LOG_FORMAT", def: "text", help: "text or json", setFunc: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("must be text or json, not %q", v)
			}
			c.LogFormat = v
			return nil
		}},
	}
}

// parseSize reads a byte count such as 1048576, 512KB or 5MB (KB = 1024
// bytes, case-insensitive).
func parseSize(v string) (int64, error) {
	s, unit := strings.ToUpper(strings.TrimSpace(v)), int64(1)
	switch {
	case strings.HasSuffix(s, "MB"):
		s, unit = strings.TrimSpace(strings.TrimSuffix(s, "MB")), 1<<20
	case strings.HasSuffix(s, "KB"):
		s, unit = strings.TrimSpace(strings.TrimSuffix(s, "KB")), 1<<10
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1<<40/unit {
		return 0, fmt.Errorf("size %q", v)
	}
	return n * unit, nil
}

func durationSetter(set func(*Config, time.Duration)) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("must be a positive duration such as 30m or 12h, not %q", v)
		}
		set(c, d)
		return nil
	}
}

// ConfigError lists every invalid variable at once, so an operator fixes them
// in one go instead of one restart per mistake.
type ConfigError struct{ Problems []string }

func (e *ConfigError) Error() string {
	return "invalid configuration:\n  " + strings.Join(e.Problems, "\n  ")
}

// loadConfig reads the configuration from getenv. readFile reads *_FILE
// secrets. It does not touch the file system otherwise; see prepareDataDir.
func loadConfig(getenv func(string) string, readFile func(string) ([]byte, error)) (*Config, error) {
	c := &Config{}
	var problems []string
	for _, o := range options() {
		name := envPrefix + o.name
		v, set := getenv(name), getenv(name) != ""
		if o.secret {
			if path := getenv(name + "_FILE"); path != "" {
				if set {
					problems = append(problems, fmt.Sprintf("%s and %s_FILE are both set: set only one", name, name))
					continue
				}
				b, err := readFile(path)
				if err != nil {
					problems = append(problems, fmt.Sprintf("%s_FILE: cannot read %s: %v", name, path, err))
					continue
				}
				v, set = strings.TrimRight(string(b), "\r\n"), true
			}
		}
		if !set {
			v = o.def
		}
		if err := o.setFunc(c, v); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
		}
	}
	if len(problems) == 0 {
		if c.MailDir == "" {
			c.MailDir = filepath.Join(c.DataDir, "mail")
		}
		if c.BaseURL == "" {
			c.BaseURL = "http://" + c.Listen
		}
		if c.Env == envProduction && c.SecretKey == "" {
			problems = append(problems, envPrefix+"SECRET_KEY: required when TREFFPUNKT_ENV=production (at least 32 characters; generate one with: openssl rand -hex 32)")
		}
		if (c.DKIMSelector == "") != (c.DKIMKey == "") || (c.DKIMKey != "" && c.SMTPURL == "") {
			problems = append(problems, envPrefix+"DKIM_SELECTOR and "+envPrefix+"DKIM_KEY: set both, and only together with "+envPrefix+"SMTP_URL (files in MAIL_DIR are not signed)")
		}
		if c.SessionIdle > c.SessionMax {
			problems = append(problems, fmt.Sprintf("%sSESSION_IDLE (%s) must not be longer than %sSESSION_MAX (%s)", envPrefix, c.SessionIdle, envPrefix, c.SessionMax))
		}
	}
	if len(problems) > 0 {
		return nil, &ConfigError{Problems: problems}
	}
	return c, nil
}

// secureCookies reports whether cookies must carry the Secure flag: the
// public URL is HTTPS even when TLS ends at a proxy in front of us.
func (c *Config) secureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// prepareDataDir creates DATA_DIR and, in development, loads or creates the
// secret key kept there so sessions and links survive a restart.
func (c *Config) prepareDataDir() error {
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return fmt.Errorf("config: create %sDATA_DIR %s: %w", envPrefix, c.DataDir, err)
	}
	if c.SecretKey != "" {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	b, err := os.ReadFile(path)
	switch {
	case err == nil && len(strings.TrimSpace(string(b))) >= 32:
		c.SecretKey = strings.TrimSpace(string(b))
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("config: read development secret %s: %w", path, err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("config: generate secret: %w", err)
	}
	c.SecretKey = hex.EncodeToString(raw)
	if err := os.WriteFile(path, []byte(c.SecretKey+"\n"), 0o600); err != nil {
		return fmt.Errorf("config: store development secret %s: %w", path, err)
	}
	c.secretGenerated = true
	return nil
}

// redacted lists the configuration as NAME=value lines with secrets hidden.
func (c *Config) redacted() []string {
	values := map[string]string{
		"ENV": c.Env, "DATABASE_URL": redactURL(c.DatabaseURL), "DATA_DIR": c.DataDir,
		"LISTEN": c.Listen, "BASE_URL": c.BaseURL, "SECRET_KEY": redactSecret(c.SecretKey),
		"MAIL_FROM": c.MailFrom, "SMTP_URL": redactURL(c.SMTPURL), "IMAP_URL": redactURL(c.IMAPURL), "MAIL_DIR": c.MailDir,
		"DKIM_SELECTOR": c.DKIMSelector, "DKIM_KEY": redactSecret(c.DKIMKey),
		"TIMEZONE": c.Timezone, "AUTO_MIGRATE": strconv.FormatBool(c.AutoMigrate),
		"TRUSTED_PROXIES": strings.Join(c.TrustedProxies, ","), "SESSION_IDLE": c.SessionIdle.String(),
		"SESSION_MAX": c.SessionMax.String(), "REMINDER_HOURS": strconv.Itoa(int(c.ReminderLead / time.Hour)), "FOLLOWUP_WEEKS": strconv.Itoa(int(c.FollowUpAfter / (7 * 24 * time.Hour))), "LOG_LEVEL": c.LogLevel, "LOG_FORMAT": c.LogFormat,
	}
	values["TRAVEL_DETOUR"] = strconv.FormatFloat(c.TravelDetour, 'f', -1, 64)
	values["TRAVEL_SPEED_KMH"] = strconv.FormatFloat(c.TravelSpeedKmH, 'f', -1, 64)
	values["TRAVEL_MIN_MINUTES"] = strconv.Itoa(c.TravelMinMinutes)
	values["TRAVEL_MAX_MINUTES"] = strconv.Itoa(c.TravelMaxMinutes)
	values["IMPORT_MAX_BYTES"] = strconv.FormatInt(c.ImportMaxBytes, 10)
	values["IMPORT_MAX_ROWS"] = strconv.Itoa(c.ImportMaxRows)
	lines := make([]string, 0, len(values))
	for k, v := range values {
		lines = append(lines, envPrefix+k+"="+v)
	}
	sort.Strings(lines)
	return lines
}

func redactSecret(s string) string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// redactURL keeps what helps debugging (scheme, host, database) and hides
// the password, which is the one part that must never reach a log.
func redactURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return "[redacted]"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "redacted")
	}
	q := u.Query()
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			q.Set(k, "redacted")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
