package ledger

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/plan"
)

// A plan written as a ledger reads back as the same plan: the seed's 30
// tasks in three tracks, and the units plan with dispatch, indicators in
// parts, a timestamp deadline, no phases and assisting units.
func TestPlanSheetsRoundTrip(t *testing.T) {
	for _, name := range []string{"xmlc-2024.yaml", "units.yaml"} {
		t.Run(name, func(t *testing.T) {
			want := parseFile(t, name)
			got := readPlan(t, planWorkbook(t, want), staff)
			a, _ := want.Canonical()
			b, _ := got.Canonical()
			if diff := cmp.Diff(string(a), string(b)); diff != "" {
				t.Fatalf("the plan read back differs (-want +got):\n%s", diff)
			}
			if got.Hash() != want.Hash() {
				t.Fatal("same canonical form, different hash")
			}
		})
	}
}

// A clerk's file: a title row above the headers, headers with spaces and
// line breaks, merged 任务线 cells, blank rows, dates as serials and in
// four ways as text, full-width ids and trailing spaces, people and units
// by name, a notes column and a running number (a row with only those is
// blank too).
func TestClerkFile(t *testing.T) {
	s := newWorkbook(t).rows("活动", campaignRows()...)
	s.rows("任务",
		[]any{"破解基层治理“小马拉大车”突出问题攻坚行动任务清单"},
		[]any{"序号", " 编号 ", "任务名称", "任务\n线", "责任单位", "督办人", "挂牌督战", "完成时限（必填）", "前置任务", "审核人", "备注"},
		[]any{1, "Ｔ０１ ", "清理借调人员", "轻车", "李明", "zhao", "是", 45473, nil, "赵芳、王东", "要紧"},
		[]any{2, "T02", "权责清单评估", nil, "unit:海口市", "赵芳", "否", "2024/8/31"},
		[]any{},
		[]any{3, "T03", "优化权责清单", nil, "组织部", "zhao", "", "2024年10月31日", "T02， Ｔ０１"},
		[]any{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "只有备注的行是空行"},
		[]any{4},
		[]any{5, "T05", "配强村干部", "壮马", "chen", "zhao", "no", "2024.9.30"},
		[]any{6, "T06", "畅通渠道", "changlu", "chen", "zhao", "✓", "20241130"},
	)
	// 任务线 merged over T01..T03 (rows 3 to 6, the blank row included).
	if err := s.f.MergeCell("任务", "D3", "D6"); err != nil {
		t.Fatal(err)
	}
	// The leader of a flagged task: T01, T06.
	for ref, value := range map[string]string{"L2": "督办领导", "L3": "wang", "L10": "王东"} {
		if err := s.f.SetCellValue("任务", ref, value); err != nil {
			t.Fatal(err)
		}
	}
	p := readPlan(t, s.bytes(), staff)
	want := []string{
		"t1 轻车 T01 li zhao wang 2024-06-30 zhao+wang  flagged",
		"t1 轻车 T02 unit:hn-haikou zhao  2024-08-31 zhao  ",
		"t1 轻车 T03 unit:zuzhibu zhao  2024-10-31 zhao T02+T01 ",
		"t2 壮马 T05 chen zhao  2024-09-30 zhao  ",
		"changlu  T06 chen zhao wang 2024-11-30 zhao  flagged",
	}
	if diff := cmp.Diff(want, taskLines(p)); diff != "" {
		t.Fatalf("tasks (-want +got):\n%s", diff)
	}
	if p.Owner != "wang" {
		t.Fatalf("campaign owner %q, want wang (王东)", p.Owner)
	}
}

