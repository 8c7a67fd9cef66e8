package plan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInvalidPlans parses every plan in testdata/invalid and checks that it
// yields exactly the errors its "# want: FIELD: MESSAGE" comments list, in
// that (document) order; MESSAGE need only be contained in the message.
func TestInvalidPlans(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test plans: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want := wantedErrors(t, string(data))
			_, err = Parse(data, YAML, testOptions())
			got := fieldErrors(t, err)
			if len(got) != len(want) {
				t.Errorf("got %d errors, want %d:\n%s", len(got), len(want), describeErrors(got))
				return
			}
			for i, w := range want {
				if got[i].Field != w.Field || !strings.Contains(got[i].Message, w.Message) {
					t.Errorf("error %d = %s\nwant %s: …%s…", i, got[i], w.Field, w.Message)
				}
			}
		})
	}
}

func wantedErrors(t *testing.T, plan string) []FieldError {
	var want []FieldError
	for _, line := range strings.Split(plan, "\n") {
		spec, ok := strings.CutPrefix(line, "# want: ")
		if !ok {
			continue
		}
		field, message, ok := strings.Cut(spec, ": ")
		if !ok {
			t.Fatalf("bad want line %q", line)
		}
		want = append(want, FieldError{Field: field, Message: message})
	}
	return want
}

// fieldErrors unwraps the errors of a failed parse.
func fieldErrors(t *testing.T, err error) []FieldError {
	t.Helper()
	if err == nil {
		t.Fatal("parsed without error")
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	return ve.Errors
}

func describeErrors(errs []FieldError) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("  " + e.String() + "\n")
	}
	return b.String()
}
