package files

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameRunes bounds a kept name (the workflow's evidence allows 255).
const maxNameRunes = 200

// CleanName is the uploader's file name as closeout keeps and serves it:
// the last path element only (old browsers sent C:\path\file.pdf); white
// space as plain spaces; no control or invisible formatting characters (a
// right-to-left override can make "exe.pdf" of "fdp.exe"); none of the
// characters Windows forbids in names; no leading or trailing spaces nor
// trailing dots; at most maxNameRunes characters with its extension kept;
// and "file" before a name that would be hidden (".pdf"). Chinese and every
// other script stay as they are.
func CleanName(raw string) string {
	if i := strings.LastIndexAny(raw, `/\`); i >= 0 {
		raw = raw[i+1:]
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(raw, "_") {
		switch {
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	// Windows drops trailing dots and spaces; a leading dot hides a file.
	name := strings.TrimRight(strings.TrimSpace(b.String()), " .")
	if utf8.RuneCountInString(name) > maxNameRunes {
		runes := []rune(name)
		ext := []rune(extOf(name))
		if len(ext) > 16 {
			ext = nil
		}
		name = strings.TrimRight(string(runes[:maxNameRunes-len(ext)]), " .") + string(ext)
	}
	if name == "" || strings.HasPrefix(name, ".") {
		name = "file" + name
	}
	return name
}

// extOf is the name's extension with its dot, "" for none.
func extOf(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	return name[i:]
}

// withExtension adds ext, keeping the name within maxNameRunes.
func withExtension(name, ext string) string {
	runes := []rune(name)
	if len(runes)+len(ext) > maxNameRunes {
		runes = runes[:maxNameRunes-len(ext)]
	}
	return string(runes) + ext
}

// ContentDisposition is the header a download is sent with: always an
// attachment (never shown inline, so nothing in it runs in closeout's
// origin), with the name twice, as RFC 6266 advises: filename* in UTF-8
// (RFC 5987), which every current browser reads, and an ASCII filename for
// the rest.
func ContentDisposition(name string) string {
	var ascii, ext strings.Builder
	for _, r := range name {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' && r != '%' {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	for _, c := range []byte(name) {
		if isAttrChar(c) {
			ext.WriteByte(c)
		} else {
			fmt.Fprintf(&ext, "%%%02X", c)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + ext.String()
}

// isAttrChar is RFC 5987's attr-char: what a filename* value holds unencoded.
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
