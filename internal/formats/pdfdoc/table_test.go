package pdfdoc_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/formats/pdfdoc"
)

// A row whose middle cell is longer than a page runs onto the next pages
// and the cells after it stay on the row's first page: every cell's text
// reads back once, on the page it belongs to, in order.
func TestRowLongerThanAPage(t *testing.T) {
	if !pdfdoc.DefaultFonts.Available() {
		t.Skipf("the fonts %s and %s are not installed (apt-get install fonts-droid-fallback fonts-dejavu-core)", pdfdoc.DefaultFont, pdfdoc.DefaultLatinFont)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	d, err := pdfdoc.New(pdfdoc.DefaultFonts, 20, "row")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("请于三个工作日内报送整改情况 ", 60) + "末尾END"
	d.Row([]float64{30, 60, 80}, []string{"左格A1", long, "右格Z9"}, 10, 5)
	d.Paragraph("表后AFTER", 10, 5)
	out, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "row.pdf")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// pdftotext ends each page with a form feed.
	pages := strings.Split(strings.TrimSuffix(string(text), "\f"), "\f")
	if len(pages) != 2 {
		t.Fatalf("%d pages, want the row's two:\n%s", len(pages), text)
	}
	first, second := pages[0], pages[1]
	for _, want := range []string{"左格A1", "右格Z9", "请于三个工作日内"} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, first)
		}
	}
	for _, want := range []string{"末尾END", "表后AFTER"} {
		if !strings.Contains(second, want) {
			t.Errorf("page 2 lacks %q:\n%s", want, second)
		}
	}
	if strings.Contains(second, "右格Z9") {
		t.Errorf("a cell after the long one left its row's page:\n%s", second)
	}
}