// Every error at once, each at its cell: the ledger's own (an unknown
// column, a bad 是/否, a bad date, a name nobody has) and the plan's (a
// duplicate id, an unknown dependency, a flagged task without a leader,
// an unknown supervisor id, a missing campaign owner).
func TestErrorsNameCells(t *testing.T) {
	s := newWorkbook(t).rows("活动", [][]any{
		{"字段", "值"},
		{"编号", "ledger-2"},
		{"名称", "错误"},
		{"日历", "weekdays"},
		{"开始日期", "2024-05-06"},
		{"颜色", "红"},
	}...)
	s.rows("任务",
		[]any{"编号", "任务名称", "任务线", "责任单位", "督办人", "挂牌督战", "完成时限", "前置任务", "优先级"},
		[]any{"T01", "one", "a", "li", "zhao", "也许", "2024-06-31"},
		[]any{"T02", "two", "a", "张三", "zhao", "否", "2024-07-31", "T09"},
		[]any{"T01", "three", "a", "li", "nobody", "是", "2024-08-31"},
	)
	res, err := Read(s.bytes(), staff)
	if err != nil {
		t.Fatal(err)
	}
	var planErrs []FieldError
	if _, err := plan.Parse(res.Plan, plan.JSON, staff.options()); err != nil {
		var ve *plan.ValidationError
		if !errors.As(err, &ve) {
			t.Fatal(err)
		}
		for _, e := range ve.Errors {
			planErrs = append(planErrs, FieldError{Field: e.Field, Message: e.Message, Zh: e.Zh})
		}
	}
	all := res.Locate(planErrs)
	want := []string{
		"活动",    // 负责人 (owner): required
		"活动!A6", // unknown key 颜色
		"任务!I1", // unknown column 优先级
		"任务!F2", // 也许
		"任务!G2", // 2024-06-31
		"任务!D3", // 张三
		"任务!H3", // unknown task T09
		"任务!A4", // flagged without a leader: the row, as the sheet has no 督办领导 column
		"任务!A4", // T01 again
		"任务!E4", // nobody
	}
	if diff := cmp.Diff(want, fields(all)); diff != "" {
		t.Fatalf("fields (-want +got):\n%s\n%v", diff, all)
	}
	for _, e := range all {
		if e.Message == "" {
			t.Fatalf("no message: %v", all)
		}
	}
	if !strings.HasPrefix(all[0].Message, "owner: ") || !strings.HasPrefix(all[0].Zh, "负责人:") ||
		!strings.Contains(all[8].Zh+all[7].Zh, "督办领导:") || !strings.Contains(all[8].Message+all[7].Message, "leader: ") {
		t.Fatalf("errors away from their field must name it: %v", all)
	}
	if !strings.Contains(all[5].Message, "张三") {
		t.Fatalf("an unknown name is the ledger's error, in its words: %v", all[5])
	}
}

// A name two people share, or a person and a unit, is refused with both
// ids; an id wins over a name.
func TestAmbiguousNames(t *testing.T) {
	dir := directory{people: map[string]string{"li": "李明", "li2": "李明", "zhao": "赵芳", "wang": "王东"}, units: map[string]string{"zhao-u": "赵芳"}}
	s := newWorkbook(t).rows("活动", campaignRows()...)
	s.rows("任务",
		[]any{"编号", "任务名称", "责任单位", "督办人"},
		[]any{"T01", "one", "李明", "zhao"},
		[]any{"T02", "two", "赵芳", "zhao"},
		[]any{"T03", "three", "li", "赵芳"},
	)
	res, err := Read(s.bytes(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"任务!C2", "任务!C3"}, fields(res.Errors)); diff != "" {
		t.Fatalf("(-want +got):\n%s\n%v", diff, res.Errors)
	}
	if !strings.Contains(res.Errors[0].Message, "li, li2") || !strings.Contains(res.Errors[1].Message, "unit:zhao-u") {
		t.Fatalf("messages must name the candidates: %v", res.Errors)
	}
}

