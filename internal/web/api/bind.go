package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/i18n"
)

// bindJSON decodes the body into v, refusing unknown fields and text holding
// NUL. On failure it records a 400 (422 for NUL) naming the field when it can
// and returns false.
func bindJSON(c *gin.Context, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// One JSON value and nothing after it: "{...} {...}" or "{...} x"
		// is not a body to act on half of.
		if _, next := dec.Token(); !errors.Is(next, io.EOF) {
			var tooLarge *http.MaxBytesError
			if errors.As(next, &tooLarge) {
				c.Error(problem(http.StatusRequestEntityTooLarge, "the request body is too large"))
			} else {
				c.Error(badRequest("the body has more after its JSON value; send one JSON object"))
			}
			return false
		}
		if field, bad := nulField(v); bad {
			c.Error(nulProblem(field, "a text field holds a NUL character"))
			return false
		}
		return true
	}
	var (
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
		tooLarge  *http.MaxBytesError
	)
	switch {
	case errors.Is(err, io.EOF):
		c.Error(badRequest("the request body is empty; send a JSON object"))
	case errors.As(err, &typeErr):
		c.Error(badRequest("a field has the wrong type").with(FieldError{Field: typeErr.Field, Message: jsonKind(typeErr.Type.Kind().String())}))
	case errors.As(err, &syntaxErr):
		c.Error(badRequest("the body is not valid JSON (at byte %d)", syntaxErr.Offset))
	case errors.As(err, &tooLarge):
		c.Error(problem(http.StatusRequestEntityTooLarge, "the request body is too large"))
	default:
		// json reports unknown fields as `json: unknown field "x"`.
		var field string
		if _, scanErr := fmt.Sscanf(err.Error(), "json: unknown field %q", &field); scanErr == nil {
			c.Error(badRequest("the body has a field this endpoint does not take").with(fieldError(field, "unknown field")))
			return false
		}
		c.Error(badRequest("the body could not be read as JSON"))
	}
	return false
}

// jsonKind says what a field of Go kind goKind must be, as JSON names it.
func jsonKind(goKind string) i18n.Text {
	switch goKind {
	case "string":
		return i18n.T("must be a string")
	case "int", "int64", "float64":
		return i18n.T("must be a number")
	case "bool":
		return i18n.T("must be true or false")
	case "slice":
		return i18n.T("must be a list")
	case "struct", "map":
		return i18n.T("must be an object")
	}
	return i18n.T("must be a JSON %s", goKind)
}

func fieldIndex(name string, i int) string { return fmt.Sprintf("%s[%d]", name, i) }
