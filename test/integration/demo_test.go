package integration

import (
	"strings"
	"testing"
	"time"
)

// The demo reads like the seed: 18 of its 30 tasks closed, T01 handed down
// to Hainan's eighteen cities and counties whose figures add up to the
// seed's 565 returned staff (532 in towns, 33 in villages), and the
// training and signage figures beside it.
func TestDemoReportsTheSeedsFigures(t *testing.T) {
	d := startDev(t, t.TempDir(), "", "--demo")
	md := string(d.must(200, d.admin, "GET", "/api/v1/campaigns/xmlc-demo/report?format=md", nil, nil).Body)
	for _, want := range []string{
		"目前30项任务已完成18项,占60%",
		"返岗人数565名(镇街532名、村居33名),完成目标100%",
		"清理标牌、标识24647块,完成目标100%",
		"培训90人次,完成目标100%",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the demo report misses %q:\n%s", want, md)
		}
	}
	// The demo plans on cn whatever today's date is: past the shipped
	// years, on provisional ones (SPEC section 13), not on plain weekdays.
	var campaign struct {
		Calendar string `json:"calendar"`
	}
	d.must(200, d.admin, "GET", "/api/v1/campaigns/xmlc-demo", nil, &campaign)
	if campaign.Calendar != "cn" {
		t.Errorf("the demo plans on calendar %q, want cn", campaign.Calendar)
	}
	var ranking struct {
		Items []struct {
			ID    string `json:"id"`
			Tasks int    `json:"tasks"`
		} `json:"items"`
	}
	d.must(200, d.admin, "GET", "/api/v1/campaigns/xmlc-demo/units", nil, &ranking)
	if len(ranking.Items) != 18 {
		t.Fatalf("the demo ranks %d units, want Hainan's 18", len(ranking.Items))
	}
}

// The demo shows life (SPEC section 17): some tasks yellow, some red, and
// the red ones escalated by their own overdue ladder, which fires on its own
// clock a moment after the tasks start.
func TestDemoHasYellowAndEscalatedRedTasks(t *testing.T) {
	d := startDev(t, t.TempDir(), "", "--demo")
	type listed struct {
		Items []struct {
			ID              string `json:"id"`
			Light           string `json:"light"`
			EscalationLevel int    `json:"escalation_level"`
		} `json:"items"`
	}
	var yellow, red listed
	d.must(200, d.admin, "GET", "/api/v1/tasks?campaign=xmlc-demo&light=yellow", nil, &yellow)
	if len(yellow.Items) == 0 {
		t.Error("the demo has no yellow task")
	}
	escalated := func() bool {
		d.must(200, d.admin, "GET", "/api/v1/tasks?campaign=xmlc-demo&light=red", nil, &red)
		levels := map[string]int{}
		for _, it := range red.Items {
			levels[it.ID] = it.EscalationLevel
		}
		// T19 is flagged and days late: its ladder's second level has come too.
		return levels["T19"] >= 2 && levels["T20"] >= 1
	}
	waitFor(t, time.Minute, escalated)
}
