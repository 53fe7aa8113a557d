package views

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestApplicantLocalesComplete: the applicant page speaks exactly de, en,
// uk and ar, each with every key, no key twice, Arabic right to left.
func TestApplicantLocalesComplete(t *testing.T) {
	lfs, err := fs.Sub(LocalesFS(), "applicantpage")
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(lfs, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]map[string]string{}
	for _, n := range names {
		b, err := fs.ReadFile(lfs, n)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		lang := LocaleFileLanguage(n)
		if keys[lang] == nil {
			keys[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := keys[lang][k]; dup {
				t.Errorf("%s: key %q defined twice", n, k)
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: key %q is empty", n, k)
			}
			keys[lang][k] = v
		}
	}
	var langs []string
	for l := range keys {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	if strings.Join(langs, ",") != "ar,de,en,uk" {
		t.Fatalf("languages = %v", langs)
	}
	for _, l := range langs {
		for k := range keys["de"] {
			if _, ok := keys[l][k]; !ok {
				t.Errorf("%s lacks %q", l, k)
			}
		}
		if len(keys[l]) != len(keys["de"]) {
			t.Errorf("%s has %d keys, de has %d", l, len(keys[l]), len(keys["de"]))
		}
	}
	if keys["ar"]["meta.dir"] != "rtl" || keys["uk"]["meta.dir"] != "ltr" {
		t.Error("writing directions are wrong")
	}
	// Every literal key of the templates exists.
	tfs, err := fs.Sub(TemplatesFS(), "applicantpage")
	if err != nil {
		t.Fatal(err)
	}
	tnames, _ := fs.Glob(tfs, "*.html")
	found := 0
	for _, n := range tnames {
		b, _ := fs.ReadFile(tfs, n)
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, ok := keys["de"][m[1]]; !ok {
				t.Errorf("%s uses unknown key %q", n, m[1])
			}
		}
	}
	if found < 20 {
		t.Errorf("found only %d keys in the applicant templates", found)
	}
}

func TestApplicantPagesRender(t *testing.T) {
	a, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewApplicantPages(a)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	stepFree := true
	tests := []struct {
		lang string
		want []string
	}{
		{"de", []string{`lang="de" dir="ltr"`, "Mittwoch, 2. Dezember 2026", "09:00 Uhr bis 09:20 Uhr", "Ja, ich komme"}},
		{"ar", []string{`lang="ar" dir="rtl"`, "الأربعاء", "نعم، سأحضر"}},
		{"uk", []string{`lang="uk"`, "середа, 2 грудня 2026", "Так, я прийду"}},
		{"en", []string{"Wednesday, 2 December 2026", "Yes, I will come"}},
	}
	for _, tt := range tests {
		page := ApplicantPlanPage{ApplicantFrame: p.Frame(tt.lang, "/a/x"), CSRF: "c", FirstName: "Olena", EventTitle: "Speed-Dating",
			Interviews: []ApplicantPlanItem{{ID: 7, Start: start, End: start.Add(20 * time.Minute), Employer: `Firma "XY"`,
				Address: "Lindenweg 3, 92224 Amberg", StepFree: &stepFree, StatusKey: "ap.status.invited", Open: true, Active: true,
				ActionBase: "/a/x", CalendarURL: "/a/x/calendar.ics?interview=7", QRURL: "/a/x/qr.svg?interview=7", CheckinCode: "ABCDEF"}}}
		body, err := p.Render(tt.lang, PageApplicantPlan, page)
		if err != nil {
			t.Fatalf("%s: %v", tt.lang, err)
		}
		s := string(body)
		for _, w := range tt.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: page lacks %q", tt.lang, w)
			}
		}
		if strings.Contains(s, "style=") || strings.Contains(s, "<script") || strings.Contains(s, "ap.") {
			t.Errorf("%s: inline style or script, or an untranslated key", tt.lang)
		}
		if !strings.Contains(s, "Firma &#34;XY&#34;") {
			t.Errorf("%s: employer name not escaped", tt.lang)
		}
	}
}
