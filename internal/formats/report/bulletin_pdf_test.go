package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/scoring"
	"github.com/closeout/closeout/internal/formats/pdfdoc"
	"github.com/closeout/closeout/internal/i18n"
)

// The bulletin's PDF reads back, in Chinese by default and in English when
// asked: its title, the seed's sentence, the lists and the ranking with
// its scores, the digits set in the Latin font.
func TestBulletinPDFReadsBack(t *testing.T) {
	if !pdfdoc.DefaultFonts.Available() {
		t.Skipf("the fonts %s and %s are not installed (apt-get install fonts-droid-fallback fonts-dejavu-core)", pdfdoc.DefaultFont, pdfdoc.DefaultLatinFont)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	in, loc := bulletinWorld(t)
	in.Scores.Units = []scoring.UnitScore{{Unit: "u1", Name: "海口市", Class: "市县", Score: 97.5, Rank: 1}}
	from, to := DefaultPeriod(in.Now, loc)
	b := BuildBulletin(in, loc, from, to)
	for _, c := range []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.ZH, []string{"<b>攻坚</b>", "情况通报", "2026-03-01至2026-03-31", b.EndZH, "本期新增销号", "closed-in", "期末超期", "late", "五、单位考评排名", "海口市", "97.5"}},
		{i18n.EN, []string{"<b>攻坚</b>", "Bulletin", "2026-03-01 to 2026-03-31", "closed in the period", "closed-in", "Overdue at the end", "Unit ranking", "海口市", "97.5"}},
	} {
		out, err := WriteBulletinPDF(b, loc, c.lang, pdfdoc.DefaultFonts)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "bulletin.pdf")
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
		// -raw keeps the sentence's wrapped lines in order, joined by
		// newlines, which are taken out before looking.
		text, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		flat := strings.ReplaceAll(string(text), "\n", "")
		for _, want := range c.want {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: the PDF's text lacks %q:\n%s", c.lang, want, text)
			}
		}
	}
}
