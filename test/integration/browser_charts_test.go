package integration

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// chartsPhoneWidth is the phone SPEC section 17 reads the charts on.
const chartsPhoneWidth = 390

// The charts read on a phone and on a desktop (SPEC section 17, "Phone"):
// on the demo's burn-down, Gantt, unit ranking and scores the page never scrolls
// sideways (only the Gantt's own box does, its task names staying in view),
// no text is smaller than 11 px as drawn, and no chart label overlaps
// another or is cut at its chart's edge. With CLOSEOUT_SCREENSHOTS set to a
// folder, each page is photographed there for a person to look at.
func TestChartsReadOnAPhone(t *testing.T) {
	chromium := chromiumPath(t)
	d := startDev(t, t.TempDir(), "", "--demo")
	shots := os.Getenv("CLOSEOUT_SCREENSHOTS")
	for _, size := range []struct {
		name          string
		width, height int64
		phone         bool
	}{{"phone", chartsPhoneWidth, 844, true}, {"desktop", 1280, 900, false}} {
		t.Run(size.name, func(t *testing.T) {
			var requests requestLog
			ctx, do := browserSteps(t, d, chromium, &requests)
			do("size the screen", screenOf(size.width, size.height, size.phone))
			do("sign in as the admin",
				chromedp.Navigate(d.base+"/"),
				chromedp.WaitVisible(chromedp.ID("token")),
				chromedp.SendKeys(chromedp.ID("token"), d.admin),
				chromedp.Click(chromedp.ID("signin-submit")),
				chromedp.WaitVisible(chromedp.ID("nav-people")),
			)
			for _, page := range []struct{ name, path, section string }{
				{"burndown", "/campaigns/xmlc-demo/burndown", "burndown"},
				{"gantt", "/campaigns/xmlc-demo/gantt", "gantt"},
				{"ranking", "/campaigns/xmlc-demo/units", "ranking"},
				{"scores", "/campaigns/xmlc-demo/scores", "scores"},
			} {
				do("open the "+page.name, chromedp.Navigate(d.base+page.path), chromedp.WaitVisible(chromedp.ID(page.section)))
				if size.phone {
					fitsThePhone(t, ctx, "the "+page.name)
				}
				readable(t, ctx, size.name+" "+page.name, page.section)
				screenshot(t, ctx, shots, size.name+"-"+page.name)
			}
			// The Gantt scrolled to its far end still names its rows.
			do("open the gantt", chromedp.Navigate(d.base+"/campaigns/xmlc-demo/gantt"), chromedp.WaitVisible(chromedp.ID("gantt")))
			names, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`(() => {
				const box = document.getElementById('gantt-scroll');
				box.scrollLeft = box.scrollWidth;
				const names = box.querySelector('svg.gantt-names').getBoundingClientRect();
				const b = box.getBoundingClientRect();
				return {scrolled: box.scrollLeft, overflow: box.scrollWidth - box.clientWidth, namesLeft: names.left - b.left, namesRight: names.right, boxRight: b.right};
			})()`))
			if err != nil {
				t.Fatalf("scroll the gantt: %v", err)
			}
			if size.phone && (names["overflow"] <= 0 || names["scrolled"] <= 0) {
				t.Errorf("on a phone the gantt should scroll sideways in its box: %v", names)
			}
			if names["namesLeft"] < 0 || names["namesLeft"] > 2 || names["namesRight"] > names["boxRight"] {
				t.Errorf("the gantt's task names left the view when it scrolled: %v", names)
			}
			screenshot(t, ctx, shots, size.name+"-gantt-scrolled")
		})
	}
}

// readable fails the test for text in the section drawn smaller than 11 px
// (an SVG's text at its font size times the SVG's scale on screen), and for
// chart labels that overlap one another or are cut at the edge of their
// chart or their box.
func readable(t *testing.T, ctx context.Context, page, section string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const out = [];
		const root = document.getElementById('`+section+`');
		const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
		const name = e => e.tagName.toLowerCase() + (e.className && e.className.baseVal !== undefined ? '.' + e.className.baseVal : (e.className ? '.' + e.className : '')) + ' "' + e.textContent.trim().slice(0, 20) + '"';
		for (const e of root.querySelectorAll('*')) {
			if (!shown(e) || e.tagName === 'title') continue;
			const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
			if (!own) continue;
			let px = parseFloat(getComputedStyle(e).fontSize);
			if (e instanceof SVGElement) px *= e.getScreenCTM().a;
			if (px < 10.95) out.push('small ' + name(e) + ' ' + px.toFixed(1) + 'px');
		}
		for (const svg of root.querySelectorAll('svg')) {
			if (!shown(svg)) continue;
			const s = svg.getBoundingClientRect();
			const texts = [...svg.querySelectorAll('text')].filter(shown).map(e => [e, e.getBoundingClientRect()]);
			for (const [e, r] of texts) {
				if (r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5) out.push('cut ' + name(e));
			}
			for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
				const [a, ra] = texts[i], [b, rb] = texts[j];
				const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
				if (w > 0.5 && h > 0.5) out.push('overlap ' + name(a) + ' ' + name(b));
			}
		}
		for (const e of root.querySelectorAll('ol.rank-bars span')) {
			if (e.scrollWidth > e.clientWidth + 1) out.push('cut ' + name(e));
		}
		return out;
	})()`))
	if err != nil {
		t.Fatalf("%s: measure the text: %v", page, err)
	}
	if len(problems) > 0 {
		t.Errorf("%s is hard to read: %v", page, problems)
	}
}

// screenshot saves the whole page as dir/name.png when dir is set (quality
// 100 is what makes it a PNG).
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o600); err != nil {
		t.Fatal(err)
	}
}
