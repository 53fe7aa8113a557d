package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// minimum is one row of docs/dependencies.md: a module and the lowest
// version that carries its security fixes.
type minimum struct {
	module, version string
}

// readMinimums parses the table between the marker comments of
// docs/dependencies.md, so the document is the only list there is.
func readMinimums(doc []byte) ([]minimum, error) {
	var out []minimum
	in := false
	sc := bufio.NewScanner(bytes.NewReader(doc))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "<!-- minimum-versions:begin -->":
			in = true
			continue
		case line == "<!-- minimum-versions:end -->":
			if len(out) == 0 {
				return nil, fmt.Errorf("line %d: the minimum-versions table is empty", n)
			}
			return out, nil
		case !in || !strings.HasPrefix(line, "|"):
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 3 {
			return nil, fmt.Errorf("line %d: want | module | minimum | why |, got %q", n, line)
		}
		mod, ver := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1])
		if mod == "module" || strings.HasPrefix(mod, "---") {
			continue // header and separator
		}
		if !semver.IsValid(ver) || semver.Canonical(ver) != ver {
			return nil, fmt.Errorf("line %d: %s: %q is not a full semantic version like v1.2.3", n, mod, ver)
		}
		out = append(out, minimum{mod, ver})
	}
	return nil, fmt.Errorf("docs/dependencies.md: no <!-- minimum-versions:begin/end --> table")
}

// belowMinimum returns one message per module whose version in versions
// is lower than its minimum, or that versions does not hold at all (a row
// for a module we no longer use is a stale row). source names where the
// versions come from.
func belowMinimum(mins []minimum, versions map[string]string, source string, requireAll bool) []string {
	var problems []string
	for _, m := range mins {
		v, ok := versions[m.module]
		if !ok {
			if requireAll {
				problems = append(problems, fmt.Sprintf("%s: not in %s; remove its row from docs/dependencies.md", m.module, source))
			}
			continue
		}
		if semver.Compare(v, m.version) < 0 {
			problems = append(problems, fmt.Sprintf("%s %s in %s is below the security minimum %s (docs/dependencies.md)", m.module, v, source, m.version))
		}
	}
	return problems
}

// goModVersions returns the required version of every module in go.mod,
// with replacements applied.
func goModVersions(data []byte) (map[string]string, error) {
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range f.Require {
		out[r.Mod.Path] = r.Mod.Version
	}
	for _, r := range f.Replace {
		if r.New.Version != "" && (r.Old.Version == "" || out[r.Old.Path] == r.Old.Version) {
			out[r.Old.Path] = r.New.Version
		}
	}
	return out, nil
}

// TestDependencyMinimums holds go.mod and the versions Go actually selects
// to the floors of docs/dependencies.md (issue 8, part 6).
func TestDependencyMinimums(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "dependencies.md"))
	if err != nil {
		t.Fatal(err)
	}
	mins, err := readMinimums(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"github.com/gofiber/fiber/v2", "github.com/valyala/fasthttp"} {
		found := false
		for _, m := range mins {
			found = found || m.module == must
		}
		if !found {
			t.Errorf("docs/dependencies.md has no row for %s (issue 8 names it)", must)
		}
	}

	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	required, err := goModVersions(gomod)
	if err != nil {
		t.Fatalf("parse go.mod: %v", err)
	}
	for _, p := range belowMinimum(mins, required, "go.mod", false) {
		t.Error(p)
	}

	// go.mod need not name a module whose packages are not built (x/net),
	// and minimum version selection may pick a higher one than go.mod
	// says: what counts is what gets linked, so ask go itself.
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}", "all")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -m all: %v\n%s", err, stderr.String())
	}
	selected := map[string]string{}
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) == 2 {
			selected[f[0]] = f[1]
		}
	}
	if len(selected) < 10 {
		t.Fatalf("go list -m all listed %d modules; output:\n%s", len(selected), out)
	}
	for _, p := range belowMinimum(mins, selected, "the build (go list -m all)", true) {
		t.Error(p)
	}
}

// TestDependencyMinimumsCatchOldVersions proves the check fails, naming the
// module, for a go.mod like the one before issue 8 (fasthttp v1.51.0).
func TestDependencyMinimumsCatchOldVersions(t *testing.T) {
	doc := []byte("x\n<!-- minimum-versions:begin -->\n| module | minimum | why |\n|---|---|---|\n" +
		"| github.com/valyala/fasthttp | v1.70.0 | GO-2026-4950 |\n| github.com/gofiber/fiber/v2 | v2.52.15 | issue 8 |\n" +
		"| golang.org/x/net | v0.55.0 | x |\n<!-- minimum-versions:end -->\n")
	mins, err := readMinimums(doc)
	if err != nil || len(mins) != 3 {
		t.Fatalf("readMinimums = %v, %v", mins, err)
	}
	gomod := []byte("module x\n\ngo 1.26\n\nrequire (\n\tgithub.com/gofiber/fiber/v2 v2.52.15\n\tgithub.com/valyala/fasthttp v1.51.0 // indirect\n)\n")
	versions, err := goModVersions(gomod)
	if err != nil {
		t.Fatal(err)
	}
	problems := belowMinimum(mins, versions, "go.mod", false)
	if len(problems) != 1 || !strings.Contains(problems[0], "github.com/valyala/fasthttp v1.51.0") {
		t.Errorf("problems = %q, want one naming github.com/valyala/fasthttp v1.51.0", problems)
	}
	if problems := belowMinimum(mins, versions, "the build", true); len(problems) != 2 || !strings.Contains(problems[1], "golang.org/x/net: not in the build") {
		t.Errorf("with requireAll, problems = %q, want the fasthttp one and a stale x/net row", problems)
	}
	// A replace directive counts, not the original require.
	versions, err = goModVersions(append(gomod, "replace github.com/valyala/fasthttp => github.com/valyala/fasthttp v1.70.0\n"...))
	if err != nil {
		t.Fatal(err)
	}
	if problems := belowMinimum(mins, versions, "go.mod", false); len(problems) != 0 {
		t.Errorf("after replace, problems = %q, want none", problems)
	}
	for _, bad := range []string{"| github.com/x/y | 1.2.3 | no v |", "| github.com/x/y | v1.2 | short |", "| github.com/x/y |"} {
		if _, err := readMinimums([]byte("<!-- minimum-versions:begin -->\n" + bad + "\n<!-- minimum-versions:end -->\n")); err == nil {
			t.Errorf("readMinimums accepted %q", bad)
		}
	}
}
