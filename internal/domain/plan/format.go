package plan

import (
	"fmt"
	"mime"
	"path/filepath"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// Format is the syntax of a plan document.
type Format int

// The plan formats. Both carry the same fields.
const (
	JSON Format = iota + 1
	YAML
)

func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case YAML:
		return "yaml"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// FormatFromContentType picks the format of a request body:
// application/json (and any +json type) or application/yaml,
// application/x-yaml, text/yaml, text/x-yaml (and any +yaml type).
func FormatFromContentType(contentType string) (Format, error) {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, i18n.Errorf("content type %q: %w", contentType, err)
	}
	switch {
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		return JSON, nil
	case mediaType == "application/yaml", mediaType == "application/x-yaml",
		mediaType == "text/yaml", mediaType == "text/x-yaml", strings.HasSuffix(mediaType, "+yaml"):
		return YAML, nil
	}
	return 0, i18n.Errorf("content type %q: a plan is application/json or application/yaml", mediaType)
}

// FormatFromPath picks the format of a plan file by its extension: .json,
// .yaml or .yml.
func FormatFromPath(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return JSON, nil
	case ".yaml", ".yml":
		return YAML, nil
	}
	return 0, i18n.Errorf("%s: a plan file ends in .yaml, .yml or .json", path)
}
