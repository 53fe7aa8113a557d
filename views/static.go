package views

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"sort"
	"strings"
)

// StaticPrefix is the URL path under which assets are served; the segment
// after it is the content hash, then the asset's path.
const StaticPrefix = "/static/"

// Asset is one static file ready to serve.
type Asset struct {
	Path        string // path inside the static folder, e.g. "kern/kern.min.css"
	Hash        string // first 16 hex digits of the SHA-256 of Body
	ContentType string
	Body        []byte
}

// URL is the content-addressed URL of the asset. Because the URL changes
// whenever the content does, browsers may cache it for a year.
func (a Asset) URL() string { return StaticPrefix + a.Hash + "/" + a.Path }

// Assets are the static files, hashed once at start-up.
type Assets struct {
	byPath map[string]Asset
}

// cssURL finds url(...) references in CSS; group 2 is the reference.
var cssURL = regexp.MustCompile(`url\(\s*(['"]?)([^'")]+)(['"]?)\s*\)`)

// NewAssets reads every file of fsys (shell scripts excepted), rewrites
// relative url() references in CSS files to the hashed URLs of their targets
// (a font moved under its own hash would otherwise not be found from the CSS
// under a different hash) and hashes the result.
func NewAssets(fsys fs.FS) (*Assets, error) {
	raw := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".sh") || path.Base(p) == "VERSION" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		raw[p] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("views: read static files: %w", err)
	}
	a := &Assets{byPath: make(map[string]Asset, len(raw))}
	var css []string
	for p, b := range raw {
		if path.Ext(p) == ".css" {
			css = append(css, p)
			continue
		}
		a.add(p, b)
	}
	// CSS files may reference each other only through @import, which we do
	// not use; sorting keeps start-up deterministic all the same.
	sort.Strings(css)
	for _, p := range css {
		body, err := a.rewriteCSS(p, raw[p])
		if err != nil {
			return nil, err
		}
		a.add(p, body)
	}
	return a, nil
}

func (a *Assets) add(p string, body []byte) {
	sum := sha256.Sum256(body)
	ct := contentType(path.Ext(p))
	a.byPath[p] = Asset{Path: p, Hash: hex.EncodeToString(sum[:8]), ContentType: ct, Body: body}
}

func (a *Assets) rewriteCSS(p string, body []byte) ([]byte, error) {
	var missing []string
	out := cssURL.ReplaceAllFunc(body, func(m []byte) []byte {
		ref := string(cssURL.FindSubmatch(m)[2])
		if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") ||
			strings.Contains(ref, "://") {
			return m
		}
		target := path.Join(path.Dir(p), ref)
		asset, ok := a.byPath[target]
		if !ok {
			missing = append(missing, ref)
			return m
		}
		return []byte(`url("` + asset.URL() + `")`)
	})
	if len(missing) > 0 {
		return nil, fmt.Errorf("views: %s references missing files %v", p, missing)
	}
	return out, nil
}

// URL returns the hashed URL of the asset at path p, for the template
// function "static". An unknown path is an error so that a typo fails the
// page (and its test) instead of producing a silent 404 in the browser.
func (a *Assets) URL(p string) (string, error) {
	asset, ok := a.byPath[p]
	if !ok {
		return "", fmt.Errorf("views: unknown static asset %q", p)
	}
	return asset.URL(), nil
}

// Lookup returns the asset at path p if its current hash is hash. An old hash
// is not found: serving new content under an old immutable URL would poison
// caches.
func (a *Assets) Lookup(hash, p string) (Asset, bool) {
	asset, ok := a.byPath[p]
	if !ok || asset.Hash != hash {
		return Asset{}, false
	}
	return asset, true
}

// contentType names the types we ship itself: the system MIME table differs
// between machines and often lacks woff2.
func contentType(ext string) string {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".woff2":
		return "font/woff2"
	case ".svg":
		return "image/svg+xml"
	case ".md", ".txt":
		return "text/plain; charset=utf-8"
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}
