package pdfdoc

// Row writes a table row from the left margin: cells[i] wrapped in a cell
// widths[i] wide, at pt points in lines h high, every border as tall as
// the tallest cell. A row that would start at the page's foot starts on
// the next page; a cell too long for the page runs onto the next ones,
// where the row's borders go on.
func (d *Doc) Row(widths []float64, cells []string, pt, h float64) {
	pdf := d.pdf
	pageW, pageH := pdf.GetPageSize()
	d.NeedRoom(h + 2*padMM)
	top, first := pdf.GetY(), pdf.PageNo()
	last, bottom := first, top
	// Each cell starts on the row's first page; one that runs past its foot
	// goes on to the page an earlier cell may already have added, where
	// fpdf would add another.
	pdf.SetAcceptPageBreakFunc(func() bool {
		if pdf.PageNo() == pdf.PageCount() {
			return true
		}
		d.toPage(pdf.PageNo() + 1)
		pdf.SetY(d.margin)
		return false
	})
	defer pdf.SetAcceptPageBreakFunc(func() bool { return true })
	x := d.margin
	for i, s := range cells {
		d.toPage(first)
		// The cell's text wraps at margins set to its sides.
		pdf.SetLeftMargin(x + padMM)
		pdf.SetRightMargin(pageW - x - widths[i] + padMM)
		pdf.SetXY(x+padMM, top+padMM)
		d.Write(s, pt, h)
		switch end := pdf.GetY() + h + padMM; {
		case pdf.PageNo() > last:
			last, bottom = pdf.PageNo(), end
		case pdf.PageNo() == last:
			bottom = max(bottom, end)
		}
		x += widths[i]
	}
	pdf.SetLeftMargin(d.margin)
	pdf.SetRightMargin(d.margin)
	for page := first; page <= last; page++ {
		d.toPage(page)
		from, to := d.margin, pageH-d.margin
		if page == first {
			from = top
		}
		if page == last {
			to = bottom
		}
		x = d.margin
		for _, w := range widths {
			pdf.Rect(x, from, w, to-from, "D")
			x += w
		}
	}
	pdf.SetXY(d.margin, bottom)
}

// toPage goes on writing on page n, which exists. The font is set anew
// there: fpdf sets it only when it changes, and the page's own text may
// have ended in another.
func (d *Doc) toPage(n int) {
	if d.pdf.PageNo() == n {
		return
	}
	d.pdf.SetPage(n)
	pt, _ := d.pdf.GetFontSize()
	d.pdf.SetFontSize(pt)
}
