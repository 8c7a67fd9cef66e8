// Package report rolls a campaign's tasks up into the figures leaders read:
// how many, how many closed and what share, how many on schedule or late, per
// campaign and per track, and the sentence the seed document reports them in.
// It is pure: the store counts, this package adds up and words.
package report

import "github.com/closeout/closeout/internal/platform/store"

// Row is one group of tasks counted by the projection.
type Row = store.RollupRow

// Totals are the figures of SPEC section 5. Cancelled tasks have left the
// list and count nowhere.
type Totals struct {
	Tasks        int `json:"tasks"`
	Closed       int `json:"closed"`
	ClosedPct    int `json:"closed_pct"`
	Open         int `json:"open"`
	Submitted    int `json:"submitted"`
	Green        int `json:"green"`
	Yellow       int `json:"yellow"`
	Red          int `json:"red"`
	ClosedOnTime int `json:"closed_on_time"`
	// Overdue are the tasks not closed whose deadline has passed.
	Overdue int `json:"overdue"`
}

// Add counts rows into t.
func (t *Totals) Add(rows ...Row) {
	for _, r := range rows {
		if r.Status == "cancelled" {
			continue
		}
		t.Tasks += r.N
		switch r.Status {
		case "closed":
			t.Closed += r.N
			if r.OnTime {
				t.ClosedOnTime += r.N
			}
		case "open":
			t.Open += r.N
		case "submitted":
			t.Submitted += r.N
		}
		if r.Status != "closed" {
			switch r.Light {
			case "green":
				t.Green += r.N
			case "yellow":
				t.Yellow += r.N
			case "red":
				t.Red += r.N
			}
			if r.Late {
				t.Overdue += r.N
			}
		}
	}
	t.ClosedPct = Percent(t.Closed, t.Tasks)
}

// Sum totals rows.
func Sum(rows []Row) Totals {
	var t Totals
	t.Add(rows...)
	return t
}

// ByTrack totals rows per track.
func ByTrack(rows []Row) map[string]Totals {
	out := map[string]Totals{}
	for _, r := range rows {
		t := out[r.Track]
		t.Add(r)
		out[r.Track] = t
	}
	return out
}

// Percent is n of total as a whole percentage, rounded half up (60.5 → 61),
// in integers so no float rounding can surprise: the projection's rule
// (store.Percent), which ranks units by it too.
func Percent(n, total int) int { return store.Percent(n, total) }
