package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestCommandsOnEmbeddedDatabase runs the binary's commands in-process the
// way an operator would: serve refuses an unmigrated schema when told not to
// migrate, migrate fixes that, serve --demo starts, loads demo data once and
// stops cleanly on a signal.
func TestCommandsOnEmbeddedDatabase(t *testing.T) {
	t.Setenv("TREFFPUNKT_DATA_DIR", t.TempDir())
	t.Setenv("TREFFPUNKT_LISTEN", "127.0.0.1:0")

	t.Setenv("TREFFPUNKT_AUTO_MIGRATE", "false")
	code, _, stderr := runCommand(t, time.Minute, "serve")
	if code != exitUsage || !strings.Contains(stderr, "treffpunkt migrate") {
		t.Fatalf("serve on an empty database without auto-migrate: exit %d, stderr %q; want exit 2 naming `treffpunkt migrate`", code, stderr)
	}

	code, stdout, stderr := runCommand(t, time.Minute, "migrate")
	if code != exitOK || !strings.Contains(stdout, "schema version") {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = runCommand(t, time.Minute, "migrate", "--status")
	if code != exitOK || !strings.Contains(stdout, "sqlite") {
		t.Fatalf("migrate --status: exit %d, stdout %q", code, stdout)
	}

	for i, want := range []string{"employers", "already present"} {
		code, stdout, stderr = runCommand(t, 3*time.Second, "serve", "--demo")
		if code != exitOK {
			t.Fatalf("serve --demo run %d: exit %d, stderr %q", i+1, code, stderr)
		}
		if !strings.Contains(stdout, want) || !strings.Contains(stdout, "treffpunkt-demo") {
			t.Errorf("serve --demo run %d: output does not say %q and the demo password:\n%s", i+1, want, stdout)
		}
	}
}

func TestCommandErrors(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		code int
		want string
	}{
		{nil, nil, exitUsage, "Usage"},
		{[]string{"frobnicate"}, nil, exitUsage, "unknown command"},
		{[]string{"serve", "--no-such-flag"}, nil, exitUsage, "no-such-flag"},
		{[]string{"serve"}, map[string]string{"TREFFPUNKT_TIMEZONE": "Mars/Base"}, exitUsage, "TREFFPUNKT_TIMEZONE"},
		{[]string{"config"}, map[string]string{"TREFFPUNKT_SMTP_URL": "smtp://u:topsecret@mail:587"}, exitOK, "u:redacted@mail"},
		{[]string{"schedule"}, nil, exitUsage, "--input and --output are required"},
		{[]string{"schedule", "--input", "/nonexistent.json", "--output", "-"}, nil, exitUsage, "nonexistent.json"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, "_"), func(t *testing.T) {
			t.Setenv("TREFFPUNKT_DATA_DIR", t.TempDir())
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runCommand(t, time.Minute, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.want) {
				t.Errorf("output does not mention %q:\n%s%s", tt.want, stdout, stderr)
			}
			if strings.Contains(stdout+stderr, "topsecret") {
				t.Errorf("a secret reached the output")
			}
		})
	}
}

// runCommand runs the binary's run function with a context that ends after
// d, the way SIGTERM ends a real server.
func runCommand(t *testing.T, d time.Duration, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}
