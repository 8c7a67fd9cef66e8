package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/closeout/closeout/internal/formats/sheet"
)

const sheetPhoneWidth = 390

// A supervision sheet from the browser at 390 px (docs/sheets.md): the
// campaign's owner issues one on an overdue task from its page; the answer
// is the sheet's print page, which fits the phone and shows the typed
// requirement as text; its PDF, through the API, reads back with the same
// number and title. With CLOSEOUT_SCREENSHOTS set to a folder the form and
// the print page are saved there as PNGs to look at.
func TestSupervisionSheetInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	d := startDev(t, t.TempDir(), "", "--demo")
	var issued struct {
		Token string `json:"token"`
	}
	d.must(201, d.admin, "POST", "/api/v1/people/shegongbu/tokens", nil, &issued)

	var requests requestLog
	ctx, do := browserSteps(t, d, chromium, &requests)
	typed := `<b>请于三个工作日内</b>报送整改情况`
	do("sign in as the campaign's owner at 390 px",
		screenOf(sheetPhoneWidth, 844, true),
		chromedp.Navigate(d.base+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), issued.Token),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="shegongbu"]`)),
		chromedp.Navigate(d.base+"/tasks/xmlc-demo/T20?lang=zh"),
		chromedp.WaitVisible(chromedp.ID("sheet-form")),
	)
	shots := os.Getenv("CLOSEOUT_SCREENSHOTS")
	fitsThePhone(t, ctx, "the task page with the sheet form")
	do("issue a red-card sheet",
		chromedp.SetValue(chromedp.ID("sheet-grade"), "red"),
		chromedp.SendKeys(chromedp.CSS(`#sheet-form textarea[name="note"]`), typed),
		chromedp.Click(chromedp.ID("sheet-submit")),
		chromedp.WaitVisible(chromedp.ID("sheet")),
	)
	fitsThePhone(t, ctx, "the sheet's print page")
	screenshot(t, ctx, shots, "sheet-390")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const s = document.querySelector('#sheet');
		return [s.dataset.sheet, document.querySelector('#sheet-title').textContent, document.querySelector('#sheet-number').textContent,
			String(s.querySelectorAll('b').length), s.textContent];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got[1] != "红牌督办单" || !strings.HasSuffix(got[2], "督办第1号") || got[3] != "0" || !strings.Contains(got[4], typed) || !strings.Contains(got[4], "充实村(社区)工作力量") {
		t.Fatalf("the print page shows %q", got)
	}

	if !sheet.DefaultFonts.Available() {
		t.Skipf("the fonts %s and %s are not installed (apt-get install fonts-droid-fallback fonts-dejavu-core): the PDF is not checked", sheet.DefaultFont, sheet.DefaultLatinFont)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): the PDF is not checked")
	}
	pdf := d.must(200, issued.Token, "GET", "/api/v1/sheets/"+got[0]+"?format=pdf", nil, nil)
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, pdf.Body, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{got[2], "红牌督办单", "充实村(社区)工作力量", "请于三个工作日内"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}
