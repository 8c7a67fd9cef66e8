package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sizedPlan is a JSON plan of tasks tasks (one track) and units units,
// every task owned by admin.
func sizedPlan(t testing.TB, tasks, units int) []byte {
	t.Helper()
	list := make([]map[string]any, tasks)
	for i := range list {
		list[i] = map[string]any{"id": fmt.Sprintf("T%05d", i), "title": "task", "owner": "admin", "approvers": []string{"admin"}, "deadline": "2024-12-31"}
	}
	us := make([]map[string]any, units)
	for i := range us {
		us[i] = map[string]any{"id": fmt.Sprintf("u%04d", i), "name": "unit"}
	}
	doc := map[string]any{"id": "big", "title": "big", "owner": "admin", "start": "2024-05-06", "timezone": "Asia/Shanghai",
		"units": us, "tracks": []any{map[string]any{"id": "t", "title": "t", "tasks": list}}}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A plan over the task or unit limit is refused whole, before a task is
// read: one error per list too long, TooLarge set. Without a limit (a
// stored plan read back) it is read.
func TestPlanLimits(t *testing.T) {
	opts := testOptions()
	opts.MaxTasks = 5
	for name, c := range map[string]struct {
		tasks, units int
		fields       []string
	}{
		"at the limits": {5, MaxUnits, nil},
		"tasks":         {6, 0, []string{"tracks"}},
		"units":         {1, MaxUnits + 1, []string{"units"}},
		"both":          {6, MaxUnits + 1, []string{"tracks", "units"}},
	} {
		t.Run(name, func(t *testing.T) {
			data := sizedPlan(t, c.tasks, c.units)
			for _, read := range []func() error{
				func() error { _, err := Parse(data, JSON, opts); return err },
				func() error { _, _, err := Check(data, JSON, opts); return err },
			} {
				err := read()
				if c.fields == nil {
					if err != nil {
						t.Fatalf("refused within the limits: %v", err)
					}
					continue
				}
				var ve *ValidationError
				if !errors.As(err, &ve) || !ve.TooLarge {
					t.Fatalf("err %v; want a ValidationError with TooLarge", err)
				}
				var got []string
				for _, e := range ve.Errors {
					got = append(got, e.Field)
					if !strings.Contains(e.Message, "at most") || !strings.Contains(e.Zh, "最多") {
						t.Errorf("%s: %q / %q does not give the limit in both languages", e.Field, e.Message, e.Zh)
					}
				}
				if strings.Join(got, ",") != strings.Join(c.fields, ",") {
					t.Errorf("errors on %v, want %v", got, c.fields)
				}
			}
		})
	}
	if _, err := Parse(sizedPlan(t, 6, 0), JSON, testOptions()); err != nil {
		t.Errorf("without a limit: %v", err)
	}
}

func TestParseMaxTasks(t *testing.T) {
	for v, want := range map[string]int{"": DefaultMaxTasks, "500": 500, " 30000 ": 30000} {
		if got, err := ParseMaxTasks(v); err != nil || got != want {
			t.Errorf("ParseMaxTasks(%q) = %d, %v; want %d", v, got, err, want)
		}
	}
	for _, v := range []string{"0", "-1", "many", "1e9"} {
		if _, err := ParseMaxTasks(v); err == nil {
			t.Errorf("ParseMaxTasks(%q) took it", v)
		}
	}
}

// A JSON document of more values than any plan needs is refused while it
// is decoded, before it is a tree of millions of nodes.
func TestJSONNodeBudget(t *testing.T) {
	data := []byte("[" + strings.Repeat("1,", maxJSONNodes) + "1]")
	_, err := Parse(data, JSON, testOptions())
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("err %v; want the plan refused for its size", err)
	}
}

// BenchmarkRefuseLargePlan measures refusing the 92,000-task plan of issue
// 19 (decoding it is the cost; nothing is scheduled).
func BenchmarkRefuseLargePlan(b *testing.B) {
	data := sizedPlan(b, 92_000, 0)
	opts := testOptions()
	opts.MaxTasks = DefaultMaxTasks
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Check(data, JSON, opts); err == nil {
			b.Fatal("took it")
		}
	}
}

// A YAML plan at the task limit is read, not refused as too many values.
func TestYAMLPlanAtTheLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: big\ntitle: big\nowner: admin\nstart: 2024-05-06\ntracks:\n  - id: t\n    title: t\n    tasks:\n")
	for i := range DefaultMaxTasks {
		fmt.Fprintf(&b, "      - {id: T%d, title: t, owner: admin, supervisor: admin, flagged: false, approvers: [admin], deadline: 2024-12-31, depends_on: [T0]}\n", i)
	}
	opts := testOptions()
	opts.MaxTasks = DefaultMaxTasks
	if _, err := Parse([]byte(b.String()), YAML, opts); err != nil && strings.Contains(err.Error(), "too many values") {
		t.Fatalf("a %d-task YAML plan: %.200v", DefaultMaxTasks, err)
	}
}
