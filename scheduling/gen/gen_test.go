package gen_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"treffpunkt/scheduling"
	"treffpunkt/scheduling/gen"
)

func TestGenerate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		cfg        gen.Config
		offsets    []string // offsets that must appear (DST)
		wantFixed  bool
		wantOnSite bool
	}{
		{"fair", gen.Config{Seed: 1, Applicants: 50, Employers: 6}, []string{"+01:00"}, false, false},
		{"on-site across DST", gen.Config{Seed: 2, Applicants: 80, Employers: 10, OnSite: true, Days: 5,
			Start: time.Date(2025, 3, 28, 0, 0, 0, 0, berlin), FixedMeetings: 4}, []string{"+01:00", "+02:00"}, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := json.Marshal(gen.Generate(tc.cfg))
			b, _ := json.Marshal(gen.Generate(tc.cfg))
			if !bytes.Equal(a, b) {
				t.Fatal("same config gave different instances")
			}
			p, err := scheduling.ParseProblem(bytes.NewReader(a))
			if err != nil {
				t.Fatalf("generated instance does not parse: %v", err)
			}
			if len(p.Applicants) != tc.cfg.Applicants || len(p.Employers) != tc.cfg.Employers || len(p.Candidates) == 0 {
				t.Errorf("got %d applicants, %d employers, %d candidates", len(p.Applicants), len(p.Employers), len(p.Candidates))
			}
			for _, off := range tc.offsets {
				if !strings.Contains(string(a), off) {
					t.Errorf("no instant with offset %s", off)
				}
			}
			if tc.wantFixed != (len(p.FixedMeetings) > 0) {
				t.Errorf("fixed meetings: %d", len(p.FixedMeetings))
			}
			if vs := scheduling.Validate(p, &scheduling.Schedule{Meetings: p.FixedMeetings}); len(vs) > 0 {
				t.Errorf("generated fixed meetings are infeasible: %v", vs[0])
			}
			premises := strings.Contains(string(a), `"kind":"premises"`)
			if premises != tc.wantOnSite {
				t.Errorf("premises present = %v, want %v", premises, tc.wantOnSite)
			}
			for i, row := range p.Travel.Minutes {
				for j := range row {
					if row[j] != p.Travel.Minutes[j][i] {
						t.Fatalf("travel matrix not symmetric at %d,%d", i, j)
					}
				}
			}
		})
	}
}
