package api_test

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/formats/pdfdoc"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/web/api"
)

// The bulletin as a PDF: without its fonts the server says so in the
// reader's language (503); with them, the PDF reads back with the
// campaign's title and the report's sentence in Chinese, and in English
// when asked.
func TestBulletinPDF(t *testing.T) {
	const bulletin = "/api/v1/campaigns/c1/bulletin?from=2027-03-01&to=2027-03-31&format=pdf"
	_, missing, tokens := scoresServerWith(t, storetest.SQLite, api.Options{PDFFont: filepath.Join(t.TempDir(), "none.ttf")})
	if rec := sendLang(missing, tokens["li"], bulletin, "zh"); rec.Code != http.StatusServiceUnavailable ||
		rec.Header().Get("Content-Type") != "application/problem+json" || !strings.Contains(rec.Body.String(), "服务器未安装所需字体") {
		t.Errorf("no font, zh: %d %s", rec.Code, rec.Body)
	}
	if rec := sendLang(missing, tokens["li"], bulletin, "en"); rec.Code != http.StatusServiceUnavailable ||
		!strings.Contains(rec.Body.String(), "its fonts are not installed") {
		t.Errorf("no font, en: %d %s", rec.Code, rec.Body)
	}
	if rec := sendLang(missing, tokens["li"], "/api/v1/campaigns/c1/bulletin?format=doc", "en"); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "pdf") {
		t.Errorf("format=doc: %d %s", rec.Code, rec.Body)
	}

	if !pdfdoc.DefaultFonts.Available() {
		t.Skipf("the fonts %s and %s are not installed (apt-get install fonts-droid-fallback fonts-dejavu-core)", pdfdoc.DefaultFont, pdfdoc.DefaultLatinFont)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	_, h, tokens := scoresServer(t, storetest.SQLite)
	for _, c := range []struct {
		accept string
		want   []string
	}{
		{"", []string{"攻坚行动", "情况通报", "2027-03-01至2027-03-31", "目前3项任务已完成2项,占67%,其余1项均已超期。", "二、期末超期", "五、单位考评排名"}},
		{"en", []string{"攻坚行动", "Bulletin", "2027-03-01 to 2027-03-31", "2 of 3", "Overdue at the end", "Unit ranking"}},
	} {
		rec := sendLang(h, tokens["li"], bulletin, c.accept)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) ||
			!strings.Contains(rec.Header().Get("Content-Disposition"), `c1-bulletin-2027-03-01-2027-03-31.pdf"`) {
			t.Fatalf("pdf (%q): %d %s", c.accept, rec.Code, rec.Header())
		}
		path := filepath.Join(t.TempDir(), "bulletin.pdf")
		if err := os.WriteFile(path, rec.Body.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		// -raw keeps a wrapped sentence's lines in order; the newlines are
		// taken out before looking.
		text, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		flat := strings.ReplaceAll(string(text), "\n", "")
		for _, want := range c.want {
			if !strings.Contains(flat, want) {
				t.Errorf("(%q) the PDF's text lacks %q:\n%s", c.accept, want, text)
			}
		}
	}
}
