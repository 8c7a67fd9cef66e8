package ledger

import (
	"bufio"
	"bytes"
)

// tagScanner reads the start tags of an XML stream, fast and without
// allocating for the ones it does not need: a worksheet is millions of
// small tags. It skips text, end tags, comments, CDATA and processing
// instructions, drops namespace prefixes (x:row is row), and keeps one
// attribute of the tags scanSheet asks about: r of row and c, ref of
// mergeCell. Attribute values are taken as written (a cell reference or
// a number has nothing to unescape).
type tagScanner struct {
	r    *bufio.Reader
	name []byte
}

// tag is one start tag: its local name, and its r or ref attribute.
type tag struct {
	name string
	ref  string
}

func (s *tagScanner) next() (tag, error) {
	for {
		if _, err := s.r.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue // a long text: keep skipping
			}
			return tag{}, err
		}
		b, err := s.r.ReadByte()
		if err != nil {
			return tag{}, err
		}
		switch b {
		case '/', '?':
			if err := s.skipTag(); err != nil {
				return tag{}, err
			}
			continue
		case '!':
			if err := s.skipDeclaration(); err != nil {
				return tag{}, err
			}
			continue
		}
		_ = s.r.UnreadByte() // cannot fail right after a successful ReadByte
		name, end, err := s.readName()
		if err != nil {
			return tag{}, err
		}
		t := tag{name: known(name)}
		want := ""
		switch t.name {
		case "row", "c":
			want = "r"
		case "mergeCell":
			want = "ref"
		}
		if end {
			return t, nil
		}
		if t.ref, err = s.attrs(want); err != nil {
			return tag{}, err
		}
		return t, nil
	}
}

// known interns the tag names scanSheet switches on, so the common tags
// cost no allocation; others are "".
func known(name []byte) string {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	for _, k := range [...]string{"c", "v", "row", "is", "f", "mergeCell"} {
		if string(name) == k {
			return k
		}
	}
	return ""
}

// readName reads a tag's name; end says the tag closed right after it.
func (s *tagScanner) readName() ([]byte, bool, error) {
	s.name = s.name[:0]
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return nil, false, err
		}
		switch b {
		case '>':
			return s.name, true, nil
		case '/':
			return s.name, false, nil // "/>" is read by attrs
		case ' ', '\t', '\n', '\r':
			return s.name, false, nil
		}
		if len(s.name) < 32 {
			s.name = append(s.name, b)
		}
	}
}

// attrs reads to the end of the tag, answering the value of the attribute
// named want ("" wants none). Quoted values may hold '>'.
func (s *tagScanner) attrs(want string) (string, error) {
	var value string
	s.name = s.name[:0]
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return "", err
		}
		switch b {
		case '>':
			return value, nil
		case '"', '\'':
			v, err := s.r.ReadSlice(b)
			for err == bufio.ErrBufferFull { // a long value: skip it
				_, err = s.r.ReadSlice(b)
				v = nil
			}
			if err != nil {
				return "", err
			}
			if v != nil && want != "" && localName(s.name) == want {
				value = string(v[:len(v)-1])
			}
			s.name = s.name[:0]
		case '=', ' ', '\t', '\n', '\r', '/':
		default:
			if len(s.name) < 32 {
				s.name = append(s.name, b)
			}
		}
	}
}

func localName(name []byte) string {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name)
}

// skipTag skips to the end of an end tag or a processing instruction.
func (s *tagScanner) skipTag() error {
	for {
		if _, err := s.r.ReadSlice('>'); err != bufio.ErrBufferFull {
			return err
		}
	}
}

// skipDeclaration skips a comment, a CDATA section or a DOCTYPE, whose
// text may hold '<' and '>'.
func (s *tagScanner) skipDeclaration() error {
	head, err := s.r.Peek(2)
	if err == nil && string(head) == "--" {
		return s.skipPast("-->")
	}
	if head, err := s.r.Peek(7); err == nil && string(head) == "[CDATA[" {
		return s.skipPast("]]>")
	}
	return s.skipTag()
}

func (s *tagScanner) skipPast(end string) error {
	last := end[len(end)-1]
	var tail []byte
	for {
		chunk, err := s.r.ReadSlice(last)
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
		tail = append(tail, chunk...)
		if len(tail) > len(end) {
			tail = tail[len(tail)-len(end):]
		}
		if err == nil && bytes.HasSuffix(tail, []byte(end)) {
			return nil
		}
	}
}
