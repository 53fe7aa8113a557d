// Package views holds what the browser sees of Treffpunkt: the html/template
// pages, the static assets (KERN UX CSS and fonts, app.css) and the UI
// translations, all embedded in the binary, plus the code that parses,
// hashes and localises them once at start-up.
package views

import (
	"embed"
	"fmt"
	"io/fs"
)

// files is the only package-level variable: go:embed requires one, and an
// embed.FS is read-only, so nobody can change it at run time.
//
//go:embed templates locales static
var files embed.FS

// TemplatesFS returns the page templates (layout.html and one file per page).
func TemplatesFS() fs.FS { return sub("templates") }

// LocalesFS returns the translation files, one <lang>.json per UI language.
func LocalesFS() fs.FS { return sub("locales") }

// StaticFS returns the static assets served under /static/<hash>/.
func StaticFS() fs.FS { return sub("static") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and dir is a literal above.
		panic(fmt.Sprintf("views: sub %q: %v", dir, err))
	}
	return f
}
