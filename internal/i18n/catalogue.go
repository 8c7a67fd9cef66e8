package i18n

import (
	"embed"
	"fmt"
	"io/fs"

	"go.yaml.in/yaml/v3"
)

//go:embed catalogue/*.yaml
var catalogueFiles embed.FS

// chinese maps each English format to its Chinese format.
var chinese = mustLoad(catalogueFiles)

// mustLoad reads every catalogue file; a format in two files, or a file
// that does not parse, stops the program at start (and every test).
func mustLoad(fsys fs.FS) map[string]string {
	out := map[string]string{}
	names, err := fs.Glob(fsys, "catalogue/*.yaml")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err)
		}
		var entries map[string]string
		if err := yaml.Unmarshal(data, &entries); err != nil {
			panic(fmt.Sprintf("%s: %v", name, err))
		}
		for en, zh := range entries {
			if _, dup := out[en]; dup {
				panic(fmt.Sprintf("%s: %q is in another catalogue file too", name, en))
			}
			out[en] = zh
		}
	}
	return out
}

// Formats lists the catalogue's English formats (for the tests).
func Formats() map[string]string {
	out := make(map[string]string, len(chinese))
	for k, v := range chinese {
		out[k] = v
	}
	return out
}
