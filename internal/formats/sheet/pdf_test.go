package sheet_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/formats/sheet"
	"github.com/closeout/closeout/internal/i18n"
)

// The PDF embeds the CJK font: its number, title and typed note read back
// as text.
func TestPDFReadsBack(t *testing.T) {
	if !sheet.DefaultFonts.Available() {
		t.Skipf("the fonts %s and %s are not installed (apt-get install fonts-droid-fallback fonts-dejavu-core)", sheet.DefaultFont, sheet.DefaultLatinFont)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	c := sheet.Content{Number: sheet.Number("", 2026, 7), Seq: 7, Year: 2026, Grade: sheet.GradeRed,
		Date: calendar.Date{Year: 2026, Month: 12, Day: 7}, CampaignTitle: "营商环境攻坚行动",
		Task: "T03", TaskTitle: "企业开办一日办结", OwnerName: "海口市", Status: "open", Light: "red",
		DaysOverdue: 4, Note: "请于三个工作日内报送整改情况", IssuedByName: "李明",
		RespondBy: calendar.Date{Year: 2026, Month: 12, Day: 10}}
	out, err := sheet.PDF(c, i18n.ZH, sheet.DefaultFonts)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"〔2026〕督办第7号", "红牌督办单", "企业开办一日办结", "请于三个工作日内报送整改情况", "2026-12-10", "红灯"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	// The CJK font has no digits or Latin letters: they are set in the
	// Latin one, so both are embedded (else digits print as empty boxes,
	// which pdftotext above would not notice).
	fonts, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	for _, want := range []string{"utf8cjk ", "utf8latin "} { // fpdf names them after their families
		if !strings.Contains(string(fonts), want) {
			t.Errorf("the PDF does not embed %s:\n%s", want, fonts)
		}
	}
}

// Without the font there is no PDF, and the error says which file.
func TestPDFWithoutFont(t *testing.T) {
	_, err := sheet.PDF(sheet.Content{}, i18n.EN, sheet.Fonts{CJK: sheet.DefaultFont, Latin: filepath.Join(t.TempDir(), "none.ttf")})
	if err == nil || !strings.Contains(err.Error(), "none.ttf") {
		t.Fatalf("want ErrNoFont naming the file, got %v", err)
	}
}
