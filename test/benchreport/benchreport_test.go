package benchreport

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMetAndMerge(t *testing.T) {
	atLeast := Row{Target: "a", Value: 0.7, Limit: 0.8, AtLeast: true}
	atMost := Row{Order: 2, Target: "b", Value: 1.2, Limit: 1.25}
	if atLeast.Met() || !atMost.Met() {
		t.Fatalf("met: %v %v, want false true", atLeast.Met(), atMost.Met())
	}
	old := []Row{{Order: 2, Target: "b", Value: 9}, {Order: 1, Target: "c"}}
	got := merge(old, []Row{atMost, {Order: 0, Target: "a"}})
	var order []string
	for _, r := range got {
		order = append(order, r.Target)
	}
	if strings.Join(order, ",") != "a,c,b" || got[2].Value != 1.2 {
		t.Fatalf("merged %+v", got)
	}
}

func TestChartIsWellFormedSVG(t *testing.T) {
	svg := Chart([]Row{{Target: "x & y", Value: 0.5, Limit: 0.8, AtLeast: true, Unit: "x"}, {Target: "z", Value: 3, Limit: 1.25, Unit: "x"}})
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not XML: %v\n%s", err, svg)
		}
	}
}

func TestReadmeTableReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte("intro\n"+readmeStart+"\nold\n"+readmeEnd+"\nrest\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := intoReadme(path, "| new |\n"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if want := "intro\n" + readmeStart + "\n| new |\n" + readmeEnd + "\nrest\n"; string(data) != want {
		t.Fatalf("got %q", data)
	}
}
