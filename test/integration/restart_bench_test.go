package integration

import (
	"fmt"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/closeout/closeout/test/benchreport"
	"github.com/closeout/closeout/test/e2e"
)

// BenchmarkDevRestart10k measures how soon closeout dev serves again after a
// crash at 10,000 tasks (issue 26): it checks the tasks whose last write is
// not known to be committed before it opens its port, so readiness depends on
// how many such writes the crash left, not on the campaign's size. Two
// crashes: the moment a 10,000-task import answers (every task's first write
// still unconfirmed: the worst case), and again once that start checked them
// and a few actions were taken (the ordinary case).
func BenchmarkDevRestart10k(b *testing.B) {
	const n = 10000
	dir := b.TempDir()
	d := startDev(b, dir, "", "--log-level", "info")
	d.person("boss", "manager")
	li := d.person("li")
	d.person("zhao")
	d.importBig(b, e2e.BigPlan("restart", n))

	worst, worstChecked := crashAndRestart(b, &d, dir)
	for i := range 5 {
		d.must(200, li, "POST", taskPath("restart", fmt.Sprintf("T%05d", i), "progress"), map[string]any{"note": "after the first crash", "percent": 10}, nil)
	}
	ordinary, ordinaryChecked := crashAndRestart(b, &d, dir)

	b.ReportMetric(worst.Seconds(), "s-worst")
	b.ReportMetric(ordinary.Seconds(), "s-ordinary")
	benchreport.Record(benchreport.Row{
		Order: 42, Target: "ready after a crash, 10,000 tasks", Value: ordinary.Seconds(), Limit: 5, Unit: " s",
		Measure: "SIGKILL of closeout dev at 10,000 open tasks, then start to banner: its Temporal, worker and the check of unconfirmed writes",
		Result: fmt.Sprintf("%.1f s (%d unconfirmed writes checked); %.1f s (%d) when killed as the import answered",
			ordinary.Seconds(), ordinaryChecked, worst.Seconds(), worstChecked),
	})
}

// checkedLine is dev's log line of its start check.
var checkedLine = regexp.MustCompile(`msg="checked unconfirmed writes" tasks=(\d+)`)

// crashAndRestart kills dev with SIGKILL and starts it again on the same data
// folder, returning how long the start took and how many tasks it checked.
func crashAndRestart(b *testing.B, d **dev, dir string) (time.Duration, int) {
	b.Helper()
	if err := (*d).cmd.Process.Signal(syscall.SIGKILL); err != nil {
		b.Fatalf("kill closeout dev: %v", err) // no crash, nothing to time
	}
	<-(*d).exited
	began := time.Now()
	*d = startDev(b, dir, "", "--log-level", "info")
	took := time.Since(began)
	// stderr reaches the buffer through a copying goroutine of os/exec, a
	// moment after the banner came on stdout.
	var m [][]string
	for end := time.Now().Add(10 * time.Second); len(m) == 0; {
		m = checkedLine.FindAllStringSubmatch((*d).logs.String(), -1)
		if len(m) == 0 && time.Now().After(end) {
			b.Fatalf("no start check in the log:\n%s", tail((*d).logs.String(), 3000))
		}
		time.Sleep(20 * time.Millisecond)
	}
	checked, _ := strconv.Atoi(m[len(m)-1][1])
	return took, checked
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
