package plan

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/closeout/closeout/internal/i18n"
)

// maxNodes bounds the tree built from YAML: aliases can make a small
// document expand exponentially ("billion laughs"). It is JSON's bound: a
// plan of 20,000 tasks (DefaultMaxTasks) has room in either format.
const maxNodes = maxJSONNodes

// yamlTree parses a single YAML document into a node tree.
func yamlTree(data []byte) (root *node, err error) {
	// yaml.v3 reports errors by panicking internally and recovers them
	// itself; this guards the parser's contract (never panic on input)
	// against any panic it does not.
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, i18n.Errorf("YAML: cannot parse: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, i18n.Errorf("the plan is empty")
		}
		return nil, yamlError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, i18n.Errorf("YAML line %d: a plan is one document, found another", next.Line)
	case !errors.Is(err, io.EOF):
		return nil, yamlError(err)
	}
	c := &yamlConverter{budget: maxNodes}
	root = c.convert(&doc, 0)
	if c.budget < 0 {
		return nil, i18n.Errorf("YAML: the document expands to too many values (aliases?)")
	}
	return root, nil
}

func yamlError(err error) error {
	return errors.New("YAML" + strings.TrimPrefix(err.Error(), "yaml")) // the parser's words, English only
}

type yamlConverter struct{ budget int }

func (c *yamlConverter) convert(y *yaml.Node, depth int) *node {
	c.budget--
	n := &node{line: y.Line, pos: y.Line<<16 | min(y.Column, 1<<16-1)}
	if c.budget < 0 || depth > maxDepth {
		n.kind, n.why = kindInvalid, i18n.T("nested too deeply")
		return n
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			n.kind = kindNull
			return n
		}
		return c.convert(y.Content[0], depth)
	case yaml.AliasNode:
		if y.Alias == nil {
			n.kind, n.why = kindInvalid, i18n.T("unresolved alias")
			return n
		}
		return c.convert(y.Alias, depth+1)
	case yaml.SequenceNode:
		n.kind = kindList
		for _, item := range y.Content {
			n.items = append(n.items, c.convert(item, depth+1))
		}
	case yaml.MappingNode:
		n.kind = kindMap
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			value := c.convert(v, depth+1)
			if k.Kind != yaml.ScalarNode {
				value = &node{kind: kindInvalid, why: i18n.T("a key that is not a plain name"), line: k.Line, pos: value.pos}
			}
			n.fields = append(n.fields, field{key: k.Value, value: value, line: k.Line, pos: k.Line<<16 | min(k.Column, 1<<16-1)})
		}
	case yaml.ScalarNode:
		c.scalar(y, n)
	default:
		n.kind, n.why = kindInvalid, i18n.T("an unsupported YAML value")
	}
	return n
}

// scalar types a scalar by its resolved YAML tag. Timestamps stay strings:
// the plan's own date rules apply, not YAML's.
func (c *yamlConverter) scalar(y *yaml.Node, n *node) {
	n.text = y.Value
	switch tag := y.ShortTag(); tag {
	case "!!str", "!!timestamp":
		n.kind = kindString
	case "!!int", "!!float":
		n.kind = kindNumber
	case "!!bool":
		n.kind = kindBool
		n.text = strings.ToLower(y.Value)
	case "!!null":
		n.kind = kindNull
	default:
		n.kind, n.why = kindInvalid, i18n.T("a value with the unsupported YAML tag %s", tag)
	}
}
