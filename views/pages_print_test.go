package views

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"
)

// sheetKey finds the sheet strings of the print templates: st $l "key".
var sheetKey = regexp.MustCompile(`\bst \$l "([^"]+)"`)

func TestPrintTemplateKeysExist(t *testing.T) {
	staff := localeKeys(t)
	sheet := map[string]map[string]bool{}
	names, err := fs.Glob(LocalesFS(), "applicantpage/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(LocalesFS(), n)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		lang := LocaleFileLanguage(n)
		if sheet[lang] == nil {
			sheet[lang] = map[string]bool{}
		}
		for k := range m {
			sheet[lang][k] = true
		}
	}
	tnames, err := fs.Glob(TemplatesFS(), "print/*.html")
	if err != nil || len(tnames) != 3 {
		t.Fatalf("print templates: %v, %v", tnames, err)
	}
	found := map[string]int{}
	for _, n := range tnames {
		b, err := fs.ReadFile(TemplatesFS(), n)
		if err != nil {
			t.Fatal(err)
		}
		for _, check := range []struct {
			kind    string
			re      *regexp.Regexp
			locales map[string]map[string]bool
		}{{"staff", templateKey, staff}, {"sheet", sheetKey, sheet}} {
			for _, m := range check.re.FindAllStringSubmatch(string(b), -1) {
				found[check.kind]++
				for lang, keys := range check.locales {
					if !keys[m[1]] {
						t.Errorf("%s uses %s key %q that locale %s lacks", n, check.kind, m[1], lang)
					}
				}
			}
		}
	}
	if found["staff"] < 10 || found["sheet"] < 10 {
		t.Errorf("found only %v keys; is the pattern broken?", found)
	}
	for _, lang := range []string{"de", "en", "uk", "ar"} {
		if len(sheet[lang]) == 0 {
			t.Errorf("no sheet strings in %s", lang)
		}
	}
}

func TestPrintPagesRender(t *testing.T) {
	a, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	staff, err := NewTranslator(LocalesFS())
	if err != nil {
		t.Fatal(err)
	}
	ap, err := NewApplicantPages(a)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPrintPages(staff, ap.Translator(), a)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	item := PrintSheetItem{Start: start, End: start.Add(20 * time.Minute), Employer: "Sonnenhof", Address: "Lindenweg 3, 92224 Amberg", Status: "invited"}
	tests := []struct {
		sheetLang string
		want      []string
	}{
		{"ar", []string{`lang="ar" dir="rtl"`, "خطة يومك: Hala", "الأربعاء", "صاحب العمل", "09621 3900-0"}},
		{"uk", []string{`lang="uk" dir="ltr"`, "Ваш план на день: Hala", "середа, 2 грудня 2026", "Роботодавець"}},
		{"de", []string{`lang="de" dir="ltr"`, "Laufzettel: Hala", "Mittwoch, 2. Dezember 2026", "09:00 Uhr"}},
		{"xx", []string{`lang="de" dir="ltr"`, "Laufzettel: Hala"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheetLang, func(t *testing.T) {
			lang := p.SheetLanguage(tt.sheetLang)
			page := PrintApplicantsPage{PrintFrame: p.Frame("de"), Sheets: []PrintSheet{{Lang: lang, Dir: p.SheetDir(lang), Name: "Hala", Items: []PrintSheetItem{item}}}}
			page.CentrePhone = "09621 3900-0"
			body, err := p.Render("de", PagePrintApplicants, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("sheet lacks %q", w)
				}
			}
			if strings.Contains(string(body), "ps.") || strings.Contains(string(body), "ap.") {
				t.Errorf("untranslated key in %s sheet", tt.sheetLang)
			}
		})
	}
}