// What is not a workbook is told apart from a locked one and from one that
// unpacks too far.
func TestNotAWorkbook(t *testing.T) {
	cases := map[string]struct {
		body []byte
		want error
	}{
		"json":      {[]byte(`{"id": "x"}`), ErrNotWorkbook},
		"empty":     {nil, ErrNotWorkbook},
		"zip":       {zipOf(t, "hello.txt", "hello"), ErrNotWorkbook},
		"xls":       {append(slices.Clone(oleHeader), make([]byte, 512)...), ErrNotWorkbook},
		"encrypted": {newWorkbook(t).rows("任务", []any{"编号"}).bytes(excelize.Options{Password: "secret"}), ErrEncrypted},
		"bomb":      {zipOf(t, "xl/worksheets/sheet1.xml", strings.Repeat(" ", MaxUnzipped+1)), ErrTooLarge},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Read(c.body, staff)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

// A Directory that fails fails the read: it is not the workbook's fault.
func TestDirectoryFailure(t *testing.T) {
	s := newWorkbook(t).rows("活动", campaignRows()...)
	s.rows("任务", []any{"编号", "任务名称", "责任单位"}, []any{"T01", "one", "李明"})
	dir := staff
	dir.fail = true
	if _, err := Read(s.bytes(), dir); err == nil || errors.Is(err, ErrNotWorkbook) {
		t.Fatalf("got %v", err)
	}
}

func TestParseDate(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	good := map[string]string{
		"45473":                     "2024-06-30",
		"45473.75":                  "2024-06-30T18:00:00+08:00",
		"2024-06-30":                "2024-06-30",
		"2024/6/30":                 "2024-06-30",
		"2024年6月30日":                "2024-06-30",
		"２０２４年６月３０日":                "2024-06-30",
		"2024.6.30 ":                "2024-06-30",
		"20240630":                  "2024-06-30",
		"2024-06-30T18:00:00+08:00": "2024-06-30T18:00:00+08:00",
	}
	for in, want := range good {
		got, err := parseDate(in, false, shanghai)
		if err != nil || got != want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if got, _ := parseDate("44011", true, shanghai); got != "2024-06-30" {
		t.Errorf("1904 serial: %q", got)
	}
	for _, bad := range []string{"2024-02-30", "2024-13-01", "明天", "-3", "6/30", "99999999"} {
		if got, err := parseDate(bad, false, shanghai); err == nil {
			t.Errorf("parseDate(%q) = %q, want an error", bad, got)
		}
	}
}

func TestSplitListAndIdents(t *testing.T) {
	got := splitList(" T01、T02，T03,T04;T05；T06 T07\u3000T08\nT09 ")
	want := []string{"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatal(diff)
	}
	if got := ident("\u3000ＡＢ１２－ｘ\u00a0"); got != "AB12-x" {
		t.Fatalf("ident: %q", got)
	}
	for _, h := range []string{" 完成\n时限 ", "完成时限（必填）", "*完成时限", "deadline", "Deadline "} {
		if c, ok := lookup(taskColumns, h); !ok || c.key != colDeadline {
			t.Errorf("header %q not read as 完成时限", h)
		}
	}
}

// A workbook written in English, sheets, keys and headers alike (with the
// case and spacing a clerk's file has), reads as the same tasks as its
// Chinese twin would.
func TestEnglishWorkbook(t *testing.T) {
	s := newWorkbook(t).rows("campaign",
		[]any{"Key", "Value"},
		[]any{"id", "ledger-en"},
		[]any{"Title", "Ledger in English"},
		[]any{"owner", "wang"},
		[]any{"timezone", "Asia/Shanghai"},
		[]any{"Calendar ", "cn"},
		[]any{"start", "2024-05-06"},
		[]any{"Deadline", "2024-12-31"},
	)
	s.rows("tasks",
		[]any{"No", "ID", "Title", "Track", "Owner", "Supervisor", "Flagged", "Leader", "Deadline", "Depends_On", "Approvers", "Notes"},
		[]any{1, "T01", "Second jobs", "Light car", "li", "zhao", "yes", "wang", "2024-06-30", nil, "zhao, wang", "first"},
		[]any{2, "T02", "Duty lists", "Light car", "chen", "zhao", "no", nil, 45535, "T01", nil},
	)
	p := readPlan(t, s.bytes(), staff)
	if p.ID != "ledger-en" || p.Title != "Ledger in English" || p.Owner != "wang" || p.Calendar.Name != "cn" {
		t.Fatalf("campaign: %s %q %s %+v", p.ID, p.Title, p.Owner, p.Calendar)
	}
	want := []string{
		"t1 Light car T01 li zhao wang 2024-06-30 zhao+wang  flagged",
		"t1 Light car T02 chen zhao  2024-08-31 zhao T01 ",
	}
	if diff := cmp.Diff(want, taskLines(p)); diff != "" {
		t.Fatalf("tasks (-want +got):\n%s", diff)
	}
}

// taskLines sums up each task of p on a line: track id and title, id,
// owner, supervisor, leader, deadline, approvers, dependencies, flagged.
func taskLines(p *plan.Plan) []string {
	var lines []string
	for _, tr := range p.Tracks {
		for _, tk := range tr.Tasks {
			lines = append(lines, strings.Join([]string{tr.ID, tr.Title, tk.ID, tk.Owner, tk.Supervisor, tk.Leader, tk.Deadline.String(),
				strings.Join(tk.Approvers, "+"), strings.Join(tk.DependsOn, "+"), map[bool]string{true: "flagged"}[tk.Flagged]}, " "))
		}
	}
	return lines
}
