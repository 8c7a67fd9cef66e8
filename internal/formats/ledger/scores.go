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
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		loc = time.UTC
	}
	heads := make([]string, len(report.ScoreColumns))
	for i, c := range report.ScoreColumns {
		heads[i] = c.Zh + " " + c.En
	}
	title := s.Title + " · 考评得分  截至 " + s.GeneratedAt.In(loc).Format("2006-01-02 15:04")
	if err := b.listSheet(ScoresSheet, title, heads, scoreWidths, report.ScoreRows(s)); err != nil {
		return nil, err
	}
	return b.bytes()
}
