package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/closeout/closeout/internal/i18n"
)

// maxDepth bounds nesting; a plan is four levels deep, so anything far
// beyond is not a plan and should not cost stack.
const maxDepth = 64

// jsonTree parses JSON token by token (rather than into map[string]any) to
// keep key order, duplicate keys and the line of every value.
func jsonTree(data []byte) (*node, error) {
	p := &jsonParser{dec: json.NewDecoder(bytes.NewReader(data)), data: data, lineStarts: lineStarts(data)}
	p.dec.UseNumber()
	root, err := p.value(0)
	if err != nil {
		return nil, p.syntaxError(err)
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, i18n.Errorf("JSON line %d: unexpected data after the plan", p.line(p.start()))
	}
	return root, nil
}

type jsonParser struct {
	dec        *json.Decoder
	data       []byte
	lineStarts []int
	nodes      int // made so far, bounded by maxJSONNodes
}

// maxJSONNodes bounds the tree built from JSON: 8 MiB of [1,1,1,…] would
// otherwise be four million nodes, some 400 MB. A 20,000-task plan (the
// most a plan holds) takes a few hundred thousand.
const maxJSONNodes = 1_000_000

func (p *jsonParser) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, i18n.Errorf("nested too deeply")
	}
	start := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	if p.nodes++; p.nodes > maxJSONNodes {
		return nil, i18n.Errorf("the plan has more than %d values; a plan holds at most %d tasks", maxJSONNodes, DefaultMaxTasks)
	}
	n := &node{pos: start, line: p.line(start)}
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			n.kind = kindList
			for p.dec.More() {
				item, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, item)
			}
		} else {
			n.kind = kindMap
			for p.dec.More() {
				keyStart := p.start()
				key, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				value, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.fields = append(n.fields, field{key: key.(string), value: value, line: p.line(keyStart), pos: keyStart})
			}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.kind, n.text = kindString, v
	case json.Number:
		n.kind, n.text = kindNumber, v.String()
	case bool:
		n.kind, n.text = kindBool, fmt.Sprint(v)
	case nil:
		n.kind = kindNull
	}
	return n, nil
}

// start returns the offset where the next token begins: the decoder's
// offset is the end of the previous token, before any separator.
func (p *jsonParser) start() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *jsonParser) line(offset int) int {
	return sort.SearchInts(p.lineStarts, offset+1)
}

func (p *jsonParser) syntaxError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if len(bytes.TrimSpace(p.data)) == 0 {
			return i18n.Errorf("the plan is empty")
		}
		return i18n.Errorf("JSON: unexpected end of input")
	}
	offset := int(p.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		offset = int(se.Offset)
	}
	return i18n.Errorf("JSON line %d: %v", p.line(min(offset, len(p.data))), err)
}

// lineStarts returns the offset of the first byte of every line.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
