package pdfdoc

// fpdf takes one font at a time and has no fallback, so each run of CJK or
// Latin text is written in its own font.

// run is a stretch of text set in one font.
type run struct {
	family, text string
}

// runs splits s where it changes between CJK (and full-width forms) and
// the rest.
func runs(s string) []run {
	var out []run
	for _, r := range s {
		f := latinFamily
		if r >= 0x2E80 {
			f = cjkFamily
		}
		if n := len(out); n > 0 && out[n-1].family == f {
			out[n-1].text += string(r)
		} else {
			out = append(out, run{f, string(r)})
		}
	}
	return out
}

// Width is s's width set at pt points.
func (d *Doc) Width(s string, pt float64) float64 {
	total := 0.0
	for _, r := range runs(s) {
		d.pdf.SetFont(r.family, "", pt)
		total += d.pdf.GetStringWidth(r.text)
	}
	return total
}

// Write flows s from the current position within the margins, wrapping
// at them, in lines h high.
func (d *Doc) Write(s string, pt, h float64) {
	for _, r := range runs(s) {
		d.pdf.SetFont(r.family, "", pt)
		d.pdf.Write(h, r.text)
	}
}

// Paragraph writes s from the left margin, wrapped, and ends its line.
func (d *Doc) Paragraph(s string, pt, h float64) {
	d.pdf.SetX(d.margin)
	d.Write(s, pt, h)
	d.pdf.Ln(h)
}

// Line writes s on a line of its own, centred ("C"), to the right ("R") or
// from the left margin (anything else).
func (d *Doc) Line(s string, pt, h float64, align string) {
	pageW, _ := d.pdf.GetPageSize()
	x := d.margin
	switch align {
	case "C":
		x = (pageW - d.Width(s, pt)) / 2
	case "R":
		// A hair inside the margin: Write wraps a run that ends exactly on
		// it, rounding being what it is.
		x = pageW - d.margin - d.Width(s, pt) - 0.1
	}
	d.pdf.SetX(x)
	d.Write(s, pt, h)
	d.pdf.Ln(h)
}
