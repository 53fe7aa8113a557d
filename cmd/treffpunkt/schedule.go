package main

import (
	"context"
	"io"
	"os"

	"golang.org/x/term"

	"treffpunkt/scheduling/schedulecmd"
)

// cmdSchedule runs the planner on a FORMAT.md instance (docs/planner.md).
// Progress lines only make sense for a person watching, so they go to
// standard error only when it is a terminal.
func cmdSchedule(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	isTerminal := false
	if f, ok := stderr.(*os.File); ok {
		isTerminal = term.IsTerminal(int(f.Fd()))
	}
	return schedulecmd.Run(ctx, args, stdin, stdout, stderr, isTerminal)
}
