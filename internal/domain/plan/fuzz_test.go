package plan

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary documents to the parser. Whatever the input,
// Parse must not panic and must either fail with a non-empty
// *ValidationError or return a plan that schedules without error and whose
// canonical form parses back to the same plan.
//
// The seed corpus is in testdata/fuzz/FuzzParse: valid and broken plans in
// both formats, and the units plan.
func FuzzParse(f *testing.F) {
	f.Add([]byte(smallYAML), false)
	f.Add([]byte(smallJSON), true)
	f.Add([]byte(readUnitsPlan(f)), false)
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		format := YAML
		if asJSON {
			format = JSON
		}
		p, err := Parse(data, format, testOptions())
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Errors) == 0 {
				t.Fatalf("error %v is not a non-empty *ValidationError", err)
			}
			return
		}
		if _, err := Schedule(p); err != nil {
			t.Fatalf("a valid plan does not schedule: %v", err)
		}
		canonical, err := p.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(canonical, JSON, testOptions())
		if err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, canonical)
		}
		if !p.StartDefaulted && again.Hash() != p.Hash() {
			t.Fatalf("canonical form parses to a different plan:\n%s", canonical)
		}
	})
}
