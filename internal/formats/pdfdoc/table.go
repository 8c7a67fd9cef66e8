package pdfdoc

// Row writes a table row from the left margin: cells[i] wrapped in a cell
// widths[i] wide, at pt points in lines h high, every border as tall as
// the tallest cell. A row that would start at the page's foot starts on
// the next page; one that runs onto the next page still has no border
// there.
func (d *Doc) Row(widths []float64, cells []string, pt, h float64) {
	pdf := d.pdf
	pageW, _ := pdf.GetPageSize()
	d.NeedRoom(h + 2*padMM)
	top, page := pdf.GetY(), pdf.PageNo()
	bottom, x := top, d.margin
	for i, s := range cells {
		// The cell's text wraps at margins set to its sides.
		pdf.SetLeftMargin(x + padMM)
		pdf.SetRightMargin(pageW - x - widths[i] + padMM)
		pdf.SetXY(x+padMM, top+padMM)
		d.Write(s, pt, h)
		bottom = max(bottom, pdf.GetY()+h+padMM)
		x += widths[i]
	}
	pdf.SetLeftMargin(d.margin)
	pdf.SetRightMargin(d.margin)
	if pdf.PageNo() == page {
		x = d.margin
		for _, w := range widths {
			pdf.Rect(x, top, w, bottom-top, "D")
			x += w
		}
	}
	pdf.SetXY(d.margin, bottom)
}
