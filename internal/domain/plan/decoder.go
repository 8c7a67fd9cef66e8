package plan

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/closeout/closeout/internal/i18n"
)

// decoder walks a node tree, collecting every error with its path and
// position instead of stopping at the first. Accessors return ok=false for
// an absent or bad value; a bad value has been reported already, so callers
// just skip the checks that depend on it.
type decoder struct {
	errs []located
}

type located struct {
	pos int
	FieldError
}

// fail reports a problem with the value n at path (n may be nil for a
// document-level problem).
func (d *decoder) fail(n *node, path, format string, args ...any) {
	d.failText(n, path, i18n.T(format, args...))
}

// failErr reports err, worded where it was found (i18n.Errorf).
func (d *decoder) failErr(n *node, path string, err error) {
	d.failText(n, path, i18n.TextOf(err))
}

func (d *decoder) failText(n *node, path string, message i18n.Text) {
	var pos, line int
	if n != nil {
		pos, line = n.pos, n.line
	}
	d.errs = append(d.errs, located{pos: pos, FieldError: FieldError{Field: path, Message: message.En, Zh: message.Zh, Line: line}})
}

// expected reports a value of the wrong type.
func (d *decoder) expected(n *node, path string, want i18n.Text) {
	if n.kind == kindInvalid {
		d.fail(n, path, "expected %s, got %s", want, n.why)
		return
	}
	hint := i18n.Text{}
	if want.En == "a string" && (n.kind == kindNumber || n.kind == kindBool) {
		hint = i18n.T(" (put it in quotes)")
	}
	d.fail(n, path, "expected %s, got %s%s", want, n.describe(), hint)
}

// err returns the collected errors in document order, or nil.
func (d *decoder) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(d.errs, func(a, b located) int { return a.pos - b.pos })
	out := make([]FieldError, len(d.errs))
	for i, e := range d.errs {
		out[i] = e.FieldError
	}
	return &ValidationError{Errors: out}
}

func at(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// object is a decoded mapping whose keys have been checked.
type object struct {
	path   string
	node   *node
	fields map[string]*node
}

// object checks that n is a mapping with only the known keys, once each.
// An absent or null n gives ok=false without an error.
func (d *decoder) object(path string, n *node, known []string) (object, bool) {
	if n == nil || n.kind == kindNull {
		return object{}, false
	}
	if n.kind != kindMap {
		d.expected(n, path, i18n.T("an object"))
		return object{}, false
	}
	o := object{path: path, node: n, fields: make(map[string]*node, len(n.fields))}
	for _, f := range n.fields {
		keyNode := &node{pos: f.pos, line: f.line}
		switch {
		case !slices.Contains(known, f.key):
			d.failText(keyNode, at(path, f.key), unknownField(f.key, known))
		case o.fields[f.key] != nil:
			d.fail(keyNode, at(path, f.key), "given twice")
		default:
			o.fields[f.key] = f.value
		}
	}
	return o, true
}

// absent reports whether the object lacks key or has it null.
func (o object) absent(key string) bool {
	n := o.fields[key]
	return n == nil || n.kind == kindNull
}

// need says whether a field must be present.
type need bool

const (
	required need = true
	optional need = false
)

// get returns the field's value, reporting it when it is required and
// absent. A null value counts as absent.
func (d *decoder) get(o object, key string, req need) (*node, bool) {
	if o.node == nil {
		return nil, false
	}
	n := o.fields[key]
	if n == nil || n.kind == kindNull {
		if req {
			d.fail(o.node, at(o.path, key), "required")
		}
		return nil, false
	}
	return n, true
}

func (d *decoder) str(o object, key string, req need) (string, bool) {
	n, ok := d.get(o, key, req)
	if !ok {
		return "", false
	}
	return d.stringValue(at(o.path, key), n)
}

func (d *decoder) stringValue(path string, n *node) (string, bool) {
	if n.kind != kindString {
		d.expected(n, path, i18n.T("a string"))
		return "", false
	}
	return n.text, true
}

func (d *decoder) boolean(o object, key string) (bool, bool) {
	n, ok := d.get(o, key, optional)
	if !ok {
		return false, false
	}
	if n.kind != kindBool {
		d.expected(n, at(o.path, key), i18n.T("true or false"))
		return false, false
	}
	return n.text == "true", true
}

func (d *decoder) integer(o object, key string, req need) (int, bool) {
	n, ok := d.get(o, key, req)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(n.text)
	if n.kind != kindNumber || err != nil {
		d.expected(n, at(o.path, key), i18n.T("a whole number"))
		return 0, false
	}
	return v, true
}

func (d *decoder) list(o object, key string, req need) ([]*node, bool) {
	n, ok := d.get(o, key, req)
	if !ok {
		return nil, false
	}
	if n.kind != kindList {
		d.expected(n, at(o.path, key), i18n.T("a list"))
		return nil, false
	}
	return n.items, true
}

// stringAt is a string value with its location, kept for checks that can
// only run once the whole plan is read (a depends_on naming a later task).
type stringAt struct {
	value string
	path  string
	node  *node
}

// strings decodes a list of strings, reporting non-strings and duplicates.
func (d *decoder) strings(o object, key string, req need) ([]stringAt, bool) {
	items, ok := d.list(o, key, req)
	if !ok {
		return nil, false
	}
	out := make([]stringAt, 0, len(items))
	seen := map[string]bool{}
	for i, item := range items {
		path := index(at(o.path, key), i)
		s, ok := d.stringValue(path, item)
		if !ok {
			continue
		}
		if seen[s] {
			d.fail(item, path, "%q is listed twice", s)
			continue
		}
		seen[s] = true
		out = append(out, stringAt{value: s, path: path, node: item})
	}
	return out, true
}

func values(items []stringAt) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = s.value
	}
	return out
}
