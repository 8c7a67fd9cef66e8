package api

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/plan"
)

// Limits on what a request may carry, checked before it reaches Temporal or
// the database, which would otherwise fail on it with a 500 or, worse, keep
// failing on it: Temporal carries workflow ids in gRPC metadata (printable
// ASCII only) and refuses payloads over 2 MiB, leaving a workflow whose task
// could not complete stuck; PostgreSQL refuses NUL and invalid UTF-8 in text,
// so a projection write holding one fails at every retry.
const (
	// maxJSONBody bounds the small JSON bodies (actions, people). An action
	// becomes a workflow update and is copied into history and the
	// projection, so it must stay well under Temporal's payload limits.
	maxJSONBody = 256 << 10
)

// checkRequestText refuses, before any handler runs, path segments and query
// values no resource or filter can match: ids only ever hold printable ASCII
// (internal/domain/plan/ids.go), so anything else names nothing (404); a query value must be
// text (400).
func checkRequestText(c *gin.Context) {
	for _, p := range c.Params {
		if !printableASCII(p.Value) {
			writeProblem(c, badID(p.Key))
			return
		}
	}
	for name, values := range c.Request.URL.Query() {
		for _, v := range values {
			if !isText(v) {
				writeProblem(c, badRequest("the query is not valid").with(fieldError(name, "must be UTF-8 text without NUL characters")))
				return
			}
		}
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func isText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// nulField names the first string in v (a decoded request, a plan, a task
// spec) holding a NUL character, as a JSON path ("tracks[0].tasks[1].title").
// JSON decoding already turns invalid UTF-8 into U+FFFD; NUL is the one
// character it keeps that the database cannot store.
func nulField(v any) (string, bool) { return findNUL(reflect.ValueOf(v), "", 0) }

func findNUL(v reflect.Value, path string, depth int) (string, bool) {
	if depth > 32 { // requests and plans are a few levels deep and acyclic
		return "", false
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return findNUL(v.Elem(), path, depth+1)
		}
	case reflect.String:
		return path, strings.IndexByte(v.String(), 0) >= 0
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 { // raw JSON or bytes, not text
			return "", false
		}
		for i := range v.Len() {
			if p, ok := findNUL(v.Index(i), fieldIndex(path, i), depth+1); ok {
				return p, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			key := fmt.Sprint(it.Key().Interface())
			if strings.IndexByte(key, 0) >= 0 {
				return joinField(path, key), true
			}
			if p, ok := findNUL(it.Value(), joinField(path, key), depth+1); ok {
				return p, true
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			child := path
			if !f.Anonymous || name != "" { // embedded structs share their parent's fields
				if name == "" {
					name = f.Name
				}
				child = joinField(path, name)
			}
			if p, ok := findNUL(v.Field(i), child, depth+1); ok {
				return p, true
			}
		}
	}
	return "", false
}

// badID answers a path parameter that cannot be an id: what it names is
// not there.
func badID(param string) *Problem {
	switch param {
	case "campaign":
		return notFound("no such campaign: ids are letters, digits, '_', '.' and '-'")
	case "task":
		return notFound("no such task: ids are letters, digits, '_', '.' and '-'")
	case "unit":
		return notFound("no such unit: ids are letters, digits, '_', '.' and '-'")
	case "id": // a person's
		return notFound("no such person: ids are letters, digits, '_', '.' and '-'")
	}
	return notFound("no such %s: ids are letters, digits, '_', '.' and '-'", param)
}

func joinField(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// nulProblem is the answer to text holding NUL at field, its detail worded
// by format and args.
func nulProblem(field, format string, args ...any) *Problem {
	return unprocessable(format, args...).with(fieldError(field, "must not contain NUL characters"))
}

// oversizedSpecs refuses tasks whose spec, as a workflow input, is over
// planning.MaxSpecSize (planning.TooLarge, as adding one task checks it); field names
// each as it appears in the plan (or request).
func oversizedSpecs(specs []task.Spec, field func(task.Spec) string) []FieldError {
	var errs []FieldError
	for _, spec := range specs {
		var ve *plan.ValidationError
		if errors.As(planning.TooLarge(spec), &ve) {
			errs = append(errs, FieldError{Field: field(spec), Message: ve.Errors[0].Text()})
		}
	}
	return errs
}

// planTaskField is the path of a spec's task in the plan it came from.
func planTaskField(p *plan.Plan) func(task.Spec) string {
	return func(spec task.Spec) string {
		for i, tr := range p.Tracks {
			for j, t := range tr.Tasks {
				if t.ID == spec.ID {
					return fmt.Sprintf("tracks[%d].tasks[%d]", i, j)
				}
			}
		}
		return ""
	}
}
