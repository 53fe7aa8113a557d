// Package schedulecmd is the `treffpunkt schedule` subcommand (FORMAT.md §5):
// it reads an instance, solves it and writes the schedule. main only detects
// whether standard error is a terminal and calls Run.
package schedulecmd

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"treffpunkt/scheduling"
)

// Exit codes of Run.
const (
	ExitOK       = 0
	ExitFailure  = 1
	ExitBadInput = 2
)

// Run executes `treffpunkt schedule` with args (the flags after "schedule").
// It returns 0 with a feasible schedule written, 2 for bad input (the message
// names the file and JSON path), 1 for other failures. With the same input,
// seed and time limit the output is byte-for-byte the same, as long as the
// time limit is not reached (the search effort is an iteration budget; the
// limit is a safety stop). Progress goes to stderr only when stderrIsTerminal.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, stderrIsTerminal bool) int {
	fs := flag.NewFlagSet("schedule", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "instance JSON file, - for standard input")
	output := fs.String("output", "", "schedule JSON file, - for standard output")
	limit := fs.Duration("time-limit", 30*time.Second, "safety stop for the search (0 = none); the best schedule found so far is written")
	seed := fs.Int64("seed", 1, "random seed; the same input, seed and limit give the same schedule")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: treffpunkt schedule --input instance.json --output schedule.json [--time-limit 30s] [--seed 1]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "schedule: unexpected argument %q\n", fs.Arg(0))
		return ExitBadInput
	}
	if *input == "" || *output == "" {
		fmt.Fprintln(stderr, "schedule: --input and --output are required (use - for standard input/output)")
		return ExitBadInput
	}
	if *limit < 0 {
		fmt.Fprintln(stderr, "schedule: --time-limit must not be negative")
		return ExitBadInput
	}

	name := *input
	var in io.Reader = stdin
	if name == "-" {
		name = "<stdin>"
	} else {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "schedule: %v\n", err)
			return ExitBadInput
		}
		defer f.Close()
		in = f
	}
	p, err := scheduling.ParseProblem(in)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitBadInput
	}

	opt := scheduling.Options{Seed: *seed, TimeLimit: *limit, Now: time.Now}
	if stderrIsTerminal {
		opt.Progress = func(pr scheduling.Progress) {
			fmt.Fprintf(stderr, "\r%-12s %8d/%-8d objective %d bound %d covered %d/%d  %.1fs   ",
				pr.Phase, pr.Iteration, pr.Budget, pr.Objective, pr.Bound, pr.Covered, pr.Population, pr.Elapsed.Seconds())
			if pr.Phase == "done" {
				fmt.Fprintln(stderr)
			}
		}
	}
	s, err := scheduling.Solve(ctx, p, opt)
	var fe *scheduling.FixedMeetingError
	switch {
	case errors.As(err, &fe):
		fmt.Fprintf(stderr, "%s: fixed meetings break hard rules:\n", name)
		for _, v := range fe.Violations {
			fmt.Fprintf(stderr, "  fixed_meetings[%d]: %s: %s\n", v.Meeting, v.Rule, v.Message)
		}
		return ExitBadInput
	case err != nil:
		fmt.Fprintf(stderr, "schedule: %v\n", err)
		return ExitFailure
	}
	if s.Stats != nil {
		if stderrIsTerminal {
			fmt.Fprintf(stderr, "%d meetings, objective %d, %d ms\n", s.Stats.Meetings, s.Stats.Objective, s.Stats.RuntimeMS)
		}
		s.Stats.RuntimeMS = 0 // keep the file reproducible
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "schedule: encode: %v\n", err)
		return ExitFailure
	}
	data = append(data, '\n')
	if *output == "-" {
		if _, err := stdout.Write(data); err != nil {
			fmt.Fprintf(stderr, "schedule: write: %v\n", err)
			return ExitFailure
		}
		return ExitOK
	}
	if err := writeAtomic(*output, data); err != nil {
		fmt.Fprintf(stderr, "schedule: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}

// writeAtomic writes via a temporary file and rename, so a failed run never
// leaves a half-written schedule behind.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".schedule-*.json")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
