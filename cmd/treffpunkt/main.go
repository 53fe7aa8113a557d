// Command treffpunkt runs the Treffpunkt web application and its tools.
//
//	treffpunkt serve [--demo]   run the web application (with demo data)
//	treffpunkt migrate          apply database migrations and exit
//	treffpunkt schedule …       solve a planner instance (see docs/planner.md)
//	treffpunkt config           print the effective configuration, secrets redacted
//	treffpunkt healthcheck      probe /healthz of a running server (container HEALTHCHECK)
//	treffpunkt version          print the version
//
// main only wires: configuration → database → migrations → dependencies →
// serve → ordered shutdown. Everything else lives in the packages.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	// The zone database is embedded so Europe/Berlin works in a distroless
	// container and on hosts without tzdata; calendar invitations depend on it.
	_ "time/tzdata"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes: 2 means the operator gave us something we cannot use
// (configuration, flags, input), 1 any other failure.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout, stderr)
	case "schedule":
		return cmdSchedule(ctx, rest, stdin, stdout, stderr)
	case "healthcheck":
		return cmdHealthcheck(ctx, stderr)
	case "config":
		return cmdConfig(stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "treffpunkt", version)
		return exitOK
	case "help", "-h", "--help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "treffpunkt: unknown command %q\n\n", cmd)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: treffpunkt <command> [flags]

Commands:
  serve [--demo]   run the web application; --demo loads demo data first
  migrate          apply database migrations and exit
  schedule         solve a planner instance: --input FILE --output FILE [--time-limit 30s] [--seed 1]
  config           print the effective configuration (secrets redacted)
  healthcheck      exit 0 when the server on TREFFPUNKT_LISTEN answers /healthz (for containers)
  version          print the version

Configuration comes from TREFFPUNKT_* environment variables; see README.md.
`)
}

// mustConfig loads the configuration and reports every problem at once.
func mustConfig(stderr io.Writer) (*Config, int) {
	cfg, err := loadConfig(os.Getenv, os.ReadFile)
	if err != nil {
		fmt.Fprintln(stderr, "treffpunkt:", err)
		return nil, exitUsage
	}
	return cfg, exitOK
}

func cmdConfig(stdout, stderr io.Writer) int {
	cfg, code := mustConfig(stderr)
	if cfg == nil {
		return code
	}
	for _, line := range cfg.redacted() {
		fmt.Fprintln(stdout, line)
	}
	return exitOK
}
