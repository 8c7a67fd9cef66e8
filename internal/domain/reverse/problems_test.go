package reverse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A problem reads in Chinese as a Chinese sentence, the chain included.
func TestProblemsInChinese(t *testing.T) {
	res, err := Run(Input{Start: date(t, "2024-09-23"), Calendar: lookup(t, "cn"), Tasks: []Task{
		{ID: "T01", Track: "qingche", Deadline: date(t, "2024-10-10"), Phases: phases("制定方案", 2, "组织实施", 3)},
		{ID: "T02", Track: "zhuangma", Deadline: date(t, "2024-09-24"), Phases: phases("p", 3), DependsOn: []string{"T01"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Text().Zh)
	}
	want := []string{
		"T01:最迟开始日期 2024-09-12 比攻坚行动开始日期 2024-09-23 早 6 个工作日:T01 须在 T02 开始前完成(其最迟开始日期为 2024-09-20),后者的完成时限为 2024-09-24",
		"T02:最迟开始日期 2024-09-20 比攻坚行动开始日期 2024-09-23 早 1 个工作日(完成时限 2024-09-24,各阶段共需 3 个工作日)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}
