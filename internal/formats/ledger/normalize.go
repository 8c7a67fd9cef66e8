package ledger

import (
	"strings"
	"unicode"
)

// Clerks type on Chinese input methods, which produce full-width letters,
// digits and punctuation (ＡＢ１２, ：, ，) and the ideographic space, and
// they leave spaces at the ends of cells. These functions bring what a cell
// holds to what the plan expects, without touching the Chinese text itself.

// halfWidth maps the full-width forms of ASCII (U+FF01–U+FF5E) to ASCII and
// the ideographic space to a space.
func halfWidth(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isSpace covers what unicode.IsSpace does plus the zero-width characters
// that copying from web pages and Word leaves in cells.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d'
}

// trim removes spaces of every kind (the ideographic one, no-break spaces,
// line breaks) from both ends.
func trim(s string) string { return strings.TrimFunc(s, isSpace) }

// ident is a cell holding an id (a task, track, person or unit id, a
// timezone, a date): half-width and trimmed.
func ident(s string) string { return trim(halfWidth(s)) }

// headerKey is a header or key cell reduced to what identifies it: no
// spaces or line breaks anywhere, half-width, lower case, without a
// required-field star or a note in parentheses ("完成时限（必填）", "编号*",
// "Depends on").
func headerKey(s string) string {
	s = halfWidth(s)
	if i := strings.IndexAny(s, "(["); i > 0 {
		s = s[:i]
	}
	s = strings.Map(func(r rune) rune {
		if isSpace(r) || r == '*' || r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return s
}

// splitList splits a cell listing several ids or names: separated by 、，,
// ;； or spaces (line breaks included).
func splitList(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return isSpace(r) || strings.ContainsRune("、，,;；", r)
	})
	out := fields[:0]
	for _, f := range fields {
		if f = trim(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
