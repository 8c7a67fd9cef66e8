package task

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// A refusal carries its Chinese, also across the JSON of a workflow update,
// and names the task's status in the board's words.
func TestRefusalsInChinese(t *testing.T) {
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	now := fixtureStart.Add(day)
	mustApply(t, s, CancelRequest{Actor: actor("boss"), Reason: "merged"}, now)
	for _, tc := range []struct {
		action Action
		en, zh string
	}{
		{ProgressRequest{Actor: actor("li"), Percent: 40}, "the task is cancelled", "任务当前状态为“已取消”"},
		{ApproveRequest{Actor: actor("zhao")}, "the task is cancelled, not waiting for sign-off", "任务当前状态为“已取消”,不在等待审核销号"},
	} {
		_, err := s.Apply(tc.action, now)
		var re *RuleError
		if !errors.As(err, &re) {
			t.Fatalf("%T: want a refusal, got %v", tc.action, err)
		}
		data, _ := json.Marshal(re)
		var back RuleError
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if back.Message != tc.en || back.Zh != tc.zh {
			t.Errorf("%T: got %q / %q, want %q / %q", tc.action, back.Message, back.Zh, tc.en, tc.zh)
		}
	}

	fresh, _ := NewTaskState(fixtureSpec(), fixtureStart)
	_, err := fresh.Apply(ProgressRequest{Actor: actor("li"), Percent: 140}, now)
	var re *RuleError
	if !errors.As(err, &re) || re.Field != "percent" || re.Text().Zh != "须在 0 到 100 之间" {
		t.Fatalf("got %#v", err)
	}
	if zh := separationRefusal("王东").Zh; strings.ContainsAny(zh, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("the Chinese of the separation rule must not carry its English: %q", zh)
	}
}
