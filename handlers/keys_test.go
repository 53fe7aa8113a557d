package handlers

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"treffpunkt/views"
)

// handlerKey finds translation keys the handlers pass to pages as literals.
var handlerKey = regexp.MustCompile(`"((?:login|staff\.error|error)\.[a-z0-9_.]+)"`)

// TestHandlerKeysExist checks the keys handlers hand to templates (error
// messages of forms and of the login), which the template scan cannot see.
func TestHandlerKeysExist(t *testing.T) {
	// Keys per language, merged over the area files (<area>.<lang>.json).
	locales := map[string]map[string]any{}
	names, err := fs.Glob(views.LocalesFS(), "*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(views.LocalesFS(), n)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		lang := views.LocaleFileLanguage(n)
		if locales[lang] == nil {
			locales[lang] = map[string]any{}
		}
		for k, v := range m {
			locales[lang][k] = v
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range handlerKey.FindAllStringSubmatch(string(src), -1) {
			found++
			for n, keys := range locales {
				if _, ok := keys[m[1]]; !ok {
					t.Errorf("%s uses %q, which locale %s lacks", f, m[1], n)
				}
			}
		}
	}
	if found < 8 {
		t.Fatalf("found only %d keys in handlers; is the pattern broken?", found)
	}
}
