package handlers

import "strings"

// minTokenLength is shorter than every token we put in a URL (32 random
// bytes → 43 base64url characters; registration tokens are at least 20)
// and longer than any id or word of our routes.
const minTokenLength = 20

// redactPath hides link tokens in a request path before it is logged: a
// personal link in a log file is as good as the link itself. Any path
// segment that looks like a token (long, base64url or hex) is replaced, so
// routes added later are covered without a list to keep in sync.
func redactPath(path string) string {
	segs := strings.Split(path, "/")
	changed := false
	for i, s := range segs {
		name, ext, _ := strings.Cut(s, ".") // "/feed/<token>.ics"
		if len(name) >= minTokenLength && isTokenText(name) {
			segs[i] = "[token]"
			if ext != "" {
				segs[i] += "." + ext
			}
			changed = true
		}
	}
	if !changed {
		return path
	}
	return strings.Join(segs, "/")
}

func isTokenText(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
		default:
			return false
		}
	}
	return true
}
