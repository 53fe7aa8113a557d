package schedulecmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"treffpunkt/scheduling"
	"treffpunkt/scheduling/gen"
	"treffpunkt/scheduling/schedulecmd"
)

func instance(t *testing.T) []byte {
	t.Helper()
	b, err := json.Marshal(gen.Generate(gen.Config{Seed: 2, Applicants: 60, Employers: 8, OnSite: true}))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func run(stdin []byte, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := schedulecmd.Run(context.Background(), args, bytes.NewReader(stdin), &out, &errb, false)
	return code, out.String(), errb.String()
}

func TestBadInputExitsTwoWithPath(t *testing.T) {
	good := instance(t)
	dir := t.TempDir()
	bad := strings.Replace(string(good), `"slot_minutes":`, `"slot_minutes":-`, 1)
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin []byte
		args  []string
		want  string
	}{
		{"bad field in file", nil, []string{"--input", filepath.Join(dir, "bad.json"), "--output", "-"}, "bad.json: employers[0].tables[0].slot_minutes"},
		{"not JSON on stdin", []byte("{"), []string{"--input", "-", "--output", "-"}, "<stdin>: invalid JSON"},
		{"missing file", nil, []string{"--input", filepath.Join(dir, "none.json"), "--output", "-"}, "none.json"},
		{"no input flag", nil, []string{"--output", "-"}, "--input and --output are required"},
		{"unknown flag", nil, []string{"--inptu", "x"}, "flag provided but not defined"},
		{"bad duration", good, []string{"--input", "-", "--output", "-", "--time-limit", "soon"}, "invalid value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(tc.stdin, tc.args...)
			if code != schedulecmd.ExitBadInput {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errs)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr %q does not contain %q", errs, tc.want)
			}
			if out != "" {
				t.Errorf("wrote to stdout on bad input: %q", out)
			}
		})
	}
}

func TestStdinStdoutAndDeterminism(t *testing.T) {
	in := instance(t)
	code1, out1, errs := run(in, "--input", "-", "--output", "-", "--seed", "3")
	if code1 != 0 {
		t.Fatalf("exit %d: %s", code1, errs)
	}
	if errs != "" {
		t.Errorf("stderr is not a terminal, yet got %q", errs)
	}
	_, out2, _ := run(in, "--input", "-", "--output", "-", "--seed", "3", "--time-limit", "30s")
	if out1 != out2 {
		t.Error("same input, seed and limit gave different bytes")
	}
	p, err := scheduling.ParseProblem(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var s scheduling.Schedule
	if err := json.Unmarshal([]byte(out1), &s); err != nil {
		t.Fatal(err)
	}
	if vs := scheduling.Validate(p, &s); len(vs) > 0 {
		t.Errorf("command wrote an infeasible schedule: %v", vs[0])
	}
	if len(s.Meetings) == 0 {
		t.Error("no meetings planned")
	}

	dir := t.TempDir()
	inFile, outFile := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	if err := os.WriteFile(inFile, in, 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := run(nil, "--input", inFile, "--output", outFile, "--seed", "3")
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != out1 {
		t.Error("file output differs from stdout output")
	}
}

func TestProgressOnlyOnTerminal(t *testing.T) {
	var out, errb bytes.Buffer
	code := schedulecmd.Run(context.Background(), []string{"--input", "-", "--output", "-"}, bytes.NewReader(instance(t)), &out, &errb, true)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "objective") {
		t.Errorf("no progress line on a terminal: %q", errb.String())
	}
	p, err := scheduling.ParseProblem(bytes.NewReader(instance(t)))
	if err != nil {
		t.Fatal(err)
	}
	var s scheduling.Schedule
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if vs := scheduling.Validate(p, &s); len(vs) > 0 {
		t.Errorf("infeasible: %v", vs[0])
	}
}

func TestFixedMeetingConflictExitsTwo(t *testing.T) {
	p := gen.Generate(gen.Config{Seed: 4, Applicants: 30, Employers: 5, FixedMeetings: 1})
	if len(p.FixedMeetings) == 0 {
		t.Fatal("generator pinned no meeting")
	}
	dup := p.FixedMeetings[0]
	dup.Start = dup.Start.Add(60 * 1e9) // one minute off the grid
	dup.End = dup.End.Add(60 * 1e9)
	p.FixedMeetings = append(p.FixedMeetings, dup)
	b, _ := json.Marshal(p)
	code, _, errs := run(b, "--input", "-", "--output", "-")
	if code != schedulecmd.ExitBadInput || !strings.Contains(errs, "fixed_meetings[1]") {
		t.Errorf("exit %d, stderr %q: want 2 naming fixed_meetings[1]", code, errs)
	}
}

// BenchmarkCommand20k runs the whole command (read, parse, solve, write) on
// a 20,000-applicant on-site instance written to a file.
func BenchmarkCommand20k(b *testing.B) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	p := gen.Generate(gen.Config{Seed: 1, Applicants: 20000, Employers: 1000, OnSite: true, Days: 5,
		Start: time.Date(2025, 3, 28, 0, 0, 0, 0, berlin)})
	data, err := json.Marshal(p)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	in, out := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		b.Fatal(err)
	}
	p = nil
	for b.Loop() {
		var errb bytes.Buffer
		if code := schedulecmd.Run(context.Background(), []string{"--input", in, "--output", out}, nil, io.Discard, &errb, false); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
	b.StopTimer()
	q, err := scheduling.ParseProblem(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	var s scheduling.Schedule
	if err := json.Unmarshal(raw, &s); err != nil {
		b.Fatal(err)
	}
	if vs := scheduling.Validate(q, &s); len(vs) > 0 {
		b.Fatalf("infeasible: %v", vs[0])
	}
	b.ReportMetric(float64(len(data))/(1<<20), "input_MB")
}

func TestHelpExitsZero(t *testing.T) {
	code, out, errs := run(nil, "--help")
	if code != 0 || out != "" || !strings.Contains(errs, "usage: treffpunkt schedule") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
