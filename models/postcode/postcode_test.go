package postcode

import (
	"bytes"
	"compress/gzip"
	"slices"
	"testing"
)

func TestBundledTable(t *testing.T) {
	tab, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 8168 {
		t.Errorf("Len = %d, want 8168", tab.Len())
	}
	for _, tc := range []struct {
		code  string
		known bool
		town  string
	}{
		{"10115", true, "Berlin"},
		{"52062", true, "Aachen"},
		{"92224", true, "Amberg"},
		{"71332", true, "Waiblingen"},
		{"00000", false, ""},
		{"9922", false, ""},
		{"abcde", false, ""},
	} {
		if got := tab.Known(tc.code); got != tc.known {
			t.Errorf("Known(%q) = %v, want %v", tc.code, got, tc.known)
		}
		towns := tab.Towns(tc.code)
		if tc.known && !slices.Contains(towns, tc.town) {
			t.Errorf("Towns(%q) = %v, want %q among them", tc.code, towns, tc.town)
		}
		if !tc.known && towns != nil {
			t.Errorf("Towns(%q) = %v, want nil", tc.code, towns)
		}
	}
	towns := tab.Towns("10115")
	towns[0] = "changed"
	if tab.Towns("10115")[0] != "Berlin" {
		t.Error("Towns exposes the table's own slice")
	}
}

func TestValidFormat(t *testing.T) {
	for code, want := range map[string]bool{"01067": true, "1067": false, "010671": false, "0106a": false, "": false, " 01067": false} {
		if got := ValidFormat(code); got != want {
			t.Errorf("ValidFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestMalformedTable(t *testing.T) {
	for name, body := range map[string]string{
		"no tab":      "10115 Berlin\n",
		"bad code":    "1011\tBerlin\n",
		"empty towns": "10115\t\n",
	} {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := parse(buf.Bytes()); err == nil {
			t.Errorf("%s: parse accepted %q", name, body)
		}
	}
	if _, err := parse([]byte("not gzip")); err == nil {
		t.Error("parse accepted data that is not gzip")
	}
}
