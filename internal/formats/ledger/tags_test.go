package ledger

import (
	"bufio"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The tag scanner sees the start tags a sheet's XML has, however it is
// written: prefixed names, comments and CDATA holding tags, '>' inside a
// quoted value, values longer than its buffer, self-closing tags.
func TestTagScanner(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	xml := `<?xml version="1.0"?><!-- <row r="99"> --><x:worksheet xmlns:x="urn"><x:sheetData>` +
		`<x:row r="3" spans="1:2"><x:c r="B3" t="s"><x:v>7</x:v></x:c><x:c s="1"/></x:row>` +
		`<row r='5' note="a > b"><c r="AA5" t="inlineStr"><is><t><![CDATA[<row r="1000">]]></t></is></c></row>` +
		`<row r="6" note="` + long + `"><c r="C6"><f>SUM(A1)</f></c></row>` +
		`</x:sheetData><mergeCells><mergeCell ref="A2:A5"/></mergeCells></x:worksheet>`
	s := tagScanner{r: bufio.NewReaderSize(strings.NewReader(xml), 4096)}
	var got []tag
	for {
		tg, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if tg.name != "" {
			got = append(got, tg)
		}
	}
	want := []tag{
		{"row", "3"}, {"c", "B3"}, {"v", ""}, {"c", ""},
		{"row", "5"}, {"c", "AA5"}, {"is", ""},
		{"row", "6"}, {"c", "C6"}, {"f", ""},
		{"mergeCell", "A2:A5"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(tag{})); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
}

func TestRefColumn(t *testing.T) {
	for ref, want := range map[string]int{"A1": 1, "b7": 2, "Z3": 26, "AA5": 27, "BL20001": 64, "": 0, "12": 0, "A": 0} {
		if got := refColumn(ref); got != want {
			t.Errorf("refColumn(%q) = %d, want %d", ref, got, want)
		}
	}
}
