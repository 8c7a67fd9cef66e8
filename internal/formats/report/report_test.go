package report

import "testing"

func TestPercentRoundsHalfUp(t *testing.T) {
	for _, tc := range []struct{ n, total, want int }{
		{18, 30, 60}, {1, 8, 13}, // 12.5 → 13
		{1, 3, 33}, {2, 3, 67}, {121, 200, 61}, // 60.5 → 61
		{0, 0, 0}, {5, 5, 100}, {1, 200, 1}, // 0.5 → 1
		{2, 400, 1}, // 0.5 → 1
		{1, 400, 0}, // 0.25 → 0
	} {
		if got := Percent(tc.n, tc.total); got != tc.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", tc.n, tc.total, got, tc.want)
		}
	}
}

func TestSummaryReadsLikeTheSeed(t *testing.T) {
	rows := []Row{
		{Track: "qingche", Status: "closed", Light: "done", OnTime: true, N: 18},
		{Track: "zhuangma", Status: "open", Light: "green", N: 10},
		{Track: "changlu", Status: "submitted", Light: "green", N: 2},
		{Track: "changlu", Status: "cancelled", Light: "done", N: 4},
	}
	zh, en := Summary(Sum(rows))
	if want := "目前30项任务已完成18项,占60%,其余12项正按时序推进。"; zh != want {
		t.Errorf("zh:\n got %s\nwant %s", zh, want)
	}
	if want := "18 of 30 tasks are closed (60%); the other 12 are on schedule."; en != want {
		t.Errorf("en:\n got %s\nwant %s", en, want)
	}

	rows[1] = Row{Track: "zhuangma", Status: "open", Light: "green", N: 8}
	rows = append(rows, Row{Track: "zhuangma", Status: "open", Light: "red", Late: true, N: 2})
	zh, en = Summary(Sum(rows))
	if want := "目前30项任务已完成18项,占60%,其余12项中,10项按时序推进,2项已超期。"; zh != want {
		t.Errorf("zh overdue:\n got %s\nwant %s", zh, want)
	}
	if want := "18 of 30 tasks are closed (60%); of the other 12, 10 are on schedule and 2 are overdue."; en != want {
		t.Errorf("en overdue:\n got %s\nwant %s", en, want)
	}
}

func TestTotalsByTrack(t *testing.T) {
	rows := []Row{
		{Track: "a", Status: "closed", Light: "done", OnTime: false, N: 1},
		{Track: "a", Status: "open", Light: "yellow", N: 2},
		{Track: "b", Status: "submitted", Light: "red", Late: true, N: 3},
	}
	by := ByTrack(rows)
	if a := by["a"]; a.Tasks != 3 || a.Closed != 1 || a.ClosedOnTime != 0 || a.Yellow != 2 || a.ClosedPct != 33 {
		t.Errorf("track a: %+v", a)
	}
	if b := by["b"]; b.Submitted != 3 || b.Red != 3 || b.Overdue != 3 {
		t.Errorf("track b: %+v", b)
	}
}
