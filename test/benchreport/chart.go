package benchreport

import (
	"fmt"
	"html"
	"strings"
)

// Chart draws each row as a bar of its value over its target, so 1.0 is the
// target line: a bar that reaches past it meets an at-least target, one that
// stays short of it meets an at-most target. Bars are green when met, red
// when missed; the scale ends at 2.
func Chart(rows []Row) string {
	const (
		left, width, barH, gap, top = 330, 420, 18, 10, 40
		scaleMax                    = 2.0
	)
	height := top + len(rows)*(barH+gap) + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", left+width+120, height)
	fmt.Fprintf(&b, `<text x="10" y="20" font-size="14" font-weight="bold">closeout against its targets (measure / target; the line is the target)</text>`+"\n")
	x1 := left + int(float64(width)/scaleMax)
	for i, r := range rows {
		y := top + i*(barH+gap)
		share := 0.0
		if r.Limit != 0 {
			share = r.Value / r.Limit
		}
		w := int(min(share, scaleMax) / scaleMax * float64(width))
		color := "#2e7d32"
		if !r.Met() {
			color = "#c62828"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", left-8, y+barH-4, html.EscapeString(r.Target))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", left, y, max(w, 1), barH, color)
		op := "≤"
		if r.AtLeast {
			op = "≥"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s (%s %s%s)</text>`+"\n", left+max(w, 1)+6, y+barH-4, html.EscapeString(r.value()), op, trim(r.Limit), html.EscapeString(r.Unit))
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000" stroke-dasharray="4 3"/>`+"\n", x1, top-6, x1, height-24)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">target</text>`+"\n", x1, height-10)
	b.WriteString("</svg>\n")
	return b.String()
}
