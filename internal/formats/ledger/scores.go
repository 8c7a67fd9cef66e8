package ledger

import (
	"time"

	"github.com/closeout/closeout/internal/formats/report"
)

// ScoresSheet is the one sheet of a scores workbook.
const ScoresSheet = "考评得分"

// scoreWidths are the columns' widths, in report.ScoreColumns' order.
var scoreWidths = []float64{12, 6, 14, 18, 8, 12, 28, 28, 8}

// ExportScores writes a campaign's scores as a workbook (GET
// /api/v1/campaigns/{id}/scores?format=xlsx): the table of report.ScoreRows
// under a title row, printed as the ledger's sheets are, typed text kept
// text (neutralise.go).
func ExportScores(s report.Scores) ([]byte, error) {
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	if err := b.sheet(ScoresSheet); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		loc = time.UTC
	}
	cols := len(report.ScoreColumns)
	if err := b.titleRow(ScoresSheet, s.Title+" · 考评得分  截至 "+s.GeneratedAt.In(loc).Format("2006-01-02 15:04"), cols); err != nil {
		return nil, err
	}
	heads := make([]string, cols)
	for i, c := range report.ScoreColumns {
		heads[i] = c.Zh + " " + c.En
	}
	if err := b.headerRow(ScoresSheet, 2, heads, scoreWidths); err != nil {
		return nil, err
	}
	rows := report.ScoreRows(s)
	for i, row := range rows {
		if err := b.row(ScoresSheet, cellName(1, 3+i), row); err != nil {
			return nil, err
		}
	}
	b.ruleTable(ScoresSheet, 2, 2+len(rows), cols)
	b.printable(ScoresSheet, 1, 2)
	return b.bytes()
}
