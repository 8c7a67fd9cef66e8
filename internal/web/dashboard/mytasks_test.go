package dashboard

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// addMyTasksCases adds to the fixture: an extension of T3 waiting for zhao;
// the unit ducha (督查室, member zhou) deciding the extension of T4, and
// owning T5 (open) and T6 (closed).
func (f *fixture) addMyTasksCases(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.UpsertUnits(ctx, []store.Unit{{ID: "ducha", Name: "督查室", Members: []string{"zhou"}, CreatedAt: testNow}}); err != nil {
		t.Fatal(err)
	}
	open := fixtureTasks()[2]
	t3 := open
	t3.Extension = &task.ExtensionView{Deadline: day(8, 15), Reason: "天气", RequestedBy: "li", Decider: "zhao"}
	t4 := open
	t4.ID, t4.Supervisor = "T4", task.UnitRef("ducha")
	t4.Extension = &task.ExtensionView{Deadline: day(8, 15), Reason: "人手不足", RequestedBy: "li", Decider: t4.Supervisor}
	t5 := open
	t5.ID, t5.Owner = "T5", task.UnitRef("ducha")
	t6 := fixtureTasks()[0]
	t6.ID, t6.Owner = "T6", task.UnitRef("ducha")
	for _, v := range []task.View{t3, t4, t5, t6} {
		v.Version++
		if err := f.db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
			t.Fatal(err)
		}
	}
}

// "My tasks" lists, for each person, the extension requests waiting for
// their decision (in person or as a member of the deciding unit) and the
// open tasks of each unit they are a member of, named by the unit.
func TestMyTasksSections(t *testing.T) {
	f := newFixture(t)
	f.addMyTasksCases(t)
	for _, tc := range []struct {
		person string
		want   map[string][]string // section id: the tasks listed
		absent []string            // sections not shown
	}{
		{"zhao", map[string][]string{"awaiting-signoff": {"T2"}, "awaiting-extension": {"T3"}}, []string{"unit-ducha"}},
		{"zhou", map[string][]string{"awaiting-signoff": nil, "awaiting-extension": {"T4"}, "unit-ducha": {"T5"}, "my-open": nil}, nil},
		{"li", map[string][]string{"awaiting-extension": nil, "my-open": {"T3", "T4"}}, []string{"unit-ducha"}},
	} {
		b := f.browser(t)
		b.signIn(tc.person)
		body := b.get("/my").Body.String()
		for id, want := range tc.want {
			if got := sectionTasks(t, body, id); !slices.Equal(got, want) {
				t.Errorf("%s's section %s lists %v, want %v", tc.person, id, got, want)
			}
		}
		for _, id := range tc.absent {
			if regexp.MustCompile(`id="` + id + `"`).MatchString(body) {
				t.Errorf("%s is shown the section %s", tc.person, id)
			}
		}
		if tc.person == "zhou" {
			mustContain(t, body, "本单位在办任务 · 督查室", "待我审批的延期申请")
		}
	}
}

// sectionTasks are the task ids listed in the section with id, failing
// the test when the page has no such section.
func sectionTasks(t *testing.T, body, id string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<section class="my" id="` + regexp.QuoteMeta(id) + `">(.*?)</section>`).FindStringSubmatch(body)
	if m == nil {
		t.Errorf("no section %s on the page", id)
		return nil
	}
	var ids []string
	for _, task := range regexp.MustCompile(`<li class="task [^"]*" data-task="([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
		ids = append(ids, task[1])
	}
	return ids
}

// The place left for "tasks I substitute for" renders whatever sections it
// is given like the others, after them.
func TestMyTasksSubstitutesPlace(t *testing.T) {
	p := &myTasksPage{page: page{L: langZH, Title: "t"}, Campaigns: map[string]campaignRef{"c1": {Title: "破解基层治理攻坚行动"}}}
	p.Sections = []taskSection{{ID: "my-open", TitleKey: "my.open", EmptyKey: "my.open.empty"}}
	p.Substitutes = []taskSection{{ID: "for-wang", TitleKey: "my.open", Name: "王东", EmptyKey: "my.open.empty", Tasks: fixtureTasks()[2:]}}
	var buf bytes.Buffer
	if err := pages["mytasks"].ExecuteTemplate(&buf, "layout", p); err != nil {
		t.Fatal(err)
	}
	body := buf.String()
	if got := sectionTasks(t, body, "for-wang"); !slices.Equal(got, []string{"T3"}) {
		t.Fatalf("the substitutes' section lists %v, want T3", got)
	}
	if bytes.Index(buf.Bytes(), []byte(`id="for-wang"`)) < bytes.Index(buf.Bytes(), []byte(`id="my-open"`)) {
		t.Error("the substitutes' section comes before the person's own")
	}
	mustContain(t, body, "我负责的在办任务 · 王东")
}

// addWindow stores a substitute window of person: substitute stands in for
// them from from until until (relative to testNow).
func (f *fixture) addWindow(t *testing.T, person, substitute string, from, until time.Duration) store.Substitution {
	t.Helper()
	w, _, err := f.db.AddSubstitution(context.Background(), store.Substitution{Person: person, Substitute: substitute,
		From: testNow.Add(from), Until: testNow.Add(until), Reason: "休假", CreatedBy: person, CreatedAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// A substitute's "my tasks" has, for each person they stand in for now, the
// sign-offs waiting for that person and that person's open tasks, titled
// with the person's name, after their own; a window not yet begun or over
// gives none.
func TestMyTasksStandingInFor(t *testing.T) {
	f := newFixture(t)
	f.addWindow(t, "zhao", "zhou", -time.Hour, 7*24*time.Hour)
	f.addWindow(t, "li", "zhou", -time.Hour, 24*time.Hour)
	f.addWindow(t, "wang", "zhou", time.Hour, 24*time.Hour)  // not yet
	f.addWindow(t, "root", "zhou", -2*time.Hour, -time.Hour) // over
	b := f.browser(t)
	b.signIn("zhou")
	body := b.get("/my").Body.String()
	for id, want := range map[string][]string{
		"awaiting-signoff": nil, "my-open": nil,
		"for-zhao-signoff": {"T2"}, "for-zhao-open": nil,
		"for-li-signoff": nil, "for-li-open": {"T3"},
	} {
		if got := sectionTasks(t, body, id); !slices.Equal(got, want) {
			t.Errorf("zhou's section %s lists %v, want %v", id, got, want)
		}
	}
	for _, id := range []string{"for-wang-signoff", "for-wang-open", "for-root-open"} {
		if strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("zhou is shown %s, out of its window", id)
		}
	}
	mustContain(t, body, "代 赵芳 审核销号", "代 李明 办理的在办任务", "没有待其审核的任务。")
	if strings.Index(body, `id="for-zhao-signoff"`) < strings.Index(body, `id="my-submitted"`) {
		t.Error("the sections stood in for come before zhou's own")
	}

	b.get("/?lang=en")
	mustContain(t, b.get("/my").Body.String(), "Standing in for 赵芳: waiting for sign-off", "Standing in for 李明: open tasks")

	// Those stood in for see nothing of it in their own lists.
	zhao := f.browser(t)
	zhao.signIn("zhao")
	if strings.Contains(zhao.get("/my").Body.String(), `id="for-`) {
		t.Error("zhao is shown sections of someone she stands in for")
	}
}
