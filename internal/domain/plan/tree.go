package plan

import "github.com/closeout/closeout/internal/i18n"

// node is a format-neutral document tree. JSON and YAML are both decoded
// into it, keeping key order, duplicate keys and positions, so that one
// decoder can report every type error with its path and line, identically
// for both formats.
type node struct {
	kind   kind
	text   string    // scalars: the value as written (strings unquoted)
	why    i18n.Text // kindInvalid: why the decoder cannot use it
	items  []*node   // kindList
	fields []field   // kindMap, in document order
	line   int       // 1-based line, for messages
	pos    int       // document order, for sorting errors
}

type field struct {
	key   string
	value *node
	line  int
	pos   int
}

type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindList
	kindMap
	// kindInvalid marks a value the decoder cannot use (an unsupported YAML
	// tag, say); text says why, and it is reported where it is used.
	kindInvalid
)

// describe names a value for "expected X, got Y" messages.
func (n *node) describe() i18n.Text {
	switch n.kind {
	case kindNull:
		return i18n.T("null")
	case kindBool:
		return i18n.T("the boolean %s", n.text)
	case kindNumber:
		return i18n.T("the number %s", n.text)
	case kindString:
		return i18n.T("the string %q", truncate(n.text, 40))
	case kindList:
		return i18n.T("a list")
	case kindMap:
		return i18n.T("an object")
	case kindInvalid:
		return n.why
	}
	return i18n.Both(n.text, n.text)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
