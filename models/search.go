package models

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// searchKey folds a name for searching: lower case without diacritics, so
// "ozturk" finds "Öztürk" and "sahin" finds "Şahin". SQLite's lower() only
// folds ASCII, so the key is computed here and stored, the same on both
// databases.
func searchKey(s string) string {
	s = strings.NewReplacer("ß", "ss", "ı", "i", "İ", "i", "ł", "l", "Ł", "l", "ø", "o", "Ø", "o", "đ", "d", "Đ", "d").Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s // fall back to plain lower case; search still works for ASCII
	}
	return strings.Join(strings.Fields(strings.ToLower(folded)), " ")
}
