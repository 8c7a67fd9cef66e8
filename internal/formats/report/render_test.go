package report

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
)

func sampleReport() Report {
	rows := []Row{
		{Track: "qingche", Status: "closed", Light: "done", OnTime: true, N: 10},
		{Track: "zhuangma", Status: "closed", Light: "done", N: 8},
		{Track: "zhuangma", Status: "open", Light: "green", N: 9},
		{Track: "changlu", Status: "open", Light: "red", Late: true, N: 2},
		{Track: "changlu", Status: "submitted", Light: "yellow", N: 1},
	}
	now := time.Date(2024, 10, 8, 2, 0, 0, 0, time.UTC)
	r := Report{Campaign: "xmlc", Title: "攻坚行动", Timezone: "Asia/Shanghai", GeneratedAt: now, Totals: Sum(rows)}
	by := ByTrack(rows)
	for _, id := range []string{"qingche", "zhuangma", "changlu"} {
		r.Tracks = append(r.Tracks, TrackTotals{ID: id, Title: id, Totals: by[id]})
	}
	r.Overdue = []TaskLine{{TaskLine: store.TaskLine{ID: "T29", Title: "修订|制度", Owner: "li", Deadline: now.Add(-72 * time.Hour), EscalationLevel: 2}}}
	r.SummaryZH, r.SummaryEN = Summary(r.Totals)
	return r
}

// CSV carries exactly the JSON figures: every column of every scope.
func TestCSVCarriesTheFigures(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+1+len(r.Tracks) {
		t.Fatalf("%d rows", len(recs))
	}
	want := append([]Totals{r.Totals}, r.Tracks[0].Totals, r.Tracks[1].Totals, r.Tracks[2].Totals)
	for i, rec := range recs[1:] {
		for j, c := range columns {
			if got, _ := strconv.Atoi(rec[3+j]); got != c.get(want[i]) {
				t.Errorf("row %d %s: %d, want %d", i, c.key, got, c.get(want[i]))
			}
		}
	}
}

// Markdown carries the same figures, the sentences, and the overdue task.
func TestMarkdownCarriesTheFigures(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		r.SummaryZH, r.SummaryEN,
		"| 全部 All | 30 | 18 | 60 | 11 | 1 | 9 | 1 | 2 | 10 | 2 |",
		"| changlu | 3 | 0 | 0 | 2 | 1 | 0 | 1 | 2 | 0 | 2 |",
		`T29 修订\|制度 | li | 2024-10-05 | 3 | 2 |`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
