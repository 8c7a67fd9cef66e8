package dashboard

import (
	"embed"
	"fmt"
	"io/fs"

	"go.yaml.in/yaml/v3"
)

// message is one label in both languages.
type message struct {
	zh string
	en string
}

// catalogue holds the message files: every word the dashboard shows, in
// Chinese and English, one file a part of the dashboard (common, files,
// people). Kept as data, not code, so that a translator edits text only.
//
//go:embed messages/*.yaml
var catalogue embed.FS

// messages are the catalogue's words by key. The tests check each key has
// both languages, and that every key a template or the code asks for is
// here.
var messages = mustLoadMessages(catalogue)

// mustLoadMessages reads every message file; a key in two files, or a file
// that does not parse, stops the program at start (and every test).
func mustLoadMessages(fsys fs.FS) map[string]message {
	out := map[string]message{}
	files, err := fs.Glob(fsys, "messages/*.yaml")
	if err != nil {
		panic(err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err)
		}
		var entries map[string]struct {
			Zh string `yaml:"zh"`
			En string `yaml:"en"`
		}
		if err := yaml.Unmarshal(data, &entries); err != nil {
			panic(fmt.Sprintf("%s: %v", name, err))
		}
		for k, e := range entries {
			if _, dup := out[k]; dup {
				panic(fmt.Sprintf("%s: the key %q is in another message file too", name, k))
			}
			out[k] = message{zh: e.Zh, en: e.En}
		}
	}
	return out
}
